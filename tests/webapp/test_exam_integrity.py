"""The exam that counts: its own pool, a minimum per module, a safe review, fast attempts seen."""


import pytest
from werkzeug.datastructures import MultiDict

from directory.structures import StructureRole
from tests.factories import attach, make_organisation, make_person
from webapp.catalogue import banks, questions
from webapp.extensions import db
from webapp.models import AuditEvent, PlatformRole, QuizAttempt

from .steps import COURSE, EXAM, make_exam_ready, right_values, start_exam, text


@pytest.fixture
def ready(client, auth, clock):
    person = make_person("lea@exemple.fr")
    make_exam_ready(person, clock=clock)
    auth.login("lea@exemple.fr")
    return person




def answers(attempt, wrong_module: str | None = None) -> MultiDict:
    """Every answer right, except (blank) those of `wrong_module`'s questions."""
    pairs = []
    for item in attempt.drawn:
        question_id = item["question_id"]
        if questions(COURSE)[question_id].module_slug == wrong_module:
            pairs.append((f"q-{question_id}", ""))
        else:
            pairs += [(f"q-{question_id}", v) for v in right_values(question_id)]
    return MultiDict(pairs + [("confirm", "unanswered")] if wrong_module else pairs)


def exam_pool() -> set[str]:
    return {q.id for bank in banks(COURSE).values() for q in bank.exam_questions}


def test_the_exam_draws_from_the_pool_only(client, ready):
    """Are the exam's 20 questions all from the exam pool, 4 from each module?"""
    attempt = start_exam(client)
    drawn = [item["question_id"] for item in attempt.drawn]
    assert len(drawn) == 20 and set(drawn) <= exam_pool()
    per_module = [questions(COURSE)[qid].module_slug for qid in drawn]
    assert sorted(per_module.count(slug) for slug in set(per_module)) == [4] * 5


def test_module_quizzes_never_show_the_exam_pool(client, auth):
    """However often a learner restarts a module quiz, does it show no exam-pool question?"""
    make_person("lea@exemple.fr").modules_opened_at = db.func.now()
    db.session.commit()
    auth.login("lea@exemple.fr")
    shown = set()
    for module in banks(COURSE):
        for _ in range(3):
            quiz = f"/formation/{COURSE}/{module}/quiz"
            assert client.post(quiz).status_code == 303
            attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
                module_slug=module, submitted_at=None))
            shown |= {item["question_id"] for item in attempt.drawn}
            for item in attempt.drawn:  # answer everything to close it, and see the feedback
                page = client.post(f"{quiz}/{attempt.id}/{item['question_id']}",
                                   data={f"q-{item['question_id']}": "faux"},
                                   headers={"HX-Request": "true"})
                assert page.status_code in (200, 422)
            attempt.submitted_at = attempt.submitted_at or attempt.started_at
            db.session.commit()
    assert shown and not shown & exam_pool()


def test_the_rules_are_stated_before_the_exam(client, ready):
    """Does the start page state the overall mark and the per-module minimum?"""
    page = text(client.get(EXAM))
    assert "au moins 80 % de bonnes réponses au total" in page
    assert "au moins 50 % de bonnes réponses aux questions de chaque module" in page


def test_a_module_below_its_minimum_fails_the_exam(client, ready, clock):
    """With 16/20 (80 %) but none right in one module, is the exam failed, the module named?"""
    attempt = start_exam(client)
    module = questions(COURSE)[attempt.drawn[0]["question_id"]].module_slug
    clock.advance(minutes=10)
    client.post(f"{EXAM}/{attempt.id}/submit", data=answers(attempt, wrong_module=module))
    db.session.refresh(attempt)
    assert attempt.score == 16 and attempt.passed is False
    page = text(client.get(EXAM))
    assert "16 / 20 (80 %) — non réussie" in page
    assert "(sous le minimum)" in page and "En dessous : module 1" in page
    assert ready.elearning_flag is None


def test_a_failed_review_shows_lessons_never_the_key(client, ready, clock):
    """After a failure, does the review name the lessons to reread, with no right answer?"""
    attempt = start_exam(client)
    clock.advance(minutes=10)
    client.post(f"{EXAM}/{attempt.id}/submit", data={"confirm": "unanswered"})  # none answered
    page = text(client.get(EXAM))
    assert "Vos résultats par module" in page and "Leçons à relire" in page
    for item in attempt.drawn:
        question = questions(COURSE)[item["question_id"]]
        assert question.explanation not in page
        assert f"/formation/{COURSE}/{question.lesson_key}" in page  # the lesson, linked
    assert "La bonne réponse" not in page and "Correction" not in page


def test_after_a_pass_right_or_wrong_without_the_key(client, ready, clock):
    """After a pass, is each question marked right or wrong, with no key nor explanation?"""
    attempt = start_exam(client)
    clock.advance(minutes=10)
    client.post(f"{EXAM}/{attempt.id}/submit", data=answers(attempt))
    page = text(client.get(EXAM))
    assert "20 / 20" in page and "Question par question" in page
    assert page.count("Votre réponse : <strong>juste</strong>") == 20
    assert not any(questions(COURSE)[item["question_id"]].explanation in page
                   for item in attempt.drawn)


def fast_events():
    return db.session.scalars(db.select(AuditEvent).filter_by(action="exam.fast_attempt")).all()


def test_a_fast_attempt_is_recorded_and_shown_to_the_grades(client, auth, ready, clock):
    """Is an exam handed in under 5 s a question recorded (not refused) and shown to GRADeS?"""
    attempt = start_exam(client)
    clock.advance(99)  # 20 questions: under 100 s
    client.post(f"{EXAM}/{attempt.id}/submit", data=answers(attempt))
    db.session.refresh(attempt)
    assert attempt.passed  # recorded, not refused
    [event] = fast_events()
    assert event.target_id == ready.id and event.details["seconds"] == 99
    organisation = make_organisation(region_code="84")
    attach(ready, organisation)
    make_person("grades@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    rl = make_person("rl@exemple.fr")
    attach(rl, organisation, StructureRole.LEGAL_REP)
    person_page = f"/structures/{organisation.id}/personnes/{ready.id}"
    auth.logout()
    auth.login("grades@exemple.fr")
    assert "20 questions en 99 s" in text(client.get(person_page))
    auth.logout()
    auth.login("rl@exemple.fr")
    page = text(client.get(person_page))
    assert "Lea" in page or "lea@exemple.fr" in page
    assert "20 questions en 99 s" not in page  # the GRADeS judges, not the structure


def test_a_plausible_attempt_is_not_flagged(client, ready, clock):
    """Is an exam handed in at 5 s a question or more left unflagged?"""
    attempt = start_exam(client)
    clock.advance(100)
    client.post(f"{EXAM}/{attempt.id}/submit", data=answers(attempt))
    assert fast_events() == []
