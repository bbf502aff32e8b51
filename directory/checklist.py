"""A structure's to-do list: the six steps from contract to turn-over, item by item.

Some items only the RL can know (a card ordered on paper): they tick them. The others are
computed from what the platform records (people attached, flags, habilitations).
"""

from __future__ import annotations

from dataclasses import dataclass

from .journey import SIX_STEPS, JourneyStep

__all__ = ["CHECKLIST", "ChecklistItem", "item", "steps_with_items"]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to have done, under one of the six steps."""

    key: str
    step: int
    label: str
    ticked: bool  # True: the RL ticks it; False: the platform computes it


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("contract_mode", 1, "Mode de contractualisation choisi", ticked=False),
    ChecklistItem("cde_card", 1, "Carte CDE du représentant légal commandée (formulaire F101)",
                  ticked=True),
    ChecklistItem("gestionnaires_designated", 2, "Gestionnaires désignés", ticked=False),
    ChecklistItem("gestionnaire_cards", 2,
                  "Cartes des gestionnaires commandées (formulaire F301 ou TOM)", ticked=True),
    ChecklistItem("elearning_done", 3, "E-learning réussi par chaque gestionnaire", ticked=False),
    ChecklistItem("habilitations_granted", 4,
                  "Habilitation « Gestionnaire RPPS+ » accordée à chaque gestionnaire formé",
                  ticked=False),
    ChecklistItem("first_registrations", 5, "Premiers professionnels enregistrés dans le RPPS+",
                  ticked=True),
    ChecklistItem("turnover_known", 6,
                  "Procédure de départ connue (rattachement et habilitation à supprimer)",
                  ticked=True),
)

_BY_KEY = {entry.key: entry for entry in CHECKLIST}


def item(key: str) -> ChecklistItem | None:
    """The item with this key, or None (a tampered form)."""
    return _BY_KEY.get(key)


def steps_with_items() -> list[tuple[JourneyStep, list[ChecklistItem]]]:
    """The six steps in order, each with its items."""
    return [(step, [entry for entry in CHECKLIST if entry.step == step.number])
            for step in SIX_STEPS]
