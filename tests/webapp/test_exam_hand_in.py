"""Handing the exam in: a confirmation for unanswered questions, ordering answered by rank,
and saves that say plainly when the session or its token is gone (the page keeps the rest)."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from quizzes import TYPES
from tests.conftest import IsolatedClient, app_config
from tests.factories import PASSWORD, make_person
from webapp import create_app
from webapp.catalogue import questions
from webapp.extensions import db
from webapp.models import QuizAttempt

from .steps import COURSE, EXAM, make_exam_ready, right_values, start_exam, text

HTMX = {"HX-Request": "true"}





def forget_session(client):
    """Drop the browser's session cookie, as clearing cookies (or a lost session) does."""
    app = client.application
    client.delete_cookie(app.config["SESSION_COOKIE_NAME"], domain=app.config["SERVER_NAME"])


def ranked(question_id, order):
    """The rank fields of an ordering question, one `<id>:<rank>` per item, in `order`."""
    return [f"{item}:{rank}" for rank, item in enumerate(order, start=1)]


def test_unanswered_questions_ask_for_confirmation_and_use_no_attempt(client, ready):
    """Is a hand-in with unanswered questions shown back (422) with them listed, nothing graded,
    until the person confirms?"""
    attempt = start_exam(client)
    first, second = (d["question_id"] for d in attempt.drawn[:2])
    data = MultiDict([(f"q-{first}", v) for v in right_values(first)])
    response = client.post(f"{EXAM}/{attempt.id}/submit", data=data)
    assert response.status_code == 422
    page = text(response)
    assert "19 questions sans réponse" in page
    assert f'<a href="#question-{second}">Question 2</a>' in page
    assert f'href="#question-{first}">Question 1<' not in page  # answered: not listed
    assert "Rendre ma copie quand même" in page
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.score is None  # not graded
    assert attempt.answers == {first: right_values(first)}  # but saved

    confirmed = client.post(f"{EXAM}/{attempt.id}/submit",
                            data=MultiDict([*data.items(multi=True),
                                            ("confirm", "unanswered")]))
    assert confirmed.status_code == 303
    db.session.refresh(attempt)
    assert not attempt.is_open and attempt.score == 1


def test_the_exam_forms_addresses_asked_again_lead_to_the_exam(client, ready):
    """A reload or a bookmark of the address a hand-in was sent to (after the question about
    unanswered ones): the exam's page, the attempt untouched, not « Action impossible »."""
    attempt = start_exam(client)
    for action in ("submit", "save"):
        response = client.get(f"{EXAM}/{attempt.id}/{action}")
        assert response.status_code == 303
        assert response.headers["Location"].endswith(EXAM)
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.score is None


def test_a_complete_hand_in_needs_no_confirmation(client, ready):
    """Is an exam with every question answered graded at once?"""
    attempt = start_exam(client)
    data = MultiDict([(f"q-{d['question_id']}", v) for d in attempt.drawn
                      for v in right_values(d["question_id"])])
    assert client.post(f"{EXAM}/{attempt.id}/submit", data=data).status_code == 303
    db.session.refresh(attempt)
    assert attempt.passed


def test_unticking_every_box_makes_a_question_unanswered_again(client, ready):
    """Does a question posted blank (its blank field alone) lose its saved answer?"""
    attempt = start_exam(client)
    first = attempt.drawn[0]["question_id"]
    client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": right_values(first)},
                headers=HTMX)
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": ""}, headers=HTMX)
    assert "Aucune réponse enregistrée pour l'instant." in text(response)
    db.session.refresh(attempt)
    assert attempt.answers == {}


def ordering_attempt(client):
    """An exam attempt whose first question is an ordering one (the draw edited to have it)."""
    attempt = start_exam(client)
    ordering = next(q for q in questions(COURSE).values() if q.type == "ordering")
    others = [d for d in attempt.drawn if d["question_id"] != ordering.id]
    reversed_order = [o.id for o in reversed(ordering.options)]
    attempt.drawn = [{"question_id": ordering.id, "option_order": reversed_order,
                      "left_order": [], "right_order": []}, *others[:attempt.total - 1]]
    db.session.commit()
    return attempt, ordering


def test_ordering_is_answered_by_ranks_and_shown_in_that_order(client, ready):
    """Is an order posted as ranks (no JavaScript) saved as the ids in order, shown back in
    that order with its ranks, and graded right?"""
    attempt, question = ordering_attempt(client)
    right = [o.id for o in question.options]
    # Before any answer: the items as drawn (never the right order), no rank chosen.
    fresh = text(client.get(EXAM)).split(f'id="question-{question.id}"')[1].split("</section>")[0]
    assert re.findall(r'data-ordering-item="([^"]+)"', fresh) == right[::-1]
    assert " selected" not in fresh
    # Ranks posted in the drawn (reversed) order of the items, as the form lays them out.
    values = [f"{item}:{right.index(item) + 1}" for item in reversed(right)]
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{question.id}": values},
                           headers=HTMX)
    assert response.status_code == 200 and "1 réponse sur 20 enregistrée." in text(response)
    db.session.refresh(attempt)
    assert attempt.answers == {question.id: right}

    page = text(client.get(EXAM))
    section = page.split(f'id="question-{question.id}"')[1].split("</section>")[0]
    shown = re.findall(r'data-ordering-item="([^"]+)"', section)
    assert shown == right  # in the saved order, not the drawn one
    for rank, item in enumerate(right, start=1):
        assert f'value="{item}:{rank}" selected' in section
    assert "Position" not in section and "Question 1 sur 20</span> <span class=" in section

    data = MultiDict([(f"q-{d['question_id']}", v) for d in attempt.drawn[1:]
                      for v in right_values(d["question_id"])])
    data.setlist(f"q-{question.id}", ranked(question.id, right))
    client.post(f"{EXAM}/{attempt.id}/submit", data=data)
    db.session.refresh(attempt)
    assert attempt.score == 20


@pytest.mark.parametrize("values", [
    ["a:1"],  # not every item
    "twice",  # two items at the same rank
])
def test_incomplete_or_clashing_ranks_are_refused(client, ready, values):
    """Are ranks that leave an item out, or give two items one rank, refused with a reason?"""
    attempt, question = ordering_attempt(client)
    ids = [o.id for o in question.options]
    posted = [f"{ids[0]}:1", *[f"{item}:1" for item in ids[1:]]] if values == "twice" else [
        f"{ids[0]}:1"]
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{question.id}": posted},
                           headers=HTMX)
    assert response.status_code == 422
    db.session.refresh(attempt)
    assert attempt.answers == {}
    assert TYPES["ordering"].hint in text(client.post(
        f"{EXAM}/{attempt.id}/submit", data={f"q-{question.id}": posted}))


def test_a_save_without_a_session_says_so_instead_of_leaving(client, ready):
    """Does an exam save after the session ended answer 401 with words the page shows, rather
    than a redirection to the login page that would take the page (and its answers) away?"""
    attempt = start_exam(client)
    forget_session(client)
    first = attempt.drawn[0]["question_id"]
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": right_values(first)},
                           headers=HTMX)
    assert response.status_code == 401
    assert "HX-Redirect" not in response.headers
    assert "Votre session a expiré" in text(response)
    assert 'data-save-state="lost"' in text(response)
    token = client.get("/formation/jeton")
    assert token.status_code == 401 and token.json["signed_in"] is False
    # Any other page still leads to the login page.
    assert client.get(EXAM).status_code in (302, 303)


def test_the_token_endpoint_gives_the_sessions_token(client, ready):
    """Does a signed-in page get its session's CSRF token from /formation/jeton?"""
    response = client.get("/formation/jeton")
    assert response.status_code == 200 and response.json["signed_in"] is True
    assert response.json["csrf_token"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.fixture
def csrf_app(database_url):
    app = create_app(app_config(database_url, WTF_CSRF_ENABLED=True))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app


def test_a_stale_token_is_refused_and_a_fresh_one_saves(csrf_app):
    """After signing in again (a new session, a new token), is a save with the page's old
    token refused (400, nothing saved), and does the token from /formation/jeton save?"""
    make_exam_ready(make_person("lea@exemple.fr"))
    client = csrf_app.test_client()

    def sign_in():
        page = client.get("/login").get_data(as_text=True)
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        assert client.post("/login", data={"email": "lea@exemple.fr", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 303
        return client.get("/formation/jeton").json["csrf_token"]

    old = sign_in()
    assert client.post(EXAM, data={"csrf_token": old}).status_code == 303
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam"))
    first = attempt.drawn[0]["question_id"]
    forget_session(client)  # the session is lost…
    new = sign_in()  # …and the person signs in again in another tab
    assert new != old
    save = f"{EXAM}/{attempt.id}/save"
    data = {f"q-{first}": right_values(first), "csrf_token": old}
    refused = client.post(save, data=data, headers=HTMX)
    assert refused.status_code == 400
    db.session.refresh(attempt)
    assert attempt.answers == {}
    data["csrf_token"] = new
    assert client.post(save, data=data, headers=HTMX).status_code == 200
    db.session.refresh(attempt)
    assert attempt.answers == {first: right_values(first)}


def test_a_save_after_the_idle_timeout_says_so(client, ready, app, monkeypatch):
    """After the idle timeout (the cookie still there, its CSRF secret valid), does a save
    answer 401 with the message, never a redirection, and nothing saved?"""
    import time

    from webapp.auth import sessions

    attempt = start_exam(client)
    later = time.time() + app.config["SESSION_IDLE_TIMEOUT"].total_seconds() + 60
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    first = attempt.drawn[0]["question_id"]
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": right_values(first)},
                           headers=HTMX)
    assert response.status_code == 401 and "HX-Redirect" not in response.headers
    assert "Votre session a expiré" in text(response)
    db.session.refresh(attempt)
    assert attempt.answers == {}


def test_without_javascript_the_save_button_comes_back_to_the_exam(client, ready):
    """Does « Enregistrer mes réponses » (a plain form post) save and come back to the exam,
    and a refused answer show the exam again (422) with the answers kept?"""
    attempt = start_exam(client)
    first, second = (d["question_id"] for d in attempt.drawn[:2])
    response = client.post(f"{EXAM}/{attempt.id}/save", data={f"q-{first}": right_values(first)})
    assert response.status_code == 303 and response.location.endswith(EXAM)
    assert "Vos réponses sont enregistrées (1 sur 20)." in text(client.get(EXAM))
    refused = client.post(f"{EXAM}/{attempt.id}/save",
                          data={f"q-{first}": right_values(first), f"q-{second}": "inconnue"})
    assert refused.status_code == 422 and "Réponse non valable" in text(refused)
    db.session.refresh(attempt)
    assert list(attempt.answers) == [first]
