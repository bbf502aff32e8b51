"""A structure's to-do list: the six steps from contract to turn-over, item by item.

Some items only the RL can know (a card ordered on paper): they tick them. The others are
computed from what the platform records (people attached, flags, habilitations). Each item
says where it is done: one of our pages (`page`, a name the web layer turns into a link) and
the national forms or portals of `resources.yaml` (`resources`, their keys).
"""

from __future__ import annotations

from dataclasses import dataclass

from .journey import SIX_STEPS, JourneyStep

__all__ = ["CHECKLIST", "PAGES", "ChecklistItem", "item", "steps_with_items"]


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to have done, under one of the six steps."""

    key: str
    step: int
    label: str
    ticked: bool  # True: the RL ticks it; False: the platform computes it
    page: str | None = None  # where on our platform: see `PAGES`
    resources: tuple[str, ...] = ()  # keys of directory/resources.yaml


# Our pages an item may send to, with the words of the link.
PAGES = {
    "invitations": "Inviter des gestionnaires",
    "not_started": "Voir les personnes qui n'ont pas commencé",
    "to_record": "Voir les personnes formées sans habilitation",
    "people": "Les fiches des personnes (pour enregistrer un départ)",
    "collection_sheet": "La fiche de recueil à remplir avec chaque professionnel (PDF)",
}


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("contract_mode", 1, "Mode de contractualisation choisi", ticked=False,
                  resources=("portail-rpps-plus-ans",)),
    ChecklistItem("cde_card", 1, "Carte CDE du représentant légal commandée (formulaire F101)",
                  ticked=True, resources=("formulaire-f101",)),
    ChecklistItem("gestionnaires_designated", 2, "Gestionnaires désignés", ticked=False,
                  page="invitations"),
    ChecklistItem("gestionnaire_cards", 2,
                  "Cartes des gestionnaires commandées (formulaire F301 ou TOM)", ticked=True,
                  resources=("formulaire-f301-tom",)),
    ChecklistItem("elearning_done", 3, "E-learning réussi par chaque gestionnaire", ticked=False,
                  page="not_started"),
    ChecklistItem("habilitations_granted", 4,
                  "Habilitation « Gestionnaire RPPS+ » accordée à chaque gestionnaire formé",
                  ticked=False, page="to_record", resources=("mes-habilitations",)),
    ChecklistItem("first_registrations", 5, "Premiers professionnels enregistrés dans le RPPS+",
                  ticked=True, page="collection_sheet",
                  resources=("plateforme-enregistrement", "annuaire-sante")),
    ChecklistItem("turnover_known", 6,
                  "Procédure de départ connue (rattachement et habilitation à supprimer)",
                  ticked=True, page="people",
                  resources=("plateforme-enregistrement", "mes-habilitations")),
)

_BY_KEY = {entry.key: entry for entry in CHECKLIST}


def item(key: str) -> ChecklistItem | None:
    """The item with this key, or None (a tampered form)."""
    return _BY_KEY.get(key)


def steps_with_items() -> list[tuple[JourneyStep, list[ChecklistItem]]]:
    """The six steps in order, each with its items."""
    return [(step, [entry for entry in CHECKLIST if entry.step == step.number])
            for step in SIX_STEPS]
