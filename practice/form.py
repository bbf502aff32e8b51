"""The simulated registration form: the portal's four steps, and the choice made before them.

The fields are those of `directory.journey` (seed 003's table and its « Informations légales »
screen); this module only says how each one is typed in the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from directory.roles import ROLES

__all__ = ["DECISIONS", "FORM_STEPS", "FormField", "FormStep", "step_by_number"]

# Before the steps: create a record, modify one (the RPPS number is needed), or register nobody.
DECISION_STEP = 0
DECISIONS: dict[str, str] = {
    "enregistrer": "Créer un nouvel enregistrement",
    "modifier": "Modifier un enregistrement existant (« Modifier un enregistrement »)",
    "ne_pas_enregistrer": "Ne pas enregistrer cette personne",
}


@dataclass(frozen=True)
class FormField:
    """A field of the simulated form: its key, label, how it is typed and compared."""

    key: str
    label: str
    # text, date, email, phone, finess, rpps, choice or confirmation
    kind: str = "text"
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    unique_to_one_user: bool = False


@dataclass(frozen=True)
class FormStep:
    """A screen of the simulated form."""

    number: int
    title: str
    fields: tuple[FormField, ...]


# How each field of seed 003's table is typed here (its label is the table's own).
_TYPING: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "Civilité": ("civilite", "choice", (("Madame", "Madame"), ("Monsieur", "Monsieur"))),
    "Sexe": ("sexe", "choice", (("Féminin", "Féminin"), ("Masculin", "Masculin"))),
    "Nom de naissance": ("nom_naissance", "text", ()),
    "Nom d'usage": ("nom_usage", "text", ()),
    "Prénoms": ("prenoms", "text", ()),
    "Date de naissance": ("date_naissance", "date", ()),
    "Pays de naissance": ("pays_naissance", "text", ()),
    "Commune de naissance": ("commune_naissance", "text", ()),
    "Mail": ("mail", "email", ()),
    "Téléphone mobile": ("telephone_mobile", "phone", ()),
    "Nom d'exercice": ("nom_exercice", "text", ()),
    "Prénom d'exercice": ("prenom_exercice", "text", ()),
    "Établissement (EG)": ("etablissement", "finess", ()),
    "Date de prise de fonction": ("date_prise_fonction", "date", ()),
    "Profession": ("profession", "text", ()),
    "Rôle RPPS+": ("role", "choice", tuple((r.code.value, f"{r.label} ({r.code.value})")
                                            for r in ROLES)),
    "Mode d'exercice": ("mode_exercice", "choice", (("Salarié", "Salarié"),
                                                    ("Libéral", "Libéral"))),
}

_CONFIRMATION_KEYS = ("confirmation_informations", "confirmation_rencontre")


def _portal_steps() -> tuple[FormStep, ...]:
    steps = []
    for step in REGISTRATION_STEPS:
        fields = []
        for field in step.fields:
            key, kind, choices = _TYPING[field.label]
            fields.append(FormField(key, field.label, kind, field.hint, choices,
                                    field.unique_to_one_user))
        steps.append(FormStep(step.number, step.title, tuple(fields)))
    steps.append(FormStep(4, "Informations légales", tuple(
        FormField(key, text, "confirmation")
        for key, text in zip(_CONFIRMATION_KEYS, LEGAL_CONFIRMATIONS, strict=True))))
    return tuple(steps)


FORM_STEPS: tuple[FormStep, ...] = (
    FormStep(DECISION_STEP, "Avant de commencer", (
        FormField("demarche", "La démarche : que faites-vous ?", "choice",
                  choices=tuple(DECISIONS.items())),
        FormField("rpps", "Numéro RPPS (pour modifier un enregistrement)", "rpps",
                  "11 chiffres, à retrouver dans l'Annuaire Santé"),
    )),
    *_portal_steps(),
)

FIELDS: dict[str, FormField] = {f.key: f for step in FORM_STEPS for f in step.fields}
STEP_OF_FIELD: dict[str, int] = {f.key: step.number for step in FORM_STEPS for f in step.fields}


def step_by_number(number: int) -> FormStep:
    """The step with this number (0 = the choice before the four steps); KeyError if none."""
    for step in FORM_STEPS:
        if step.number == number:
            return step
    raise KeyError(number)
