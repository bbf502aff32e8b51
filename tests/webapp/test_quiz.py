"""Module quizzes: one question at a time, immediate feedback, graded on the server only."""

import re
from html import unescape

import pytest

from tests.factories import make_person
from webapp.catalogue import courses, questions
from webapp.extensions import db
from webapp.models import LessonProgress, QuizAttempt

from .steps import read_module, right_values

COURSE = "devenir-gestionnaire"
MODULE = "01-comprendre-le-rpps"
QUIZ = f"/formation/{COURSE}/{MODULE}/quiz"


@pytest.fixture
def learner(client, auth):
    person = make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    return person


def start(client):
    assert client.post(QUIZ).status_code == 303
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(submitted_at=None))
    return attempt, [item["question_id"] for item in attempt.drawn]


def wrong_values(question_id):
    """A well-formed answer that is wrong (another option, or another order)."""
    question = questions(COURSE)[question_id]
    right = right_values(question_id)
    if question.type == "true_false":
        return ["faux" if right == ["vrai"] else "vrai"]
    if question.type in ("single", "multiple"):
        return [next(o.id for o in question.options if o.id not in right)]
    return list(reversed(right)) if question.type == "ordering" else \
        [f"{pair.split(':')[0]}:{right[(i + 1) % len(right)].split(':')[1]}"
         for i, pair in enumerate(right)]


def post_answer(client, attempt, question_id, values, **kwargs):
    return client.post(f"{QUIZ}/{attempt.id}/{question_id}", data={f"q-{question_id}": values},
                       **kwargs)


def test_answers_never_reach_the_page_before_answering(client, learner):
    """Does the quiz page hold no explanation, and no hint of the right option, unanswered?"""
    attempt, ids = start(client)
    page = unescape(client.get(QUIZ).get_data(as_text=True))
    for question_id in ids:
        question = questions(COURSE)[question_id]
        assert question.explanation not in page
        assert "Bonne réponse" not in page and "La bonne réponse" not in page
    assert not re.search(r"correct|answer|right", page.split("<main")[1].split("</main>")[0],
                         re.IGNORECASE)


def test_right_answers_pass_and_open_the_next_module(client, learner):
    """Do right answers, given one by one, pass the quiz and (lessons read) open module 2?"""
    course = courses()[COURSE]
    read_module(client, MODULE)
    attempt, ids = start(client)
    for question_id in ids:
        response = post_answer(client, attempt, question_id, right_values(question_id),
                               headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "Bonne réponse." in unescape(response.get_data(as_text=True))
    assert "Quiz réussi" in unescape(response.get_data(as_text=True))  # out-of-band result
    db.session.refresh(attempt)
    assert attempt.passed and attempt.score == attempt.total == len(ids)
    second = course.modules[1].lessons[0]
    assert client.get(f"/formation/{COURSE}/{second.module_slug}/{second.slug}").status_code == 200


def test_reading_alone_does_not_open_the_next_module(client, learner):
    """With every lesson read but no quiz passed, is module 2 still closed, resume at the quiz?"""
    course = courses()[COURSE]
    read_module(client, MODULE)
    second = course.modules[1].lessons[0]
    assert client.get(f"/formation/{COURSE}/{second.module_slug}/{second.slug}").status_code == 403
    assert client.get(f"/formation/{COURSE}/resume").headers["Location"] == QUIZ


def test_wrong_answers_fail_show_the_answer_and_allow_retry(client, learner):
    """Does a wrong answer show the right one and its explanation, and a failed quiz restart?"""
    attempt, ids = start(client)
    first = post_answer(client, attempt, ids[0], wrong_values(ids[0]),
                        headers={"HX-Request": "true"})
    page = unescape(first.get_data(as_text=True))
    assert "Ce n'est pas la bonne réponse." in page
    assert questions(COURSE)[ids[0]].explanation in page
    for question_id in ids[1:]:
        post_answer(client, attempt, question_id, wrong_values(question_id))
    db.session.refresh(attempt)
    assert attempt.passed is False and attempt.score == 0
    assert "Quiz à retenter" in unescape(client.get(QUIZ).get_data(as_text=True))
    again, _ = start(client)
    assert again.id != attempt.id


def test_the_first_answer_counts(client, learner):
    """Does answering the same question twice (double click, replay) keep the first answer?"""
    attempt, ids = start(client)
    post_answer(client, attempt, ids[0], wrong_values(ids[0]))
    post_answer(client, attempt, ids[0], right_values(ids[0]))
    db.session.refresh(attempt)
    assert attempt.answers == {ids[0]: wrong_values(ids[0])}


def test_bad_answers_are_refused_and_nothing_is_stored(client, learner):
    """Are unknown option ids and empty answers refused (422, French), nothing stored?"""
    attempt, ids = start(client)
    for values in (["pas-une-option"], []):
        response = post_answer(client, attempt, ids[0], values, headers={"HX-Request": "true"})
        assert response.status_code == 422
        assert "réponse" in unescape(response.get_data(as_text=True)).lower()
    db.session.refresh(attempt)
    assert attempt.answers == {}


def test_questions_outside_the_draw_and_others_attempts_are_404(client, learner, app):
    """Is a question not in the draw, or another person's attempt, a 404 that writes nothing?"""
    attempt, ids = start(client)
    outside = next(q for q in questions(COURSE) if q not in ids)
    assert post_answer(client, attempt, outside, right_values(outside)).status_code == 404
    other = app.test_client()
    make_person("autre@exemple.fr")
    other.post("/login", data={"email": "autre@exemple.fr", "password": "mot-de-passe-de-test"})
    assert post_answer(other, attempt, ids[0], right_values(ids[0])).status_code == 404
    db.session.refresh(attempt)
    assert attempt.answers == {}


def test_one_open_attempt_at_a_time(client, learner):
    """Does starting twice (two tabs) continue the same attempt?"""
    first, _ = start(client)
    client.post(QUIZ)
    assert db.session.scalar(db.select(db.func.count(QuizAttempt.id))) == 1
    assert first.submitted_at is None
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 0


def answer_all(client, attempt, ids, values_of, **kwargs):
    """Answer every question of `attempt` with `values_of(question_id)`; the last response."""
    for question_id in ids:
        response = post_answer(client, attempt, question_id, values_of(question_id), **kwargs)
    return response


def history_rows(html: str) -> list[str]:
    """The scores listed under « Vos tentatives », newest first."""
    history = html.split('id="attempt-history"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<td>(\d+ / \d+)</td>", history)


def test_the_last_answer_brings_the_result_and_the_attempt_in_the_history(client, learner):
    """After a quiz's last answer, does the response put the result where the empty result
    stood (HX-Retarget), marked to take the focus, with the history listing the attempt just
    made, the one before it too, as a reload would?"""
    attempt, ids = start(client)
    answer_all(client, attempt, ids, wrong_values)
    second, ids = start(client)
    html = unescape(client.get(QUIZ).get_data(as_text=True))
    assert history_rows(html) == [f"0 / {len(ids)}"]
    # Two wrong answers, the last one included: the page was not reloaded since the start.
    answer_all(client, second, ids[:-2], right_values, headers={"HX-Request": "true"})
    answer_all(client, second, ids[-2:-1], wrong_values, headers={"HX-Request": "true"})
    response = post_answer(client, second, ids[-1], wrong_values(ids[-1]),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#quiz-result"
    html = unescape(response.get_data(as_text=True))
    result = html.split('<section id="quiz-result"', 1)[1].split("</section>", 1)[0]
    assert f"Quiz à retenter : {len(ids) - 2} / {len(ids)}" in result
    assert "data-focus-after-swap" in result
    # The question answered and the history come out of band, nothing else takes the focus.
    assert f'id="question-{ids[-1]}"' in html and html.count("data-focus-after-swap") == 1
    expected = [f"{len(ids) - 2} / {len(ids)}", f"0 / {len(ids)}"]
    assert history_rows(html) == expected
    assert history_rows(unescape(client.get(QUIZ).get_data(as_text=True))) == expected


def test_the_first_attempt_has_a_place_for_its_history(client, learner):
    """Does a first attempt's page hold the empty place its history will be swapped into, and
    does an answer without JavaScript lead to the result once the quiz is over?"""
    attempt, ids = start(client)
    assert '<div id="attempt-history"></div>' in client.get(QUIZ).get_data(as_text=True)
    response = answer_all(client, attempt, ids, right_values)
    assert response.status_code == 303 and response.location.endswith("#quiz-result")
