"""Handing the exam in: graded, and what a pass issues read and rendered, before the write
transaction; then the attempt closed once, under lock, with the attestation and the flag, in a
few Core statements. Flush only."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, select

from quizzes import Result

from .. import audit
from ..attestations.passing import Holder, PreparedIssue, prepare_issue, record_issue
from ..catalogue import courses
from ..database import expire_loaded
from ..extensions import db
from ..models import QuizAttempt, User
from ..timekeeping import utcnow
from .exam import elapsed_seconds, exam_result, hurried, with_posted

ATTEMPTS = QuizAttempt.__table__


@dataclass(frozen=True)
class Submission:
    """An exam about to be handed in, graded and with what a pass issues prepared beforehand:
    only the writes remain for the write transaction (`record_submission`)."""

    attempt_id: int
    posted: dict[str, list[str]]  # the valid answers of the form: they replace saved ones
    answers: dict[str, list[str]]  # what will be stored: the saved answers and `posted`
    graded: Result
    learner: Holder
    started_at: datetime
    questions: int
    issue: PreparedIssue | None = None
    cleared: frozenset[str] = frozenset()  # posted blank: unanswered again


def prepare_submission(attempt: QuizAttempt, posted: dict | None = None,
                       cleared: frozenset[str] = frozenset()) -> Submission:
    """Grade what handing the attempt in (with `posted`, less `cleared`) would store, and
    prepare what a pass issues. Reads only: the caller may then open the write transaction."""
    posted = posted or {}
    answers = with_posted(attempt.answers, posted, cleared)
    graded = exam_result(attempt, answers)
    learner = Holder.of(db.session.get(User, attempt.user_id))
    issue = prepare_issue(learner, courses()[attempt.course_slug], graded.score,
                          attempt.total) if graded.passed else None
    return Submission(attempt.id, posted, answers, graded, learner, attempt.started_at,
                      attempt.total, issue, cleared)


@cache
def state_query():
    """A SELECT of what may have changed in an attempt since it was read, locked until the
    transaction ends. Built once per process."""
    return select(ATTEMPTS.c.submitted_at, ATTEMPTS.c.answers).where(
        ATTEMPTS.c.id == bindparam("attempt_id")).with_for_update()


@cache
def closing_statement():
    """The UPDATE that hands an attempt in (its columns given with the values)."""
    return ATTEMPTS.update().where(ATTEMPTS.c.id == bindparam("attempt_id"))


def record_submission(submission: Submission) -> Result:
    """Hand in a prepared submission, in the write transaction.

    The attempt is re-read under lock: handed in meanwhile (a double click, another tab), it
    changes nothing; answers saved meanwhile are graded again with it.
    """
    state = db.session.execute(state_query(), {"attempt_id": submission.attempt_id}).one()
    changed = with_posted(state.answers, submission.posted, submission.cleared)
    if state.submitted_at is not None or changed != submission.answers:
        attempt = locked_attempt(submission.attempt_id)
        if not attempt.is_open:
            return exam_result(attempt)
        submission = prepare_submission(attempt, submission.posted, submission.cleared)
    return close_attempt(submission)


def locked_attempt(attempt_id: int) -> QuizAttempt:
    """The attempt read anew and locked until the transaction ends (whatever was loaded)."""
    return db.session.execute(
        db.select(QuizAttempt).where(QuizAttempt.id == attempt_id)
        .with_for_update().execution_options(populate_existing=True)).scalar_one()


def submit_exam(attempt: QuizAttempt) -> Result:
    """Grade the stored answers and close the attempt (a second submit changes nothing), all
    in the current transaction."""
    if not attempt.is_open:
        return exam_result(attempt)
    return record_submission(prepare_submission(attempt))


def close_attempt(submission: Submission) -> Result:
    """Store the answers and the grade of an open attempt; a pass issues the attestation.

    A pass issues the attestation and sets the flag in the same transaction. An attempt handed
    in faster than its questions can be read is recorded as such (audit), not refused.
    """
    graded, now = submission.graded, utcnow()
    db.session.execute(closing_statement(), {
        "attempt_id": submission.attempt_id, "answers": submission.answers,
        "score": graded.score, "passed": graded.passed, "submitted_at": now})
    expire_loaded(QuizAttempt, submission.attempt_id)
    seconds = elapsed_seconds(submission.started_at, now)
    if hurried(seconds, submission.questions):
        actor = audit.current_actor()
        learner = submission.learner
        audit.write_event("exam.fast_attempt", "User", learner.id, learner.email,
                          actor_id=actor.id if actor else None,
                          attempt=submission.attempt_id, seconds=seconds,
                          questions=submission.questions, score=graded.score,
                          passed=graded.passed)
    if graded.passed:
        record_issue(submission.issue, submission.attempt_id, now)
    return graded


def is_late(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    """Whether an open timed attempt is past its deadline (it is handed in as saved)."""
    return bool(attempt.is_open and attempt.deadline_at
                and (now or utcnow()) >= attempt.deadline_at)


def submit_if_late(attempt: QuizAttempt, now: datetime | None = None) -> bool:
    """Submit a timed attempt past its deadline with what was saved; whether it was."""
    if is_late(attempt, now):
        submit_exam(attempt)
        return True
    return False
