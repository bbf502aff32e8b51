"""Handing the exam in: graded, and what a pass issues read, before the write transaction;
then the attempt closed once, under lock, with the attestation and the flag. Flush only."""

from dataclasses import dataclass
from datetime import datetime

from quizzes import Result

from .. import audit
from ..attestations.issuance import PreparedIssue, issue_for_pass, prepare_issue
from ..catalogue import courses
from ..extensions import db
from ..models import QuizAttempt, User
from ..timekeeping import utcnow
from .exam import duration_seconds, exam_result, too_fast, with_posted


@dataclass(frozen=True)
class Submission:
    """An exam about to be handed in, graded and with what a pass issues read beforehand:
    only the writes remain for the write transaction (`record_submission`)."""

    attempt_id: int
    posted: dict[str, list[str]]  # the valid answers of the form: they replace saved ones
    answers: dict[str, list[str]]  # what will be stored: the saved answers and `posted`
    graded: Result
    issue: PreparedIssue | None = None
    cleared: frozenset[str] = frozenset()  # posted blank: unanswered again


def prepare_submission(attempt: QuizAttempt, posted: dict | None = None,
                       cleared: frozenset[str] = frozenset()) -> Submission:
    """Grade what handing the attempt in (with `posted`, less `cleared`) would store, and read
    what a pass issues. Reads only: the caller may then open the write transaction."""
    posted = posted or {}
    answers = with_posted(attempt.answers, posted, cleared)
    graded = exam_result(attempt, answers)
    issue = prepare_issue(db.session.get(User, attempt.user_id)) if graded.passed else None
    return Submission(attempt.id, posted, answers, graded, issue, cleared)


def record_submission(submission: Submission) -> Result:
    """Hand in a prepared submission, in the write transaction.

    The attempt is re-read under lock: handed in meanwhile (a double click, another tab), it
    changes nothing; answers saved meanwhile are graded again with it.
    """
    attempt = locked_attempt(submission.attempt_id)
    if not attempt.is_open:
        return exam_result(attempt)
    if with_posted(attempt.answers, submission.posted, submission.cleared) != submission.answers:
        submission = prepare_submission(attempt, submission.posted, submission.cleared)
    return close_attempt(attempt, submission)


def locked_attempt(attempt_id: int) -> QuizAttempt:
    """The attempt read anew and locked until the transaction ends (whatever was loaded)."""
    return db.session.execute(
        db.select(QuizAttempt).where(QuizAttempt.id == attempt_id)
        .with_for_update().execution_options(populate_existing=True)).scalar_one()


def submit_exam(attempt: QuizAttempt) -> Result:
    """Grade the stored answers and close the attempt (a second submit changes nothing), all
    in the current transaction. `prepare_submission` and `record_submission` do the same with
    the reads before the write transaction."""
    if not attempt.is_open:
        return exam_result(attempt)
    return close_attempt(attempt, prepare_submission(attempt))


def close_attempt(attempt: QuizAttempt, submission: Submission) -> Result:
    """Store the answers and the grade of an open attempt; a pass issues the attestation.

    A pass issues the attestation and sets the flag in the same transaction. An attempt handed
    in faster than its questions can be read is recorded as such (audit), not refused.
    """
    graded = submission.graded
    if submission.posted or submission.cleared:
        attempt.answers = submission.answers
    attempt.score, attempt.passed = graded.score, graded.passed
    attempt.submitted_at = utcnow()
    if too_fast(attempt):
        audit.record("exam.fast_attempt", db.session.get(User, attempt.user_id),
                     attempt=attempt.id,
                     seconds=duration_seconds(attempt), questions=attempt.total,
                     score=graded.score, passed=graded.passed)
    if graded.passed:
        issue_for_pass(attempt, courses()[attempt.course_slug], submission.issue)
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
