"""Practice attempts: starting, keeping entries between steps, finishing. Flush only."""

from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from practice import Case, attempt_results, load_cases
from practice.checks import WRONG

from ..extensions import db
from ..models import PracticeAttempt, User
from ..timekeeping import utcnow


def case_or_404(key: str) -> Case:
    """The practice case, or 404."""
    case = load_cases().get(key)
    if case is None:
        abort(404)
    return case


def attempt_or_404(attempt_id: int) -> tuple[PracticeAttempt, Case]:
    """The signed-in person's own attempt and its case; 404 for anyone else's."""
    attempt = db.session.get(PracticeAttempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt, case_or_404(attempt.case_key)


def start_attempt(person: User, case: Case, again: bool = False) -> PracticeAttempt:
    """The person's open attempt at this case, or a new one; `again` empties the open one.

    One open attempt per case at most: clicking « Recommencer » twice adds no row.
    """
    open_attempt = db.session.scalar(
        db.select(PracticeAttempt).filter_by(user_id=person.id, case_key=case.key,
                                             finished_at=None)
        .order_by(PracticeAttempt.id.desc()))
    if open_attempt is not None:
        if again:
            open_attempt.entries, open_attempt.started_at = {}, utcnow()
        return open_attempt
    attempt = PracticeAttempt(user_id=person.id, case_key=case.key, entries={})
    db.session.add(attempt)
    db.session.flush()
    return attempt


def keep_entries(attempt: PracticeAttempt, entries: dict[str, str], check=None) -> None:
    """Add a step's entries to the attempt (a new dict: JSON columns track reassignment);
    with the step's `check`, remember the step as checked and the fields it found wrong."""
    kept = dict(attempt.entries or {}) | entries
    if check is not None:
        kept["_checked"] = sorted(set(kept.get("_checked", [])) | {check.number})
        kept["_missed"] = sorted(set(kept.get("_missed", []))
                                 | {verdict.field.key for verdict in check.mistakes})
    attempt.entries = kept


def checked_steps(attempt: PracticeAttempt) -> set[int]:
    """The steps the learner has had checked so far."""
    return set((attempt.entries or {}).get("_checked", []))


def finish_attempt(attempt: PracticeAttempt, case: Case) -> None:
    """Keep only the result (which fields were right); the typed entries are dropped."""
    entries = attempt.entries or {}
    results = attempt_results(case, entries, set(entries.get("_missed", [])))
    attempt.results = results
    attempt.fields_checked = len(results)
    attempt.fields_right = sum(result != WRONG for result in results.values())
    attempt.finished_at = utcnow()
    attempt.entries = None


def finished_attempts(person: User) -> list[PracticeAttempt]:
    """The person's finished attempts, newest first."""
    return db.session.scalars(
        db.select(PracticeAttempt).filter_by(user_id=person.id)
        .where(PracticeAttempt.finished_at.is_not(None))
        .order_by(PracticeAttempt.finished_at.desc(), PracticeAttempt.id.desc())).all()


def cases_done(person: User) -> set[str]:
    """The keys of the cases the person has finished at least once."""
    return set(db.session.scalars(
        db.select(PracticeAttempt.case_key).filter_by(user_id=person.id)
        .where(PracticeAttempt.finished_at.is_not(None))).all())


def practice_missing(person: User) -> int:
    """How many more cases the person must finish before the final exam (0 by default)."""
    required = current_app.config.get("PRACTICE_CASES_REQUIRED", 0)
    return max(0, required - len(cases_done(person))) if required else 0
