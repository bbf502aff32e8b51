"""The 5 RPPS+ roles (ANS codes GENR08–GENR12) and the DMP document types each one may read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DMP_CONSULTATION_NOTE",
    "DMP_DOCUMENT_TYPES",
    "ROLES",
    "Role",
    "RoleCode",
    "can_read",
    "role",
    "roles_reading",
]

# Seed 003 and seed 000 both say so: the matrix below is what each role WILL read, not yet what
# it reads today.
DMP_CONSULTATION_NOTE = (
    "À ce jour, la consultation du DMP par les professionnels enregistrés dans le portail RPPS+ "
    "n'est pas encore possible."
)

# Seed 000 also shows a label « Médico administratif - SANS ACCES AU DMP » next to the five roles,
# with no ANS code and no explanation: it is deliberately not modelled as a sixth role.

# Every document type named in seed 003's tables, in an order that keeps each table's own order
# (the "Coordination et orientation" table, with the four types only the "au soin" table names
# inserted where that table puts them).
DMP_DOCUMENT_TYPES: tuple[str, ...] = (
    "CR ou fiche de consultation ou de visite",
    "Lettre de liaison à la sortie d'un établissement de soins",
    "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
    "Profil médical Mon espace santé",
    "Note de transfert (dont lettre de liaison à l'entrée en établissement de soins)",
    "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
    "Dossier de liaison d'urgence",
    "Grille d'évaluation médico-social",
    "Synthèse du dossier médical",
    "Synthèse psychiatrique",
    "Bilan psychologique",
    "Bilan de santé et de prévention de l'enfant",
    "Traitement ou document de soins déposé par le patient",
    "Prescription (autre)",
    "Prescription de produits de santé",
    "Prescription de soins",
    "Renouvellement ordonnance par pharmacien correspondant",
    "Demande d'actes d'imagerie",
    "Prescription d'actes de biologie médicale",
    "Prescription d'actes de kinésithérapie",
    "Prescription d'actes infirmiers",
    "Prescription d'actes de pédicurie",
    "Prescription d'actes d'orthophonie",
    "Prescription d'actes d'orthoptie",
    "Plan personnalisé de soins",
    "Projet personnalisé d'accompagnement",
    "Planification thérapeutique",
    "Protocole de soins ALD",
    "Directives anticipées",
    "Autre document du patient",
    "Volontés et droits du patient",
    "Document administratif déposé par le patient",
    "Attestation de carte vitale",
    "Attestation assurance complémentaire",
    "Attestation de résidence",
    "Attestation d'hébergement",
    "Attestation de sortie",
    "Autorisation de soins et actes non usuels sanitaires",
)


class RoleCode(StrEnum):
    """ANS code of an RPPS+ role (terminology TRE_R22)."""

    COORDINATION = "GENR08"
    ADMINISTRATIVE = "GENR09"
    SOCIAL_LIFE = "GENR10"
    CARE = "GENR11"
    MANAGEMENT = "GENR12"


@dataclass(frozen=True)
class Role:
    """An RPPS+ role: whom it is for and the DMP document types it may read."""

    code: RoleCode
    label: str
    short_label: str
    # Seed 003's wording: « Professionnels ... exerçant des fonctions ... ».
    description: str
    # Seed 003's « pour qui ? » table: example functions or professions, as the seed lists them.
    examples: str
    documents: tuple[str, ...]
    # The same examples one by one, as a person picks a job in the role finder.
    jobs: tuple[str, ...] = ()
    # Where seed 003 says it: the « pour qui ? » table and the role's own table.
    source: str = ""

    def can_read(self, document: str) -> bool:
        """Whether this role may read this DMP document type (KeyError if the type is unknown)."""
        return _known_document(document) in self.documents


# Each tuple is seed 003's table for the role, read column by column (the OCR flattened two
# columns into rows); only line breaks inside a word were mended.
ROLES: tuple[Role, ...] = (
    Role(
        RoleCode.COORDINATION,
        "Coordination et orientation",
        "Coordination et orientation",
        "Professionnels sanitaire, social et médico-social exerçant des fonctions de "
        "coordination et d'orientation",
        "Coordination dans les DAC, dans les ESMS (Clic de niveau 3, communautés 360, SAMSAH), "
        "dans les MDPH",
        (
            "CR ou fiche de consultation ou de visite",
            "Lettre de liaison à la sortie d'un établissement de soins",
            "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
            "Profil médical Mon espace santé",
            "Note de transfert (dont lettre de liaison à l'entrée en établissement de soins)",
            "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
            "Dossier de liaison d'urgence",
            "Grille d'évaluation médico-social",
            "Synthèse du dossier médical",
            "Bilan de santé et de prévention de l'enfant",
            "Traitement ou document de soins déposé par le patient",
            "Prescription de soins",
            "Renouvellement ordonnance par pharmacien correspondant",
            "Demande d'actes d'imagerie",
            "Prescription d'actes de biologie médicale",
            "Prescription d'actes de kinésithérapie",
            "Prescription d'actes infirmiers",
            "Prescription d'actes de pédicurie",
            "Prescription d'actes d'orthophonie",
            "Prescription d'actes d'orthoptie",
            "Plan personnalisé de soins",
            "Projet personnalisé d'accompagnement",
            "Planification thérapeutique",
            "Protocole de soins ALD",
            "Directives anticipées",
            "Autre document du patient",
            "Volontés et droits du patient",
            "Document administratif déposé par le patient",
            "Attestation de carte vitale",
            "Attestation assurance complémentaire",
            "Attestation de résidence",
            "Attestation d'hébergement",
            "Attestation de sortie",
            "Autorisation de soins et actes non usuels sanitaires",
        ),
        jobs=(
            "Coordination dans un DAC",
            "Coordination dans un ESMS (CLIC de niveau 3, communauté 360, SAMSAH)",
            "Coordination dans une MDPH",
        ),
        source="seed 003, l. 198-199 et 203-225",
    ),
    Role(
        RoleCode.ADMINISTRATIVE,
        "Administratif ou appui à l'organisation de l'accompagnement social/médico-social",
        "Administratif ou appui à l'organisation",
        "Professionnels du social et MS exerçant des fonctions administratives ou d'appui à "
        "l'organisation de l'accompagnement",
        "Accueil, information, secrétariat, appui aux démarches administratives, accès aux droits",
        (
            "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
            "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
            "Projet personnalisé d'accompagnement",
            "Document administratif déposé par le patient",
            "Attestation de sortie",
        ),
        jobs=(
            "Accueil",
            "Information",
            "Secrétariat",
            "Appui aux démarches administratives",
            "Accès aux droits",
        ),
        source="seed 003, l. 198-199 et 231-245",
    ),
    Role(
        RoleCode.SOCIAL_LIFE,
        "Accompagnement social/médico-social à la vie sociale, professionnelle et éducative",
        "Accompagnement à la vie sociale, professionnelle et éducative",
        "Professionnels du social et MS exerçant des fonctions d'accompagnement à la vie "
        "sociale, professionnelle et éducative",
        "Auxiliaire de vie sociale, Accompagnant Éducatif et Social (AES), Assistant de Vie "
        "Dépendance et Handicap (AVDH), Aide à domicile, Technicien de l'intervention sociale et "
        "familiale, Conseiller en Économie Sociale et Familiale (CESF), Conseiller en Insertion "
        "Professionnelle (CIP), Moniteur Éducateur, Éducateurs de Jeunes Enfants, Éducateur "
        "Technique Spécialisé, Moniteur d'Atelier (ESAT et EA), Responsable de Production (ESAT "
        "et EA), Animateur",
        (
            "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
            "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
            "Grille d'évaluation médico-social",
            "Projet personnalisé d'accompagnement",
            "Document administratif déposé par le patient",
            "Attestation de carte vitale",
            "Attestation assurance complémentaire",
            "Attestation de sortie",
            "Autorisation de soins et actes non usuels sanitaires",
        ),
        jobs=(
            "Auxiliaire de vie sociale",
            "Accompagnant éducatif et social (AES)",
            "Assistant de vie dépendance et handicap (AVDH)",
            "Aide à domicile",
            "Technicien de l'intervention sociale et familiale (TISF)",
            "Conseiller en économie sociale et familiale (CESF)",
            "Conseiller en insertion professionnelle (CIP)",
            "Moniteur éducateur",
            "Éducateur de jeunes enfants",
            "Éducateur technique spécialisé",
            "Moniteur d'atelier (ESAT et EA)",
            "Responsable de production (ESAT et EA)",
            "Animateur",
        ),
        source="seed 003, l. 198-199 et 249-273",
    ),
    Role(
        RoleCode.CARE,
        "Accompagnement social/médico-social au soin",
        "Accompagnement au soin",
        "Professionnels du social et MS exerçant des fonctions d'accompagnement au soin",
        "Paramédicaux, AMP, Aide-Soignant, Auxiliaire de Puériculture, Assistant de soin en "
        "Gérontologie, Neuropsychologue",
        (
            "CR ou fiche de consultation ou de visite",
            "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
            "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
            "Dossier de liaison d'urgence",
            "Synthèse du dossier médical",
            "Synthèse psychiatrique",
            "Bilan psychologique",
            "Bilan de santé et de prévention de l'enfant",
            "Traitement ou document de soins déposé par le patient",
            "Prescription (autre)",
            "Prescription de produits de santé",
            "Prescription de soins",
            "Renouvellement ordonnance par pharmacien correspondant",
            "Prescription d'actes de biologie médicale",
            "Prescription d'actes de kinésithérapie",
            "Prescription d'actes infirmiers",
            "Prescription d'actes de pédicurie",
            "Prescription d'actes d'orthophonie",
            "Prescription d'actes d'orthoptie",
            "Plan personnalisé de soins",
            "Projet personnalisé d'accompagnement",
            "Document administratif déposé par le patient",
            "Attestation de carte vitale",
            "Attestation assurance complémentaire",
            "Attestation de sortie",
            "Autorisation de soins et actes non usuels sanitaires",
        ),
        jobs=(
            "Paramédical",
            "Aide médico-psychologique (AMP)",
            "Aide-soignant",
            "Auxiliaire de puériculture",
            "Assistant de soin en gérontologie",
            "Neuropsychologue",
        ),
        source="seed 003, l. 198-199 et 281-295",
    ),
    Role(
        RoleCode.MANAGEMENT,
        "Encadrement et organisation de l'accompagnement social/médico-social",
        "Encadrement et organisation",
        "Professionnels du social et MS exerçant des fonctions d'encadrement et d'organisation "
        "de l'accompagnement",
        "Responsable de secteur, Gestionnaire de secteur, Chef de service, Directeur/rice "
        "d'ESMS, Directeur adjoint",
        (
            "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
            "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
            "Dossier de liaison d'urgence",
            "Grille d'évaluation médico-social",
            "Plan personnalisé de soins",
            "Projet personnalisé d'accompagnement",
            "Document administratif déposé par le patient",
            "Attestation de carte vitale",
            "Attestation assurance complémentaire",
            "Attestation de résidence",
            "Attestation d'hébergement",
            "Attestation de sortie",
            "Autorisation de soins et actes non usuels sanitaires",
        ),
        jobs=(
            "Responsable de secteur",
            "Gestionnaire de secteur",
            "Chef de service",
            "Directeur ou directrice d'ESMS",
            "Directeur adjoint",
        ),
        source="seed 003, l. 198-199 et 303-311",
    ),
)

_ROLES_BY_CODE = {r.code: r for r in ROLES}
_DOCUMENTS = frozenset(DMP_DOCUMENT_TYPES)


def _known_document(document: str) -> str:
    # A misspelt type must not quietly read as "no role may read it".
    if document not in _DOCUMENTS:
        raise KeyError(f"Type de document DMP inconnu : {document!r}")
    return document


def role(code: str) -> Role:
    """The role with this ANS code (e.g. "GENR09"); KeyError if there is none."""
    try:
        return _ROLES_BY_CODE[RoleCode(code.strip().upper())]
    except ValueError:
        raise KeyError(f"Rôle RPPS+ inconnu : {code!r}") from None


def roles_reading(document: str) -> tuple[Role, ...]:
    """The roles that may read this DMP document type, in code order."""
    _known_document(document)
    return tuple(r for r in ROLES if document in r.documents)


def can_read(code: str, document: str) -> bool:
    """Whether the role with this ANS code may read this DMP document type."""
    return role(code).can_read(document)
