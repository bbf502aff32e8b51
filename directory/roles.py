"""The 5 RPPS+ roles (ANS codes GENR08–GENR12) and the DMP document types each one may read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

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

# The roles and the DMP document types, as seed 003 describes them (the file says how it was read).
DATA = Path(__file__).with_name("roles.yaml")

# Seed 003 and seed 000 both say so: the roles' documents are what each role WILL read, not yet
# what it reads today.
DMP_CONSULTATION_NOTE = (
    "À ce jour, la consultation du DMP par les professionnels enregistrés dans le portail RPPS+ "
    "n'est pas encore possible."
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


def _read(path: Path) -> tuple[tuple[str, ...], tuple[Role, ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles = tuple(
        Role(RoleCode(entry["code"]), entry["label"], entry["short_label"],
             entry["description"], entry["examples"], tuple(entry["documents"]),
             tuple(entry["jobs"]), entry["source"])
        for entry in data["roles"]
    )
    return tuple(data["documents"]), roles


DMP_DOCUMENT_TYPES, ROLES = _read(DATA)
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
