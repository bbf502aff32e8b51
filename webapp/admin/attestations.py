"""Admin: attestations issued before the integrity rules, with the duration of their exam."""

from dataclasses import dataclass

from flask import current_app, render_template

from ..catalogue import banks
from ..extensions import db
from ..learn.operations import in_words
from ..models import Attestation, AttestationStatus, QuizAttempt
from . import bp


@dataclass(frozen=True)
class LegacyAttestation:
    """An attestation whose exam drew questions the module quizzes also showed (or none known)."""

    attestation: Attestation
    seconds: int | None  # from the start of the exam to its submission
    questions: int

    @property
    def duration(self) -> str:
        return in_words(self.seconds) if self.seconds is not None else "inconnue"

    @property
    def too_fast(self) -> bool:
        floor = current_app.config["EXAM_FAST_SECONDS_PER_QUESTION"] * self.questions
        return self.seconds is not None and self.seconds < floor


def legacy_attestations() -> list[LegacyAttestation]:
    """Attestations not superseded whose exam was drawn before the exam pool, fastest first.

    An exam drawn under the current rules holds exam-pool questions only: anything else (a
    question the quizzes show, or no attempt at all) marks an attestation of before the rules.
    """
    rows = db.session.execute(
        db.select(Attestation, QuizAttempt)
        .outerjoin(QuizAttempt, Attestation.attempt_id == QuizAttempt.id)
        .where(Attestation.status != AttestationStatus.SUPERSEDED.value)
        .order_by(Attestation.id)).all()
    pools: dict[str, set[str]] = {}
    found = []
    for attestation, attempt in rows:
        slug = attestation.course_slug
        if slug not in pools:
            pools[slug] = {q.id for bank in _banks(slug) for q in bank.exam_questions}
        drawn = [item.get("question_id") for item in attempt.drawn] if attempt else []
        if attempt is not None and drawn and all(qid in pools[slug] for qid in drawn):
            continue
        seconds = (int((attempt.submitted_at - attempt.started_at).total_seconds())
                   if attempt is not None and attempt.submitted_at else None)
        found.append(LegacyAttestation(attestation, seconds, attempt.total if attempt else 0))
    return sorted(found, key=lambda row: (row.seconds is None, row.seconds or 0))


def _banks(course_slug: str):
    try:
        return banks(course_slug).values()
    except KeyError:  # a course since removed: none of its draws is of the pool
        return ()


@bp.get("/attestations-anterieures")
def legacy():
    """Attestations issued before the integrity rules, with their exam's duration; read only."""
    return render_template("admin/legacy_attestations.html", rows=legacy_attestations())
