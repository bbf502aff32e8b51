"""Structure rules: contract modes, roles and where a person may be attached."""

import pytest

from directory.structures import ContractMode, StructureRole, attachment_scope_error

CENTRALISED_REFUSAL = (
    "Contractualisation centralisée : le représentant légal et les mandataires "
    "sont rattachés à l'entité juridique."
)
DECENTRALISED_REFUSAL = (
    "Contractualisation décentralisée : rattachez la personne à un établissement (EG)."
)


def test_contract_mode_values_and_labels():
    """Do the contract modes have their stored values and French labels?"""
    assert ContractMode.CENTRALISED == "centralised"
    assert ContractMode.DECENTRALISED == "decentralised"
    assert ContractMode.CENTRALISED.label == "Contractualisation centralisée (au niveau de l'EJ)"
    assert ContractMode.DECENTRALISED.label == "Contractualisation décentralisée (par EG)"


def test_structure_role_values_and_labels():
    """Do the structure roles have their stored values and French labels?"""
    assert [r.value for r in StructureRole] == ["legal_rep", "delegate", "gestionnaire"]
    assert [r.label for r in StructureRole] == [
        "Représentant légal",
        "Mandataire",
        "Gestionnaire RPPS+",
    ]


@pytest.mark.parametrize("role", list(StructureRole))
def test_decentralised_attachment_to_an_eg_is_allowed(role):
    """In a decentralised structure, may anyone be attached to one EG?"""
    assert attachment_scope_error(ContractMode.DECENTRALISED, role, True) is None


@pytest.mark.parametrize("role", list(StructureRole))
def test_decentralised_attachment_without_eg_is_refused(role):
    """In a decentralised structure, is an attachment naming no EG refused, with the reason?"""
    assert attachment_scope_error(ContractMode.DECENTRALISED, role, False) == DECENTRALISED_REFUSAL


@pytest.mark.parametrize("role", [StructureRole.LEGAL_REP, StructureRole.DELEGATE])
def test_centralised_rl_and_delegate_belong_to_the_ej(role):
    """In a centralised structure, are the RL and mandataires attached to the EJ and not an EG?"""
    assert attachment_scope_error(ContractMode.CENTRALISED, role, False) is None
    assert attachment_scope_error(ContractMode.CENTRALISED, role, True) == CENTRALISED_REFUSAL


@pytest.mark.parametrize("establishment_chosen", [False, True])
def test_centralised_gestionnaire_may_cover_the_ej_or_one_eg(establishment_chosen):
    """In a centralised structure, may a gestionnaire be attached to the EJ or to one EG?"""
    error = attachment_scope_error(
        ContractMode.CENTRALISED, StructureRole.GESTIONNAIRE, establishment_chosen
    )
    assert error is None


def test_stored_string_values_are_accepted():
    """Does the rule accept the string values stored in the database?"""
    stored_mode, stored_role = "decentralised", "gestionnaire"
    allowed = attachment_scope_error(stored_mode, stored_role, True)  # type: ignore[arg-type]
    refused = attachment_scope_error("centralised", "delegate", True)  # type: ignore[arg-type]
    assert refused == CENTRALISED_REFUSAL
    assert allowed is None


def test_unknown_mode_is_a_value_error():
    """Is an unknown contract mode refused loudly rather than allowed?"""
    with pytest.raises(ValueError):
        attachment_scope_error("mixed", StructureRole.GESTIONNAIRE, True)  # type: ignore[arg-type]


def test_an_attachment_to_the_ej_covers_each_eg():
    """Does a gestionnaire of the whole EJ cover each of its EG, and one of an EG only it?"""
    from directory.structures import attachment_covers  # noqa: PLC0415
    assert attachment_covers(None, 7) and attachment_covers(None, None)
    assert attachment_covers(7, 7)
    assert not attachment_covers(7, 8) and not attachment_covers(7, None)
