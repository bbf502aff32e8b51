"""Where one person of the roster stands: the facts the RL decides on, and their badges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from directory.habilitation import (
    REVIEW_NOTICE,
    HabilitationStatus,
    TrainingState,
    TrainingStatus,
    habilitation_refusal,
    habilitation_status,
    missing_before_habilitation,
    training_status,
)
from directory.structures import StructureRole

from ..models import Attestation, Departure, Habilitation, User
from ..models.attestations import AttestationStatus


@dataclass(frozen=True)
class Attachment:
    """An attachment as the roster shows it: where, in which role, and whether it still holds."""

    role: str
    scope_label: str  # the EG's name, or the EJ's when attached to the EJ itself
    is_active: bool
    finess: str = ""  # the EG's FINESS géographique, or the EJ's FINESS juridique

    @property
    def structure_role(self) -> StructureRole:
        return StructureRole(self.role)


@dataclass
class RosterRow:
    """One person of the roster, with everything the RL needs to decide."""

    person: User
    attachments: list[Attachment] = field(default_factory=list)
    modules_done: int = 0
    modules_total: int = 0
    last_activity: datetime | None = None
    exam_attempts: int = 0
    best_score: int | None = None
    exam_total: int | None = None
    attestation: Attestation | None = None
    has_flag: bool = False
    habilitation: Habilitation | None = None
    departure: Departure | None = None
    reminded_at: datetime | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.modules_done / self.modules_total) if self.modules_total else 0

    @property
    def is_legal_rep(self) -> bool:
        return any(m.role == StructureRole.LEGAL_REP.value and m.is_active
                   for m in self.attachments)

    @property
    def has_left(self) -> bool:
        return not any(m.is_active for m in self.attachments)

    @property
    def training_state(self) -> TrainingState:
        revoked = (self.attestation is not None
                   and self.attestation.state is AttestationStatus.REVOKED)
        return TrainingState(self.modules_done, self.modules_total, self.has_flag,
                             self.is_legal_rep, started=self.last_activity is not None,
                             revoked=revoked)

    @property
    def training(self) -> TrainingStatus:
        return training_status(self.training_state)

    @property
    def standing(self) -> HabilitationStatus:
        """The habilitation's badge: habilitated, to record, to review, to withdraw…"""
        habilitation = self.habilitation
        return habilitation_status(
            self.training_state, habilitated=habilitation is not None,
            attestation_revoked=habilitation is not None
            and habilitation.attestation_revoked_at is not None,
            leaving=self.departure is not None)

    @property
    def to_review(self) -> bool:
        return self.standing is HabilitationStatus.TO_REVIEW

    @property
    def missing(self) -> list[str]:
        if self.standing is HabilitationStatus.TO_REVIEW:
            return [REVIEW_NOTICE]
        if self.habilitation is not None:
            return []
        return missing_before_habilitation(self.training_state)

    @property
    def refusal(self) -> str | None:
        """Why the habilitation cannot be recorded now (the button says it), or None."""
        return habilitation_refusal(self.person.full_name, self.training_state)

    @property
    def needs_action(self) -> bool:
        return self.standing not in (HabilitationStatus.HABILITATED,
                                     HabilitationStatus.NOT_NEEDED)

    @property
    def next_action(self) -> str:
        """What the RL does next about this person, in a few words."""
        standing, training = self.standing, self.training
        if standing is HabilitationStatus.TO_REVIEW:
            return "Revoir l'habilitation"
        if standing is HabilitationStatus.TO_WITHDRAW:
            return "Retirer l'habilitation au départ"
        if standing is HabilitationStatus.TO_RECORD:
            return "Enregistrer l'habilitation"
        if standing in (HabilitationStatus.HABILITATED, HabilitationStatus.NOT_NEEDED):
            return "Rien à faire"
        if training is TrainingStatus.NOT_STARTED:
            return "Relancer"
        if training is TrainingStatus.REVOKED:
            return "Repasser l'examen final"
        return f"Suivre sa progression ({self.percent} %)"

    @property
    def establishments(self) -> list[str]:
        return sorted({m.scope_label for m in self.attachments})

    @property
    def finess(self) -> list[str]:
        return sorted({m.finess for m in self.attachments})

    @property
    def roles(self) -> list[str]:
        return sorted({m.structure_role.label for m in self.attachments})
