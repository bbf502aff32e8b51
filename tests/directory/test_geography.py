"""Regions, départements and GRADeS reference data."""

import dataclasses

import pytest

from directory.geography import (
    DEPARTEMENTS,
    REGIONS,
    Departement,
    Region,
    departement,
    departements_of,
    region,
)

# The only GRADeS names DOMAIN.md gives; any other would be invented.
KNOWN_GRADES = {
    "84": "GCS SARA",
    "28": "GCS Normand'e-santé",
    "44": "GIP Pulsy",
    "76": "GIP e-santé Occitanie",
    "93": "ieSS",
    "11": "GIP SESAN",
    "94": "GIP Corse e-santé",
    "04": "TESIS",
    "53": "GCS e-santé Bretagne",
    "52": "e-santé Pays de la Loire",
}


def test_there_are_18_regions_with_their_insee_codes():
    """Are the 18 French regions there, each with its INSEE code?"""
    assert len(REGIONS) == 18
    assert {r.code for r in REGIONS} == {
        "84", "27", "53", "24", "94", "44", "32", "11", "28",
        "75", "76", "52", "93", "01", "02", "03", "04", "06",
    }


def test_there_are_101_departements_with_unique_codes():
    """Are the 101 départements there, each code once?"""
    assert len(DEPARTEMENTS) == 101
    assert len({d.code for d in DEPARTEMENTS}) == 101


def test_every_departement_region_exists():
    """Does every département point to a region that exists?"""
    for dept in DEPARTEMENTS:
        assert region(dept.region_code).code == dept.region_code


def test_every_region_has_departements():
    """Does every region have at least one département?"""
    for reg in REGIONS:
        assert departements_of(reg.code), reg.name


def test_departement_codes_cover_metropole_corsica_and_overseas():
    """Are the codes 01–95 (with 2A/2B instead of 20) and 971–974, 976?"""
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B"}
    expected |= {"971", "972", "973", "974", "976"}
    assert {d.code for d in DEPARTEMENTS} == expected


@pytest.mark.parametrize(
    ("code", "name", "region_code"),
    [
        ("01", "Ain", "84"),
        ("2A", "Corse-du-Sud", "94"),
        ("2B", "Haute-Corse", "94"),
        ("38", "Isère", "84"),
        ("69", "Rhône", "84"),
        ("75", "Paris", "11"),
        ("90", "Territoire de Belfort", "27"),
        ("95", "Val-d'Oise", "11"),
        ("971", "Guadeloupe", "01"),
        ("974", "La Réunion", "04"),
        ("976", "Mayotte", "06"),
    ],
)
def test_departement_lookup(code, name, region_code):
    """Does departement() return the right name and region for a code?"""
    dept = departement(code)
    assert (dept.name, dept.region_code) == (name, region_code)


def test_departement_lookup_accepts_lower_case_corsica():
    """Is "2a" found as Corse-du-Sud?"""
    assert departement("2a").name == "Corse-du-Sud"


@pytest.mark.parametrize("code", ["20", "00", "96", "975", "", "Rhône"])
def test_unknown_departement_raises_key_error(code):
    """Does an unknown département code raise KeyError?"""
    with pytest.raises(KeyError):
        departement(code)


@pytest.mark.parametrize("code", ["00", "05", "99", "", "8"])
def test_unknown_region_raises_key_error(code):
    """Does an unknown region code raise KeyError?"""
    with pytest.raises(KeyError):
        region(code)


def test_region_lookup():
    """Does region() return the named region for its INSEE code?"""
    assert region("84").name == "Auvergne-Rhône-Alpes"
    assert region("93").name == "Provence-Alpes-Côte d'Azur"
    assert region("11").name == "Île-de-France"


def test_departements_of_region():
    """Does departements_of() list a region's départements in code order?"""
    assert [d.code for d in departements_of("94")] == ["2A", "2B"]
    assert [d.code for d in departements_of("11")] == [
        "75", "77", "78", "91", "92", "93", "94", "95",
    ]
    assert [d.code for d in departements_of("84")] == [
        "01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74",
    ]


def test_departements_of_unknown_region_raises_key_error():
    """Does departements_of() raise KeyError for an unknown region?"""
    with pytest.raises(KeyError):
        departements_of("99")


def test_region_departement_counts():
    """Do the regions have the right number of départements?"""
    counts = {r.code: len(departements_of(r.code)) for r in REGIONS}
    assert counts == {
        "84": 12, "27": 8, "53": 4, "24": 6, "94": 2, "44": 10, "32": 5, "11": 8, "28": 5,
        "75": 12, "76": 13, "52": 5, "93": 6, "01": 1, "02": 1, "03": 1, "04": 1, "06": 1,
    }


def test_known_grades_names_are_those_of_domain_md():
    """Do the regions carry exactly the GRADeS names of DOMAIN.md?"""
    assert {r.code: r.grades for r in REGIONS if r.grades is not None} == KNOWN_GRADES


@pytest.mark.parametrize("code", ["27", "24", "32", "75", "01", "02", "03", "06"])
def test_unknown_grades_are_none(code):
    """Are the GRADeS we do not know left as None rather than invented?"""
    assert region(code).grades is None


def test_grades_label_known_and_unknown():
    """Does grades_label give the GRADeS name, or a neutral label when unknown?"""
    assert region("84").grades_label == "GCS SARA"
    assert region("27").grades_label == "GRADeS Bourgogne-Franche-Comté"


def test_regions_are_sorted_by_name_as_french_users_expect():
    """Are regions sorted by name, accents ignored (Île-de-France among the I)?"""
    names = [r.name for r in REGIONS]
    assert names[0] == "Auvergne-Rhône-Alpes"
    assert names.index("Île-de-France") == names.index("Hauts-de-France") + 1
    assert names[-1] == "Provence-Alpes-Côte d'Azur"


def test_departements_are_sorted_by_code_with_corsica_after_19():
    """Are départements in code order, 2A and 2B between 19 and 21, overseas last?"""
    codes = [d.code for d in DEPARTEMENTS]
    assert codes[18:22] == ["19", "2A", "2B", "21"]
    assert codes[-5:] == ["971", "972", "973", "974", "976"]


def test_reference_values_are_frozen():
    """Are regions and départements immutable values?"""
    with pytest.raises(dataclasses.FrozenInstanceError):
        region("84").grades = "Autre"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        departement("69").name = "Lyon"  # type: ignore[misc]
    assert isinstance(REGIONS, tuple) and isinstance(DEPARTEMENTS, tuple)
    assert Region("84", "Auvergne-Rhône-Alpes", "GCS SARA") == region("84")
    assert Departement("69", "Rhône", "84") == departement("69")


def test_a_finess_number_gives_its_region():
    """Does a FINESS number give the region of its département (Corsica and overseas too)?"""
    from directory.geography import region_of_finess
    from directory.identifiers import InvalidIdentifier

    assert region_of_finess("691849590").name == "Auvergne-Rhône-Alpes"
    assert region_of_finess("143164754").name == "Normandie"
    assert region_of_finess("753056415").name == "Île-de-France"
    assert region_of_finess("2A0000001").name == "Corse"
    assert region_of_finess("971000001").name == "Guadeloupe"
    with pytest.raises(KeyError):
        region_of_finess("987000001")  # Polynésie française: no region
    with pytest.raises(InvalidIdentifier):
        region_of_finess("12")
