"""The path from contract to turn-over, and what registering a professional asks and brings."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AFTER_REGISTRATION",
    "LEGAL_CONFIRMATIONS",
    "REGISTRATION_STEPS",
    "SIX_STEPS",
    "AfterRegistration",
    "JourneyStep",
    "RegistrationField",
    "RegistrationStep",
]


@dataclass(frozen=True)
class JourneyStep:
    """One of the six steps of seed 003's « Le Ségur en un coup d'œil »."""

    number: int
    title: str
    description: str


# Seed 003's « Le Ségur en un coup d'œil », in the course's own words. The seed numbers the
# turn-over "5" a second time: it is the sixth step.
SIX_STEPS: tuple[JourneyStep, ...] = (
    JourneyStep(
        1,
        "Contractualiser",
        "La structure passe contrat avec l'ANS, au niveau de l'EJ ou de chaque EG, et commande "
        "la carte CDE de son représentant légal avec le formulaire F101.",
    ),
    JourneyStep(
        2,
        "Commander les cartes des gestionnaires",
        "Elle choisit ses gestionnaires parmi son personnel et leur commande une carte, avec le "
        "formulaire F301 ou via TOM, ainsi qu'un lecteur.",
    ),
    JourneyStep(
        3,
        "Former le gestionnaire sur sa mission",
        "Avant son premier enregistrement, chaque gestionnaire suit l'e-learning de l'ANS, "
        "obligatoire pour être habilité.",
    ),
    JourneyStep(
        4,
        "Attribuer une habilitation à mes gestionnaires",
        "Le représentant légal, ou le mandataire qu'il a nommé, donne à chacun l'habilitation "
        "« Gestionnaire RPPS+ » dans le portail « Mes Habilitations ».",
    ),
    JourneyStep(
        5,
        "Enregistrer les professionnels dans le RPPS+",
        "Le gestionnaire repère qui a besoin d'un numéro RPPS et l'enregistre en suivant les "
        "consignes de l'e-learning.",
    ),
    JourneyStep(
        6,
        "Gérer le turn-over",
        "À chaque départ, on referme ce qui était ouvert : le rattachement d'un gestionnaire ou "
        "du représentant légal dans le portail d'enregistrement, l'habilitation d'un "
        "gestionnaire dans « Mes Habilitations », le rôle d'un professionnel.",
    ),
)


@dataclass(frozen=True)
class RegistrationField:
    """A datum the registration portal asks for; some may belong to one user only."""

    label: str
    hint: str = ""
    # The law of the portal: no mail or mobile phone shared between two professionals.
    unique_to_one_user: bool = False


@dataclass(frozen=True)
class RegistrationStep:
    """One screen of the registration portal and the data it asks for."""

    number: int
    title: str
    fields: tuple[RegistrationField, ...]


_ONE_USER_ONLY = "propre à un seul utilisateur : pas de mail ni de téléphone partagé"

# Seed 003's table of the data to gather before typing; step titles are the portal's own.
REGISTRATION_STEPS: tuple[RegistrationStep, ...] = (
    RegistrationStep(
        1,
        "État civil",
        (
            RegistrationField("Civilité"),
            RegistrationField("Sexe"),
            RegistrationField("Nom de naissance"),
            RegistrationField("Nom d'usage"),
            RegistrationField("Prénoms"),
            RegistrationField("Date de naissance"),
            RegistrationField("Pays de naissance"),
            RegistrationField("Commune de naissance"),
        ),
    ),
    RegistrationStep(
        2,
        "Coordonnées de contact",
        (
            RegistrationField("Mail", _ONE_USER_ONLY, unique_to_one_user=True),
            RegistrationField("Téléphone mobile", _ONE_USER_ONLY, unique_to_one_user=True),
        ),
    ),
    RegistrationStep(
        3,
        "Situation d'exercice",
        (
            RegistrationField(
                "Nom d'exercice",
                "par défaut le nom de naissance, modifiable par le nom d'usage",
            ),
            RegistrationField("Prénom d'exercice"),
            RegistrationField("Établissement (EG)", "privilégier la recherche par FINESS"),
            RegistrationField("Date de prise de fonction"),
            RegistrationField("Profession", "indicative"),
            RegistrationField("Rôle RPPS+", "fixe les droits d'accès"),
            RegistrationField("Mode d'exercice", "salarié, libéral"),
        ),
    ),
)

# The portal's last screen, « Informations légales »: what the gestionnaire confirms.
LEGAL_CONFIRMATIONS: tuple[str, ...] = (
    "Je confirme l'exactitude des informations saisies ainsi que d'avoir informé le "
    "professionnel enregistré des conditions générales d'utilisation et toutes les dispositions "
    "légales concernant ses données personnelles.",
    "Je confirme que j'ai rencontré le professionnel pour recueillir ses données personnelles "
    "et professionnelles.",
)


@dataclass(frozen=True)
class AfterRegistration:
    """What the registered professional gets, and when."""

    when: str
    what: str


# Disputed figures (courses/content/README.md): the e-mail delay differs between the seeds
# (30 min) and the ANS FAQ (24 h), the e-CPS one between deck 003 (« Sous 48 h ») and deck 000
# (« 48h après »): both are taught as orders of magnitude.
AFTER_REGISTRATION: tuple[AfterRegistration, ...] = (
    AfterRegistration(
        "Dans la demi-heure qui suit, jusqu'à 24 h",
        "Le professionnel reçoit un courriel avec son numéro RPPS (à conserver).",
    ),
    AfterRegistration(
        "Sous 24 h",
        "Il est visible dans l'Annuaire Santé.",
    ),
    AfterRegistration(
        "Dans les 48 h environ",
        "Il peut télécharger l'application e-CPS et activer son e-CPS, en tapant le chiffre 8 "
        "avant son numéro RPPS.",
    ),
)
