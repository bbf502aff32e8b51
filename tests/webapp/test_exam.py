"""The final exam: open once every module is done, saved as one goes, graded once, limited."""

from datetime import timedelta

from werkzeug.datastructures import MultiDict

from tests.factories import make_person
from webapp.catalogue import questions
from webapp.extensions import db
from webapp.models import QuizAttempt

from .steps import COURSE, EXAM, right_values, start_exam, text
from .test_quiz import wrong_values


def all_right(attempt):
    return MultiDict([(f"q-{d['question_id']}", v) for d in attempt.drawn
                      for v in right_values(d["question_id"])])


def all_wrong(attempt):
    """Every question left blank, handed in on purpose (« Rendre ma copie quand même »)."""
    return MultiDict([(f"q-{d['question_id']}", "") for d in attempt.drawn]
                     + [("confirm", "unanswered")])


def test_exam_is_closed_until_every_module_is_done(client, auth):
    """Is the exam refused to a learner who has not completed every module?"""
    make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    assert "Il reste" in text(client.get(EXAM))
    client.post(EXAM)
    assert db.session.scalar(db.select(db.func.count(QuizAttempt.id))) == 0


def test_every_way_on_leads_to_the_exam_once_the_modules_are_done(client, ready):
    """Once every module is done, do « Reprendre » and the home page lead to the exam?"""
    resume = client.get(f"/formation/{COURSE}/resume")
    assert resume.status_code == 303 and resume.location.endswith(EXAM)
    home = text(client.get("/"))
    assert "Passer l'examen final" in home and f'href="{EXAM}"' in home


def test_draw_is_stratified_and_hides_answers(client, ready, app):
    """Are 20 questions drawn from every module, with no answer or explanation in the page?"""
    attempt = start_exam(client)
    assert attempt.total == app.config["EXAM_QUESTIONS"] == 20
    modules = {questions(COURSE)[d["question_id"]].module_slug for d in attempt.drawn}
    assert len(modules) == 5
    page = text(client.get(EXAM))
    for item in attempt.drawn:
        assert questions(COURSE)[item["question_id"]].explanation not in page
    assert "Correction" not in page


def test_answers_are_saved_as_one_goes_and_resumed(client, ready):
    """Are answers saved on each change, and shown again when the learner comes back?"""
    attempt = start_exam(client)
    # Nothing saved yet: said so, without the tick of a save.
    page = text(client.get(EXAM))
    assert "Aucune réponse enregistrée pour l'instant." in page
    assert "save-status--saved" not in page and "0 réponse" not in page
    # A question of choices (an order is shown as ranks, not as a checked option).
    first = next(item["question_id"] for item in attempt.drawn
                 if questions(COURSE)[item["question_id"]].type in ("single", "multiple"))
    second = next(item["question_id"] for item in attempt.drawn if item["question_id"] != first)
    response = client.post(f"{EXAM}/{attempt.id}/save",
                           data={f"q-{first}": right_values(first)},
                           headers={"HX-Request": "true"})
    assert "1 réponse sur 20 enregistrée." in text(response)
    assert "2 réponses sur 20 enregistrées." in text(client.post(
        f"{EXAM}/{attempt.id}/save", headers={"HX-Request": "true"},
        data={f"q-{second}": right_values(second)}))
    db.session.refresh(attempt)
    assert attempt.answers == {first: right_values(first), second: right_values(second)}
    assert start_exam(client).id == attempt.id  # a second tab continues the same attempt
    value = right_values(first)[0]
    assert f'value="{value}" checked' in text(client.get(EXAM)) or \
        f'value="{value}" selected' in text(client.get(EXAM))


def test_passing_once_and_only_once(client, ready):
    """Do right answers pass, and does a replayed submission leave one result?"""
    attempt = start_exam(client)
    url = f"{EXAM}/{attempt.id}/submit"
    assert client.post(url, data=all_right(attempt)).status_code == 303
    assert client.post(url, data=all_wrong(attempt)).status_code == 303
    db.session.refresh(attempt)
    assert attempt.passed and attempt.score == 20
    assert db.session.scalar(db.select(db.func.count(QuizAttempt.id)).filter_by(kind="exam")) == 1
    assert "Vous avez réussi l'examen final." in text(client.get(EXAM))


def test_fields_outside_the_draw_are_refused(client, ready):
    """Is a field for a question outside the draw refused (422), nothing counted?"""
    attempt = start_exam(client)
    drawn = {d["question_id"] for d in attempt.drawn}
    outside = next(q for q in questions(COURSE) if q not in drawn)
    data = all_right(attempt)
    data.add(f"q-{outside}", right_values(outside)[0])
    response = client.post(f"{EXAM}/{attempt.id}/submit", data=data)
    assert response.status_code == 422
    assert "ne fait pas partie de votre épreuve" in text(response)
    db.session.refresh(attempt)
    assert attempt.is_open and outside not in attempt.answers
    assert len(attempt.answers) == 20  # the valid answers are kept


def test_failing_shows_score_modules_to_review_and_the_wait(client, ready):
    """After failures, are the score, the modules to review and the next try time shown?"""
    for _ in range(3):
        attempt = start_exam(client)
        client.post(f"{EXAM}/{attempt.id}/submit", data=all_wrong(attempt))
    page = text(client.get(EXAM))
    assert "0 / 20" in page and "Vos résultats par module" in page and "Leçons à relire" in page
    assert "Prochaine tentative possible le" in page
    client.post(EXAM)
    assert db.session.scalar(db.select(db.func.count(QuizAttempt.id)).filter_by(kind="exam")) == 3


def test_review_can_show_the_score_only_or_everything(client, ready, app):
    """With the "score" review policy, is only the score shown; with "full", the correction?"""
    attempt = start_exam(client)
    client.post(f"{EXAM}/{attempt.id}/submit", data=all_wrong(attempt))
    app.config["EXAM_REVIEW"] = "full"
    assert "Correction" in text(client.get(EXAM))
    app.config["EXAM_REVIEW"] = "score"
    page = text(client.get(EXAM))
    assert "0 / 20" in page
    assert "Correction" not in page and "Vos résultats par module" not in page


def test_late_attempt_is_submitted_with_saved_answers(client, ready, app):
    """Past its time (with extra time), is an attempt graded from the answers saved?"""
    app.config["EXAM_TIME_LIMIT_MINUTES"] = 30
    ready.exam_time_factor = 1.5
    db.session.commit()
    attempt = start_exam(client)
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=45)
    first = attempt.drawn[0]["question_id"]
    client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": right_values(first)})
    attempt.deadline_at = attempt.started_at
    db.session.commit()
    assert "temps de l'épreuve est écoulé" in text(client.get(EXAM, follow_redirects=True))
    db.session.refresh(attempt)
    assert not attempt.is_open and attempt.score == 1


def test_another_persons_attempt_is_404(client, ready, app):
    """Can anyone else save into or submit a learner's exam?"""
    attempt = start_exam(client)
    other = app.test_client()
    make_person("autre@exemple.fr")
    other.post("/login", data={"email": "autre@exemple.fr", "password": "mot-de-passe-de-test"})
    assert other.post(f"{EXAM}/{attempt.id}/save", data=all_right(attempt)).status_code == 404
    assert other.post(f"{EXAM}/{attempt.id}/submit", data=all_right(attempt)).status_code == 404
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.answers == {}


def answers_by_module(attempt, right_in):
    """Every question answered, right for `right_in(module_slug, rank in its module)` only."""
    bank, seen, form = questions(COURSE), {}, MultiDict()
    for drawn in attempt.drawn:
        question = bank[drawn["question_id"]]
        rank = seen[question.module_slug] = seen.get(question.module_slug, -1) + 1
        right = right_in(question.module_slug, rank)
        values = right_values(question.id) if right else wrong_values(question.id)
        for value in values:
            form.add(f"q-{question.id}", value)
    return form


def test_a_fail_names_every_rule_it_missed(client, ready, app):
    """Does the result of a failed exam state the 80 % total when it was missed, the 50 % per
    module when it was, and both when both were?"""
    total = "Il faut au moins 80 % de bonnes réponses au total : vous en avez"
    each = "au moins 50 % de bonnes réponses dans chaque module. En dessous : module"
    app.config["EXAM_ATTEMPTS_PER_DAY"] = 10
    # Half of each module right: every module at 50 %, the total short.
    attempt = start_exam(client)
    client.post(f"{EXAM}/{attempt.id}/submit",
                data=answers_by_module(attempt, lambda module, rank: rank % 2 == 0))
    page = text(client.get(EXAM))
    assert "non réussie" in page and total in page and each not in page
    # The module with the fewest questions all wrong, the others right: the total reached
    # (20 questions on 5 modules: 4 wrong at most), that module short.
    attempt = start_exam(client)
    drawn = [questions(COURSE)[d["question_id"]].module_slug for d in attempt.drawn]
    fewest = min(set(drawn), key=drawn.count)
    client.post(f"{EXAM}/{attempt.id}/submit",
                data=answers_by_module(attempt, lambda module, rank: module != fewest))
    page = text(client.get(EXAM))
    assert "non réussie" in page and total not in page and f"Il faut {each}" in page
    # Everything wrong: both rules.
    attempt = start_exam(client)
    client.post(f"{EXAM}/{attempt.id}/submit", data=all_wrong(attempt))
    page = text(client.get(EXAM))
    assert f"{total} 0 %." in page and f"Il faut aussi {each}" in page
