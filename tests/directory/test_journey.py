"""The six steps from contract to turn-over, the registration data and what follows."""

import pytest

from directory.journey import AFTER_REGISTRATION, REGISTRATION_STEPS, SIX_STEPS


def test_six_steps_in_order():
    """Are there six steps, numbered 1 to 6, from contract to turn-over?"""
    assert [s.number for s in SIX_STEPS] == [1, 2, 3, 4, 5, 6]
    assert [s.title for s in SIX_STEPS] == [
        "Contractualiser",
        "Commander les cartes des gestionnaires",
        "Former le gestionnaire sur sa mission",
        "Attribuer une habilitation à mes gestionnaires",
        "Enregistrer les professionnels dans le RPPS+",
        "Gérer le turn-over",
    ]


def test_steps_name_the_forms_and_portals_of_the_seed():
    """Do the steps name F101, F301 or TOM, and « Mes Habilitations » where the seed does?"""
    assert "F101" in SIX_STEPS[0].description
    assert "F301" in SIX_STEPS[1].description and "TOM" in SIX_STEPS[1].description
    assert "Mes Habilitations" in SIX_STEPS[3].description
    assert "Mes Habilitations" in SIX_STEPS[5].description


def test_registration_has_three_steps_with_their_fields():
    """Does registration ask, step by step, for the data seed 003 lists?"""
    assert [[f.label for f in s.fields] for s in REGISTRATION_STEPS] == [
        [
            "Civilité",
            "Sexe",
            "Nom de naissance",
            "Nom d'usage",
            "Prénoms",
            "Date de naissance",
            "Pays de naissance",
            "Commune de naissance",
        ],
        ["Mail", "Téléphone mobile"],
        [
            "Nom d'exercice",
            "Prénom d'exercice",
            "Établissement (EG)",
            "Date de prise de fonction",
            "Profession",
            "Rôle RPPS+",
            "Mode d'exercice",
        ],
    ]
    assert [s.number for s in REGISTRATION_STEPS] == [1, 2, 3]


def test_only_mail_and_mobile_belong_to_one_user():
    """Are the mail and the mobile phone, and nothing else, flagged as proper to one user?"""
    flagged = [f.label for s in REGISTRATION_STEPS for f in s.fields if f.unique_to_one_user]
    assert flagged == ["Mail", "Téléphone mobile"]


def test_after_registration_in_time_order():
    """Do the RPPS mail, the Annuaire Santé and the e-CPS come in that order?"""
    assert [a.when for a in AFTER_REGISTRATION] == [
        "Dans la demi-heure qui suit, jusqu'à 24 h",
        "Sous 24 h",
        "Dans les 48 h environ",  # disputed between the decks: no fixed delay
    ]
    assert "numéro RPPS" in AFTER_REGISTRATION[0].what
    assert "Annuaire Santé" in AFTER_REGISTRATION[1].what
    assert "e-CPS" in AFTER_REGISTRATION[2].what and "8" in AFTER_REGISTRATION[2].what


def test_journey_data_is_frozen():
    """Can a step be changed by mistake at run time?"""
    with pytest.raises(AttributeError):
        SIX_STEPS[0].title = "Autre"
