"""The 5 RPPS+ roles and the DMP document types each one may read (seed 003)."""

import pytest

from directory.roles import (
    DMP_CONSULTATION_NOTE,
    DMP_DOCUMENT_TYPES,
    ROLES,
    RoleCode,
    can_read,
    role,
    roles_reading,
)


def test_five_roles_with_their_ans_codes():
    """Are there exactly five roles, GENR08 to GENR12, in code order?"""
    assert [r.code.value for r in ROLES] == ["GENR08", "GENR09", "GENR10", "GENR11", "GENR12"]
    assert [r.code for r in ROLES] == list(RoleCode)


def test_role_labels_are_the_ans_ones():
    """Does each code carry its ANS label?"""
    assert role("GENR08").label == "Coordination et orientation"
    assert role("GENR09").label == (
        "Administratif ou appui à l'organisation de l'accompagnement social/médico-social"
    )
    assert role("GENR10").label == (
        "Accompagnement social/médico-social à la vie sociale, professionnelle et éducative"
    )
    assert role("GENR11").label == "Accompagnement social/médico-social au soin"
    assert role("GENR12").label == (
        "Encadrement et organisation de l'accompagnement social/médico-social"
    )


def test_descriptions_follow_the_seed_wording():
    """Is every description the seed's « Professionnels ... exerçant des fonctions ... »?"""
    for r in ROLES:
        assert r.description.startswith("Professionnels ")
        assert " exerçant des fonctions " in r.description
    assert role("GENR11").description == (
        "Professionnels du social et MS exerçant des fonctions d'accompagnement au soin"
    )


def test_every_role_document_is_a_known_type():
    """Is every document a role reads listed in DMP_DOCUMENT_TYPES?"""
    for r in ROLES:
        assert set(r.documents) <= set(DMP_DOCUMENT_TYPES), r.code


def test_document_types_are_exactly_the_union_without_duplicates():
    """Is DMP_DOCUMENT_TYPES the union of the roles' documents, each type once?"""
    assert len(set(DMP_DOCUMENT_TYPES)) == len(DMP_DOCUMENT_TYPES)
    assert set(DMP_DOCUMENT_TYPES) == {d for r in ROLES for d in r.documents}
    for r in ROLES:
        assert len(set(r.documents)) == len(r.documents), r.code


def test_document_types_order_keeps_each_table_order():
    """Does the union list each role's documents in the order of that role's table?"""
    position = {d: i for i, d in enumerate(DMP_DOCUMENT_TYPES)}
    for r in ROLES:
        indexes = [position[d] for d in r.documents]
        assert indexes == sorted(indexes), r.code


def test_table_sizes_as_in_the_seed():
    """Does each role read as many document types as its table in seed 003 lists?"""
    assert [len(r.documents) for r in ROLES] == [34, 5, 9, 26, 13]
    assert len(DMP_DOCUMENT_TYPES) == 38


def test_administrative_role_reads_exactly_five_documents():
    """Does the "Administratif" role read exactly the five documents of its table?"""
    assert role("GENR09").documents == (
        "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
        "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
        "Projet personnalisé d'accompagnement",
        "Document administratif déposé par le patient",
        "Attestation de sortie",
    )


def test_psychiatric_synthesis_is_for_the_care_role_only():
    """Is « Synthèse psychiatrique » read by the "au soin" role and not by "Administratif"?"""
    assert can_read("GENR11", "Synthèse psychiatrique")
    assert not can_read("GENR09", "Synthèse psychiatrique")
    assert [r.code for r in roles_reading("Synthèse psychiatrique")] == [RoleCode.CARE]


@pytest.mark.parametrize(
    ("code", "document", "expected"),
    [
        ("GENR08", "Directives anticipées", True),
        ("GENR11", "Directives anticipées", False),
        ("GENR08", "Demande d'actes d'imagerie", True),
        ("GENR12", "Attestation d'hébergement", True),
        ("GENR10", "Attestation d'hébergement", False),
        ("GENR10", "Grille d'évaluation médico-social", True),
        ("GENR09", "Attestation de carte vitale", False),
        ("GENR11", "Bilan psychologique", True),
        ("GENR08", "Bilan psychologique", False),
    ],
)
def test_spot_checks_from_the_seed_tables(code, document, expected):
    """Do a few cells of the seed's tables read as the seed shows them?"""
    assert can_read(code, document) is expected


def test_documents_every_role_reads():
    """Which documents do all five roles read? Those the seed lists in every table."""
    every_role = [d for d in DMP_DOCUMENT_TYPES if len(roles_reading(d)) == len(ROLES)]
    assert every_role == [
        "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale",
        "Lettre de liaison d'entrée en structure sociale ou médico-sociale",
        "Projet personnalisé d'accompagnement",
        "Document administratif déposé par le patient",
        "Attestation de sortie",
    ]


def test_role_lookup_is_forgiving_on_case_and_spaces():
    """May a code be typed in lower case or with spaces, or passed as a RoleCode?"""
    assert role(" genr10 ").code is RoleCode.SOCIAL_LIFE
    assert role(RoleCode.MANAGEMENT).code == "GENR12"


def test_unknown_code_or_document_is_refused():
    """Is an unknown code or a misspelt document type refused instead of read as "no"?"""
    with pytest.raises(KeyError, match="Rôle RPPS\\+ inconnu"):
        role("GENR13")
    with pytest.raises(KeyError, match="Type de document DMP inconnu"):
        can_read("GENR08", "Synthese psychiatrique")
    with pytest.raises(KeyError, match="Type de document DMP inconnu"):
        roles_reading("DMP")


def test_dmp_is_not_open_yet():
    """Does the module say that RPPS+ professionals cannot consult the DMP yet?"""
    assert "n'est pas encore possible" in DMP_CONSULTATION_NOTE


def test_roles_are_frozen():
    """Can a role be changed by mistake at run time?"""
    with pytest.raises(AttributeError):
        ROLES[0].documents = ()
