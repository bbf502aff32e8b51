"""Structure rules: how a contract is made and where each person may be attached."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ContractMode", "StructureRole", "attachment_covers", "attachment_scope_error"]


class ContractMode(StrEnum):
    """How the structure contracts with the ANS: once for the EJ, or EG by EG."""

    CENTRALISED = "centralised"
    DECENTRALISED = "decentralised"

    @property
    def label(self) -> str:
        """French label shown to users."""
        return _CONTRACT_MODE_LABELS[self]


_CONTRACT_MODE_LABELS = {
    ContractMode.CENTRALISED: "Contractualisation centralisée (au niveau de l'EJ)",
    ContractMode.DECENTRALISED: "Contractualisation décentralisée (par EG)",
}


class StructureRole(StrEnum):
    """The part a person plays in a structure."""

    LEGAL_REP = "legal_rep"
    DELEGATE = "delegate"
    GESTIONNAIRE = "gestionnaire"

    @property
    def label(self) -> str:
        """French label shown to users."""
        return _STRUCTURE_ROLE_LABELS[self]


_STRUCTURE_ROLE_LABELS = {
    StructureRole.LEGAL_REP: "Représentant légal",
    StructureRole.DELEGATE: "Mandataire",
    StructureRole.GESTIONNAIRE: "Gestionnaire RPPS+",
}


def attachment_scope_error(
    mode: ContractMode, role: StructureRole, establishment_chosen: bool
) -> str | None:
    """Return the French reason why this attachment is not allowed, or None if it is."""
    # Accept the stored string values too ("centralised", "gestionnaire"…).
    mode, role = ContractMode(mode), StructureRole(role)
    if mode is ContractMode.DECENTRALISED:
        # Each EG holds its own contract, so every person acts for one EG.
        if not establishment_chosen:
            return (
                "Contractualisation décentralisée : "
                "rattachez la personne à un établissement (EG)."
            )
        return None
    # Centralised: the contract, hence the RL's and mandataires' powers, sit at the EJ.
    if role in (StructureRole.LEGAL_REP, StructureRole.DELEGATE) and establishment_chosen:
        return (
            "Contractualisation centralisée : le représentant légal et les mandataires "
            "sont rattachés à l'entité juridique."
        )
    # A gestionnaire may cover every EG (attached to the EJ) or only one.
    return None


def attachment_covers(attached_to: int | None, scope: int | None) -> bool:
    """Whether an attachment to `attached_to` (an EG's id; None: the whole EJ) already covers
    `scope` (the same): a gestionnaire of the EJ covers each of its EG, so that attaching
    them to one EG as well would add nothing."""
    return attached_to is None or attached_to == scope
