"""Identifier rules: RPPS, FINESS and mobile phone numbers."""

import pytest

from directory.identifiers import (
    InvalidIdentifier,
    departement_from_finess,
    luhn_is_valid,
    national_id_from_rpps,
    normalize_finess,
    normalize_mobile_phone,
    normalize_rpps,
)

FICTIONAL_RPPS = [
    "10104332183",
    "10196001332",
    "10890838633",
    "10794026541",
    "10235116158",
    "10594078163",
]
BAD_KEY_RPPS = ["10104332184", "10196001333"]
FICTIONAL_FINESS = [
    "691849590",
    "383103413",
    "143164754",
    "762553410",
    "599283272",
    "136483500",
    "753056415",
    "333953768",
]


# --- Luhn -------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", FICTIONAL_RPPS + FICTIONAL_FINESS + ["10000001916", "0"])
def test_luhn_accepts_valid_numbers(digits):
    """Does the Luhn check accept the numbers whose key is right?"""
    assert luhn_is_valid(digits)


@pytest.mark.parametrize("digits", BAD_KEY_RPPS + ["691849591", "1", ""])
def test_luhn_refuses_wrong_keys_and_empty(digits):
    """Does the Luhn check refuse a wrong key and an empty string?"""
    assert not luhn_is_valid(digits)


@pytest.mark.parametrize("text", ["1010433218A", "10104 332183", "١٠"])
def test_luhn_refuses_non_digits(text):
    """Does the Luhn check answer False, without raising, for non-digit text?"""
    assert luhn_is_valid(text) is False


def test_invalid_identifier_is_a_value_error():
    """Can callers catch InvalidIdentifier as a ValueError and show its text?"""
    error = InvalidIdentifier("Message en français.")
    assert isinstance(error, ValueError)
    assert str(error) == "Message en français."


# --- RPPS -------------------------------------------------------------------------------


@pytest.mark.parametrize("rpps", FICTIONAL_RPPS)
def test_rpps_fictional_values_are_valid(rpps):
    """Are the fictional demo RPPS numbers of DOMAIN.md accepted as they are?"""
    assert normalize_rpps(rpps) == rpps


@pytest.mark.parametrize(
    "typed",
    [
        "101 043 321 83",
        " 10104332183 ",
        "10.10.43.32.183",
        "10-104-332-183",
        "10\u00a0104\u00a0332\u00a0183",
    ],
)
def test_rpps_separators_are_stripped(typed):
    """Are spaces, dots and dashes typed inside an RPPS number removed?"""
    assert normalize_rpps(typed) == "10104332183"


@pytest.mark.parametrize("rpps", BAD_KEY_RPPS)
def test_rpps_wrong_key_gets_key_message(rpps):
    """Does an RPPS number with a wrong key get the French key message?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_rpps(rpps)
    assert "la clé de contrôle ne correspond pas" in str(caught.value).lower()
    assert "RPPS" in str(caught.value)


@pytest.mark.parametrize("rpps", BAD_KEY_RPPS)
def test_rpps_check_key_false_bypasses_key(rpps):
    """Does check_key=False let a number with a wrong key through, for test data?"""
    assert normalize_rpps(rpps, check_key=False) == rpps


def test_rpps_other_prefixes_are_not_rejected():
    """Is a Luhn-valid RPPS not starting with 10 still accepted?"""
    assert normalize_rpps("20000000008") == "20000000008"


@pytest.mark.parametrize(("typed", "count"), [("1010433218", 10), ("101043321834", 12), ("1", 1)])
def test_rpps_wrong_length_says_how_many_digits(typed, count):
    """Does a number of the wrong length say 11 digits are expected and how many were typed?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_rpps(typed)
    assert str(caught.value) == f"Le numéro RPPS compte 11 chiffres ; vous en avez saisi {count}."


@pytest.mark.parametrize("typed", ["810104332183", "8 10104332183"])
def test_rpps_national_id_form_is_refused_with_help(typed):
    """Is the 12-digit national id (8 + RPPS) refused with a message explaining the 8?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_rpps(typed)
    message = str(caught.value)
    assert "identifiant national" in message
    assert "8 + RPPS" in message
    assert "11 chiffres" in message


@pytest.mark.parametrize("typed", ["1010433218A", "RPPS10104332", "10104332183?"])
def test_rpps_non_digits_are_refused(typed):
    """Does an RPPS number with letters or symbols get the digits-only message?"""
    with pytest.raises(InvalidIdentifier, match="^Le numéro RPPS ne contient que des chiffres.$"):
        normalize_rpps(typed)


@pytest.mark.parametrize("typed", ["", "   ", " - "])
def test_rpps_empty_asks_for_a_value(typed):
    """Is an empty RPPS field answered with a request to type the number?"""
    with pytest.raises(InvalidIdentifier, match="^Saisissez le numéro RPPS.$"):
        normalize_rpps(typed)


def test_national_id_is_8_plus_rpps():
    """Is the national id of a professional 8 followed by the normalised RPPS number?"""
    assert national_id_from_rpps("101 043 321 83") == "810104332183"


def test_national_id_refuses_an_invalid_rpps():
    """Does building a national id from a bad RPPS raise the RPPS message?"""
    with pytest.raises(InvalidIdentifier, match="clé de contrôle"):
        national_id_from_rpps("10104332184")


# --- FINESS -----------------------------------------------------------------------------


@pytest.mark.parametrize("finess", FICTIONAL_FINESS)
def test_finess_fictional_values_are_valid(finess):
    """Are the fictional demo FINESS numbers of DOMAIN.md accepted as they are?"""
    assert normalize_finess(finess) == finess


def test_finess_spaces_are_stripped():
    """Are spaces inside a FINESS number removed?"""
    assert normalize_finess(" 69 184 9590 ") == "691849590"


@pytest.mark.parametrize(
    ("typed", "expected"), [("2a0000001", "2A0000001"), ("2B 000 0001", "2B0000001")]
)
def test_finess_corsica_is_upper_cased_and_key_skipped(typed, expected):
    """Is a Corsican FINESS (2A/2B, lower-case accepted) taken without a key check?"""
    assert normalize_finess(typed) == expected


@pytest.mark.parametrize("finess", ["971000001", "972000009", "976000005", "988000000"])
def test_finess_overseas_prefixes_are_accepted(finess):
    """Are overseas FINESS numbers (97x, 98x) accepted with check_key=False?"""
    assert normalize_finess(finess, check_key=False) == finess


def test_finess_wrong_key_gets_key_message():
    """Does a FINESS with a wrong key get the French key message?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_finess("691849591")
    assert str(caught.value) == "La clé de contrôle ne correspond pas : vérifiez le numéro FINESS."


def test_finess_check_key_false_bypasses_key():
    """Does check_key=False let a FINESS with a wrong key through?"""
    assert normalize_finess("691849591", check_key=False) == "691849591"


@pytest.mark.parametrize(("typed", "count"), [("69184959", 8), ("6918495900", 10), ("2A", 2)])
def test_finess_wrong_length_says_how_many_characters(typed, count):
    """Does a FINESS of the wrong length say 9 characters are expected and how many were typed?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_finess(typed)
    expected = f"Le numéro FINESS compte 9 caractères ; vous en avez saisi {count}."
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    "typed", ["69184959A", "ABCDEFGHI", "2A000000B", "2C0000001", "6A1849590", "69-184959"]
)
def test_finess_letters_outside_corsica_are_refused(typed):
    """Are letters refused everywhere except a leading 2A or 2B?"""
    with pytest.raises(InvalidIdentifier, match="ne contient que des chiffres"):
        normalize_finess(typed)


@pytest.mark.parametrize("typed", ["001849590", "201849590", "961849590", "991849590"])
def test_finess_unknown_departement_is_refused(typed):
    """Does a FINESS starting with 00, 20, 96 or 99 get the département message?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_finess(typed, check_key=False)
    assert str(caught.value) == (
        "Le numéro FINESS commence par le code du département (01 à 95, 2A, 2B ou 97x)."
    )


def test_finess_empty_asks_for_a_value():
    """Is an empty FINESS field answered with a request to type the number?"""
    with pytest.raises(InvalidIdentifier, match="^Saisissez le numéro FINESS.$"):
        normalize_finess("  ")


@pytest.mark.parametrize(
    ("finess", "departement"),
    [
        ("691849590", "69"),
        ("383103413", "38"),
        ("2A0000001", "2A"),
        ("2b0000001", "2B"),
        ("971000001", "971"),
        ("987000001", "987"),
        ("010000000", "01"),
    ],
)
def test_departement_from_finess(finess, departement):
    """Is the département read from the first characters (three for 97x/98x)?"""
    assert departement_from_finess(finess) == departement


def test_departement_from_finess_refuses_garbage():
    """Does asking the département of a malformed FINESS raise InvalidIdentifier?"""
    with pytest.raises(InvalidIdentifier):
        departement_from_finess("12")


# --- Mobile phone -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("+33 06 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("07 98 76 54 32", "+33798765432"),
        ("+33612345678", "+33612345678"),
    ],
)
def test_mobile_french_forms_become_e164(typed, expected):
    """Do the usual ways of writing a French mobile number give the same E.164 value?"""
    assert normalize_mobile_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+262 692 12 34 56", "+262692123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+33 6 92 12 34 56", "+262692123456"),
        ("0693 12 34 56", "+262693123456"),
        ("0639 12 34 56", "+262639123456"),
        ("+590 690 12 34 56", "+590690123456"),
        ("0691 12 34 56", "+590691123456"),
        ("0696 12 34 56", "+596696123456"),
        ("+596 697 12 34 56", "+596697123456"),
        ("0694 12 34 56", "+594694123456"),
    ],
)
def test_mobile_overseas_numbers_get_their_country_code(typed, expected):
    """Does an overseas mobile, typed locally or internationally, get its own country code?"""
    assert normalize_mobile_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+32 470 12 34 56", "+32470123456"),
        ("0041 79 123 45 67", "+41791234567"),
        ("+1 212 555 0100", "+12125550100"),
    ],
)
def test_mobile_international_numbers_are_accepted(typed, expected):
    """Is any international number of 8 to 15 digits accepted in E.164 form?"""
    assert normalize_mobile_phone(typed) == expected


@pytest.mark.parametrize(
    "typed", ["01 23 45 67 89", "04 72 00 00 00", "09 87 65 43 21", "+33 1 23 45 67 89"]
)
def test_mobile_french_landline_asks_for_a_mobile(typed):
    """Does a French landline number get the request for a 06 or 07 mobile?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_mobile_phone(typed)
    assert str(caught.value) == "Saisissez un numéro de téléphone mobile (06 ou 07)."


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "06 12 34 56",
        "06 12 34 56 78 9",
        "612345678",
        "+33 6 12 34",
        "+1234567",
        "+1234567890123456",
        "+0 612 345 678",
        "+33 6 12 34 56 7A",
        "06 12 34 56 7O",
        "++33612345678",
    ],
)
def test_mobile_garbage_is_refused(typed):
    """Is a malformed phone number refused with the generic French message?"""
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_mobile_phone(typed)
    assert str(caught.value) == "Le numéro de téléphone n'est pas valide."


def test_mobile_empty_asks_for_a_value():
    """Is an empty phone field answered with a request to type a mobile number?"""
    with pytest.raises(InvalidIdentifier, match="^Saisissez un numéro de téléphone mobile.$"):
        normalize_mobile_phone("   ")
