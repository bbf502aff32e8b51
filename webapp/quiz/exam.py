"""The final exam: who may start it, drawing it, saving answers (handing it in: `submission`).
Flush only."""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from courses.model import Course
from quizzes import TYPES, Result, draw, parse_submission
from quizzes.grading import FIELD_PREFIX

from ..catalogue import banks, questions
from ..extensions import db
from ..models import Attestation, AttestationStatus, AuditEvent, QuizAttempt, User
from ..practice.operations import practice_missing
from ..timekeeping import utcnow
from .operations import drawn_questions, result

EXAM = "exam"
WINDOW = timedelta(hours=24)


class ExamRefused(ValueError):
    """The exam cannot be started now; the message says why, in French."""


@dataclass(frozen=True)
class ExamStatus:
    """Where a person stands with the exam: what they may do, and when."""

    modules_missing: tuple[str, ...]
    attempts_today: int
    attempts_allowed: int
    next_attempt_at: datetime | None
    open_attempt: QuizAttempt | None
    last_attempt: QuizAttempt | None
    passed: bool
    # Practice cases still to finish when the deployment requires some (PRACTICE_CASES_REQUIRED).
    practice_missing: int = 0

    @property
    def may_start(self) -> bool:
        return (not self.modules_missing and not self.passed and self.open_attempt is None
                and self.attempts_today < self.attempts_allowed and not self.practice_missing)


def attempts(person: User, course: Course):
    """A SELECT of the person's exam attempts at this course, newest first."""
    return (db.select(QuizAttempt)
            .filter_by(user_id=person.id, course_slug=course.slug, kind=EXAM)
            .order_by(QuizAttempt.id.desc()))


def exam_status(person: User, course: Course, progress, now: datetime | None = None):
    """The person's exam status from their attempts and course progress."""
    now = now or utcnow()
    history = db.session.scalars(attempts(person, course)).all()
    # A pass whose attestation was revoked no longer counts: the person may sit the exam again.
    revoked = set(db.session.scalars(
        db.select(Attestation.attempt_id).filter_by(user_id=person.id, course_slug=course.slug,
                                                    status=AttestationStatus.REVOKED.value)))
    recent = [a for a in history if a.started_at > now - WINDOW]
    allowed = current_app.config["EXAM_ATTEMPTS_PER_DAY"]
    next_at = min(a.started_at for a in recent) + WINDOW if len(recent) >= allowed else None
    return ExamStatus(
        modules_missing=tuple(m.module.title for m in progress.modules if not m.completed),
        attempts_today=len(recent), attempts_allowed=allowed, next_attempt_at=next_at,
        open_attempt=next((a for a in history if a.is_open), None),
        last_attempt=next((a for a in history if not a.is_open), None),
        passed=any(a.passed and a.id not in revoked for a in history),
        practice_missing=practice_missing(person),
    )


def start_exam(person: User, course: Course, status: ExamStatus) -> QuizAttempt:
    """Draw a new exam (or return the one in progress: two tabs continue the same attempt)."""
    if status.open_attempt is not None:
        return status.open_attempt
    if status.passed:
        raise ExamRefused("Vous avez déjà réussi l'examen final.")
    if status.modules_missing:
        raise ExamRefused("Terminez d'abord tous les modules : "
                          + ", ".join(status.modules_missing) + ".")
    if status.practice_missing:
        raise ExamRefused(f"Terminez d'abord {status.practice_missing} cas d'entraînement.")
    if not status.may_start:
        raise ExamRefused("Vous avez utilisé vos tentatives des dernières 24 heures.")
    config = current_app.config
    # The exam pool only: no module quiz ever shows these questions.
    pools = {slug: bank.exam_questions for slug, bank in banks(course.slug).items()}
    drawn = draw(pools, config["EXAM_QUESTIONS"], config["EXAM_MODULE_WEIGHTS"],
                 random.SystemRandom())
    now = utcnow()
    minutes = config["EXAM_TIME_LIMIT_MINUTES"]
    attempt = QuizAttempt(
        user_id=person.id, kind=EXAM, course_slug=course.slug, module_slug=None,
        drawn=[d.to_json() for d in drawn], answers={}, total=len(drawn), started_at=now,
        deadline_at=now + timedelta(minutes=minutes * person.exam_time_factor)
        if minutes else None,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def posted_answers(attempt: QuizAttempt, form
                   ) -> tuple[dict[str, list[str]], frozenset[str], dict[str, str]]:
    """What a posted form says, nothing stored: the valid answers in their type's own form (an
    order as ids in order, whatever fields posted it), the questions posted blank (every box
    unticked: unanswered again), and the refused ones' errors."""
    bank = questions(attempt.course_slug)
    responses, errors = parse_submission(drawn_questions(attempt),
                                         {k: form.getlist(k) for k in form}, bank)
    cleared = frozenset(name[len(FIELD_PREFIX):] for name in form
                        if name.startswith(FIELD_PREFIX) and name not in errors
                        and not any(form.getlist(name)))
    posted = {qid: TYPES[bank[qid].type].values(response) for qid, response in responses.items()}
    return posted, cleared, errors


def with_posted(saved: dict, posted: dict, cleared: frozenset[str] = frozenset()) -> dict:
    """The saved answers, less those cleared, with the posted ones replacing theirs (a new dict,
    so that the JSON column sees the change)."""
    return {**{qid: values for qid, values in saved.items() if qid not in cleared}, **posted}


def save_answers(attempt: QuizAttempt, form) -> dict[str, str]:
    """Keep the valid answers posted (they replace earlier ones); the refused ones' errors."""
    posted, cleared, errors = posted_answers(attempt, form)
    attempt.answers = with_posted(attempt.answers, posted, cleared)
    return errors


def unanswered(attempt: QuizAttempt, answers: dict | None = None) -> list[tuple[int, str]]:
    """The questions of the attempt without an answer (saved, or `answers` about to be):
    (number shown, question id)."""
    answers = attempt.answers if answers is None else answers
    return [(number, drawn.question_id)
            for number, drawn in enumerate(drawn_questions(attempt), start=1)
            if drawn.question_id not in answers]


def exam_result(attempt: QuizAttempt, answers: dict | None = None) -> Result:
    """An exam attempt graded with this deployment's pass mark and per-module minimum (on
    `answers` about to be stored, when given)."""
    config = current_app.config
    return result(attempt, config["EXAM_PASS_MARK"], config["EXAM_MODULE_MINIMUM"], answers)


def elapsed_seconds(started_at: datetime, ended_at: datetime) -> int:
    """Whole seconds from the start of an attempt to `ended_at`."""
    return int((ended_at - started_at).total_seconds())


def duration_seconds(attempt: QuizAttempt) -> int | None:
    """Seconds from the start of an attempt to its submission (None while open)."""
    if attempt.submitted_at is None:
        return None
    return elapsed_seconds(attempt.started_at, attempt.submitted_at)


def too_fast(attempt: QuizAttempt) -> bool:
    """Whether a submitted attempt took less than a plausible reading of its questions."""
    seconds = duration_seconds(attempt)
    return seconds is not None and hurried(seconds, attempt.total)


def hurried(seconds: int, questions: int) -> bool:
    """Whether `seconds` are less than a plausible reading of so many questions."""
    return seconds < current_app.config["EXAM_FAST_SECONDS_PER_QUESTION"] * questions


def fast_attempts(person: User) -> list[AuditEvent]:
    """The person's exam attempts recorded as faster than a reading, newest first."""
    return db.session.scalars(
        db.select(AuditEvent).filter_by(action="exam.fast_attempt", target_type="User",
                                        target_id=person.id)
        .order_by(AuditEvent.id.desc())).all()
