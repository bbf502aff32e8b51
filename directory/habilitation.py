"""The rule of the habilitation « Gestionnaire RPPS+ »: the e-learning first, save for the RL.

Also where a person stands, as the RL's roster, to-do list and the region's funnel count it:
one rule, so that a habilitation resting on a revoked attestation is never counted as in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["HabilitationStatus", "REVIEW_NOTICE", "TrainingState", "TrainingStatus",
           "counts_as_habilitated", "grant_refusal", "habilitation_refusal",
           "habilitation_status",
           "missing_before_habilitation", "training_status"]

REVIEW_NOTICE = "attestation révoquée : habilitation à revoir"


@dataclass(frozen=True)
class TrainingState:
    """Where a person stands with the e-learning, as far as the habilitation cares."""

    modules_done: int
    modules_total: int
    has_flag: bool  # a valid attestation: « e-learning réalisé »
    is_legal_rep: bool = False  # RL of the scope: the CDE card carries the right
    started: bool = False  # read a lesson or began a quiz
    revoked: bool = False  # their latest attestation was revoked (not replaced)


class TrainingStatus(StrEnum):
    """The e-learning, as a badge: label and icon say it, never colour alone."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    TRAINED = "trained"
    REVOKED = "revoked"

    @property
    def label(self) -> str:
        return {"not_started": "Pas commencé", "in_progress": "En cours",
                "trained": "Formé(e)", "revoked": "Attestation révoquée"}[self.value]

    @property
    def icon(self) -> str:
        return {"not_started": "○", "in_progress": "◐", "trained": "✓",
                "revoked": "⚠"}[self.value]

    @property
    def tone(self) -> str:
        return {"not_started": "neutral", "in_progress": "info", "trained": "ok",
                "revoked": "alert"}[self.value]


class HabilitationStatus(StrEnum):
    """The habilitation on the scope, as a badge, with what the RL should do about it."""

    HABILITATED = "habilitated"
    TO_RECORD = "to_record"  # trained, no habilitation yet
    TO_REVIEW = "to_review"  # in force on paper, but its attestation was revoked
    TO_WITHDRAW = "to_withdraw"  # the person is leaving
    NOT_YET = "not_yet"  # the e-learning comes first
    NOT_NEEDED = "not_needed"  # the RL: the CDE card carries the right

    @property
    def label(self) -> str:
        return {"habilitated": "Habilité(e)", "to_record": "À enregistrer",
                "to_review": "À revoir", "to_withdraw": "À retirer",
                "not_yet": "Pas encore", "not_needed": "Carte CDE"}[self.value]

    @property
    def icon(self) -> str:
        return {"habilitated": "✓", "to_record": "➜", "to_review": "⚠", "to_withdraw": "⚠",
                "not_yet": "○", "not_needed": "✓"}[self.value]

    @property
    def tone(self) -> str:
        return {"habilitated": "ok", "to_record": "todo", "to_review": "alert",
                "to_withdraw": "alert", "not_yet": "neutral", "not_needed": "ok"}[self.value]


def counts_as_habilitated(withdrawn: bool, attestation_revoked: bool) -> bool:
    """Whether a recorded habilitation counts as in force: not withdrawn, and its attestation
    not revoked (that one is counted apart, « à revoir »). The SQL twin is
    `webapp.models.habilitations.in_force`."""
    return not withdrawn and not attestation_revoked


def training_status(state: TrainingState) -> TrainingStatus:
    """Not started, in progress, trained, or trained once but the attestation was revoked."""
    if state.has_flag:
        return TrainingStatus.TRAINED
    if state.revoked:
        return TrainingStatus.REVOKED
    return TrainingStatus.IN_PROGRESS if state.started else TrainingStatus.NOT_STARTED


def habilitation_status(state: TrainingState, habilitated: bool, attestation_revoked: bool,
                        leaving: bool = False) -> HabilitationStatus:
    """What stands, and what to do, about the habilitation of one person on one scope."""
    if habilitated and leaving:
        return HabilitationStatus.TO_WITHDRAW
    if habilitated and not counts_as_habilitated(False, attestation_revoked):
        return HabilitationStatus.TO_REVIEW
    if habilitated:
        return HabilitationStatus.HABILITATED
    if state.is_legal_rep:
        return HabilitationStatus.NOT_NEEDED
    if state.has_flag:
        return HabilitationStatus.TO_RECORD
    return HabilitationStatus.NOT_YET


def missing_before_habilitation(state: TrainingState) -> list[str]:
    """What the person still lacks before the habilitation may be granted (French)."""
    if state.is_legal_rep or state.has_flag:
        return []
    missing = []
    if state.modules_done < state.modules_total:
        missing.append(f"modules terminés : {state.modules_done} sur {state.modules_total}")
    missing.append("nouvel examen final à réussir (attestation révoquée)" if state.revoked
                   else "examen final à réussir")
    return missing


def habilitation_refusal(name: str, state: TrainingState) -> str | None:
    """Why the habilitation cannot be granted to `name` now, in French; None if it can."""
    missing = missing_before_habilitation(state)
    if not missing:
        return None
    return (f"Habilitation impossible : {name} n'a pas encore réussi l'e-learning obligatoire "
            f"({' ; '.join(missing)}). Elle pourra être accordée dès l'attestation obtenue.")


def grant_refusal(name: str, state: TrainingState, scope: str, recorded: bool = False,
                  recorded_revoked: bool = False) -> str | None:
    """Why the habilitation of `name` on `scope` cannot be recorded now, in French; None if it
    can. `recorded`: one is recorded there already; `recorded_revoked`: and its attestation was
    revoked since, so that it no longer counts (« à revoir »).

    A habilitation to review is not one in force: the reason given is the revoked attestation,
    never « déjà habilité(e) ». Once a new attestation is obtained, a new habilitation may be
    recorded in its place."""
    if recorded and not recorded_revoked:
        return f"{name} est déjà habilité(e) sur {scope}."
    refusal = habilitation_refusal(name, state)
    if refusal is None or not recorded_revoked:
        return refusal
    return (f"Habilitation impossible : l'attestation de {name} a été révoquée, son "
            f"habilitation sur {scope} ne compte plus. Une habilitation ne pourra être "
            "enregistrée qu'après un nouvel examen final réussi, qui donnera une nouvelle "
            "attestation. D'ici là, retirez "
            "l'habilitation restée enregistrée, ici et dans « Mes Habilitations ».")
