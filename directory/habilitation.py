"""The rule of the habilitation « Gestionnaire RPPS+ »: the e-learning first, save for the RL."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TrainingState", "missing_before_habilitation", "habilitation_refusal"]


@dataclass(frozen=True)
class TrainingState:
    """Where a person stands with the e-learning, as far as the habilitation cares."""

    modules_done: int
    modules_total: int
    has_flag: bool  # a valid attestation: « e-learning réalisé »
    is_legal_rep: bool = False  # RL of the scope: the CDE card carries the right


def missing_before_habilitation(state: TrainingState) -> list[str]:
    """What the person still lacks before the habilitation may be granted (French)."""
    if state.is_legal_rep or state.has_flag:
        return []
    missing = []
    if state.modules_done < state.modules_total:
        missing.append(f"modules terminés : {state.modules_done} sur {state.modules_total}")
    missing.append("examen final à réussir")
    return missing


def habilitation_refusal(name: str, state: TrainingState) -> str | None:
    """Why the habilitation cannot be granted to `name` now, in French; None if it can."""
    missing = missing_before_habilitation(state)
    if not missing:
        return None
    return (f"Habilitation impossible : {name} n'a pas encore réussi l'e-learning obligatoire "
            f"({' ; '.join(missing)}). Elle pourra être accordée dès l'attestation obtenue.")
