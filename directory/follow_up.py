"""Which structures a GRADeS team chases, and which first: the gaps between a structure's
gestionnaires and a working RPPS+ set-up.

A gestionnaire stands in one of four training states; « revoked » is a state of its own (an
attestation was revoked and none is valid): such a person is not trained, and a habilitation
granted on the revoked attestation is « à revoir ». A replaced attestation (identity
correction) is not a revoked one: its holder keeps a valid attestation and stays trained.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

__all__ = ["Gap", "Staffing", "gaps_of", "people_concerned", "urgency"]


class Gap(Enum):
    """A gap, most urgent first (the order of the members is the order of urgency)."""

    # A habilitation stands on a revoked attestation: someone may act without the training.
    HABILITATION_TO_REVIEW = "habilitation_to_review"
    # Nobody can be habilitated: the structure cannot register anybody in RPPS+.
    NOBODY_TRAINED = "nobody_trained"
    # One step from done: the RL only has to record the habilitation.
    TRAINED_NOT_HABILITATED = "trained_not_habilitated"
    # Working, but some designated gestionnaires still have to pass the e-learning.
    FEWER_TRAINED = "fewer_trained"

    @property
    def rank(self) -> int:
        return list(Gap).index(self)

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def pressing(self) -> bool:
        """The structure cannot work as it is (or works on a revoked attestation)."""
        return self in (Gap.HABILITATION_TO_REVIEW, Gap.NOBODY_TRAINED)


_LABELS = {
    Gap.HABILITATION_TO_REVIEW: "Habilitation à revoir (attestation révoquée)",
    Gap.NOBODY_TRAINED: "Aucun gestionnaire formé",
    Gap.TRAINED_NOT_HABILITATED: "Formé(s) mais pas habilité(s)",
    Gap.FEWER_TRAINED: "Moins de formés que de désignés",
}


@dataclass(frozen=True)
class Staffing:
    """A structure's gestionnaires, counted by state (people, not attachments)."""

    designated: int  # gestionnaires attached now
    trained: int  # of them, holding a valid attestation (« e-learning réalisé »)
    trained_not_habilitated: int  # trained, with no habilitation in force here
    revoked_habilitated: int  # attestation revoked, none valid, habilitation still in force
    last_activity: datetime | None = None  # the latest thing its people did here


def gaps_of(staffing: Staffing) -> tuple[Gap, ...]:
    """The structure's gaps, most urgent first (none: nothing to chase)."""
    found = []
    if staffing.revoked_habilitated:
        found.append(Gap.HABILITATION_TO_REVIEW)
    if not staffing.trained:
        found.append(Gap.NOBODY_TRAINED)
    else:
        if staffing.trained_not_habilitated:
            found.append(Gap.TRAINED_NOT_HABILITATED)
        if staffing.trained < staffing.designated:
            found.append(Gap.FEWER_TRAINED)
    return tuple(found)


def people_concerned(staffing: Staffing, gap: Gap) -> int:
    """How many people the gap holds back (at least 1: a structure without any gestionnaire
    is held back as a whole)."""
    return max(1, {
        Gap.HABILITATION_TO_REVIEW: staffing.revoked_habilitated,
        Gap.NOBODY_TRAINED: staffing.designated,
        Gap.TRAINED_NOT_HABILITATED: staffing.trained_not_habilitated,
        Gap.FEWER_TRAINED: staffing.designated - staffing.trained,
    }[gap])


def urgency(staffing: Staffing) -> tuple:
    """Sort key, most urgent first: the gravest gap; then the most people it holds back; then
    the longest silent (no activity at all first); structures without gap last."""
    found = gaps_of(staffing)
    if not found:
        return (len(Gap), 0, 0, 0.0)
    first = found[0]
    silent = staffing.last_activity is None
    since = 0.0 if silent else staffing.last_activity.timestamp()
    return (first.rank, -people_concerned(staffing, first), 0 if silent else 1, since)
