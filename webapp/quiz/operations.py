"""Module quizzes: start an attempt, answer one question at a time, grade. Flush only."""

import random
from functools import cache

from flask import abort
from flask_login import current_user
from sqlalchemy import bindparam

from quizzes import DrawnQuestion, Result, grade, module_quiz, parse_answer

from ..catalogue import banks, questions
from ..extensions import db
from ..models import QuizAttempt, User
from ..timekeeping import utcnow

PASS_MARK = 0.8


@cache
def own_attempt_query():
    """A SELECT of one attempt of a kind, if it is the person's, locked for the transaction.
    Built once: every answer, save and submission reads an attempt."""
    return db.select(QuizAttempt).where(
        QuizAttempt.id == bindparam("attempt_id"), QuizAttempt.user_id == bindparam("person_id"),
        QuizAttempt.kind == bindparam("kind")).with_for_update()


def attempt_or_404(attempt_id: int, kind: str) -> QuizAttempt:
    """One of the signed-in person's own attempts, locked for this request; else 404."""
    attempt = db.session.scalar(own_attempt_query(), {
        "attempt_id": attempt_id, "person_id": current_user.id, "kind": kind})
    if attempt is None:
        abort(404)
    return attempt


def lock_person(person: User) -> None:
    """Serialise this person's attempt starts (two tabs at once) until the transaction ends.

    SQLite already does, as every write request begins IMMEDIATE; PostgreSQL needs the lock.
    """
    db.session.execute(db.select(User.id).where(User.id == person.id).with_for_update())


def open_attempt(person: User, course_slug: str, module_slug: str) -> QuizAttempt | None:
    """The person's attempt in progress at this module's quiz, if any."""
    return db.session.scalar(
        db.select(QuizAttempt).filter_by(user_id=person.id, course_slug=course_slug,
                                         kind="module", module_slug=module_slug,
                                         submitted_at=None)
    )


def start_module_quiz(person: User, course_slug: str, module_slug: str) -> QuizAttempt:
    """Draw a new quiz for the module, or continue the one in progress (one open at a time)."""
    lock_person(person)
    attempt = open_attempt(person, course_slug, module_slug)
    if attempt is None:
        drawn = module_quiz(banks(course_slug)[module_slug], rng=random.SystemRandom())
        attempt = QuizAttempt(user_id=person.id, course_slug=course_slug,
                              module_slug=module_slug, drawn=[d.to_json() for d in drawn],
                              answers={}, total=len(drawn))
        db.session.add(attempt)
        db.session.flush()
    return attempt


def drawn_questions(attempt: QuizAttempt) -> list[DrawnQuestion]:
    """The questions of the attempt, as they were shown."""
    return [DrawnQuestion.from_json(item) for item in attempt.drawn]


def answer(attempt: QuizAttempt, question_id: str, values: list[str]) -> str | None:
    """Record the answer to one question (the first one counts); a French error if invalid."""
    if question_id in attempt.answers:
        return None  # a second click or a replay: the first answer stands
    response, error = parse_answer(questions(attempt.course_slug)[question_id], values)
    if error or response is None:
        return error or "Choisissez une réponse avant de valider."
    # A new dict, so that the JSON column sees the change.
    attempt.answers = {**attempt.answers, question_id: [v for v in values if v]}
    if len(attempt.answers) == attempt.total:
        submit(attempt)
    return None


def result(attempt: QuizAttempt, pass_mark: float = PASS_MARK,
           module_minimum: float = 0.0, answers: dict | None = None) -> Result:
    """The attempt graded from the stored answers (or `answers`, about to be stored) and the
    banks, never from the browser."""
    bank = questions(attempt.course_slug)
    responses = {}
    for question_id, values in (attempt.answers if answers is None else answers).items():
        response, _ = parse_answer(bank[question_id], values)
        if response is not None:
            responses[question_id] = response
    return grade(drawn_questions(attempt), responses, bank, pass_mark, module_minimum)


def submit(attempt: QuizAttempt) -> None:
    """Close the attempt with its score; passing completes the module's quiz."""
    graded = result(attempt)
    attempt.score, attempt.passed, attempt.submitted_at = graded.score, graded.passed, utcnow()
