"""Identifier rules of the national directory: RPPS, FINESS, mobile phone numbers.

Each ``normalize_*`` function returns the canonical form of a value typed by a user, or
raises :class:`InvalidIdentifier` whose text is the French message shown next to the field.
"""

from __future__ import annotations

import re

__all__ = [
    "InvalidIdentifier",
    "departement_from_finess",
    "luhn_is_valid",
    "national_id_from_rpps",
    "normalize_finess",
    "normalize_mobile_phone",
    "normalize_rpps",
]

RPPS_LENGTH = 11
FINESS_LENGTH = 9

# Separators people type inside numbers copied from cards, letters or spreadsheets
# (including the non-breaking spaces that office software inserts).
_SEPARATORS = re.compile(r"[\s.\-/]")

# Overseas mobiles share the French national plan (06…) but not the +33 country code:
# 0692 12 34 56 is +262 692 12 34 56. Mapping them keeps one E.164 form per number, which
# matters because a phone number may belong to one person only.
_OVERSEAS_MOBILE_CODES = {
    "639": "262",  # Mayotte
    "690": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "691": "590",
    "692": "262",  # La Réunion
    "693": "262",
    "694": "594",  # Guyane
    "696": "596",  # Martinique
    "697": "596",
}


class InvalidIdentifier(ValueError):
    """An identifier that cannot be accepted; ``str()`` is the French message for the user."""


def luhn_is_valid(digits: str) -> bool:
    """Tell whether a string of digits passes the Luhn check (its last digit is the key)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:  # every second digit from the right, the key being position 0
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _is_ascii_digits(value: str) -> bool:
    # str.isdigit() alone accepts "²" or Arabic-Indic digits, which no directory issues.
    return value.isascii() and value.isdigit()


def normalize_rpps(value: str, *, check_key: bool = True) -> str:
    """Return the 11 digits of an RPPS number, or raise InvalidIdentifier."""
    digits = _SEPARATORS.sub("", value or "")
    if not digits:
        raise InvalidIdentifier("Saisissez le numéro RPPS.")
    if not _is_ascii_digits(digits):
        raise InvalidIdentifier("Le numéro RPPS ne contient que des chiffres.")
    if len(digits) == RPPS_LENGTH + 1 and digits.startswith("8"):
        # The e-CPS app asks for 8 + RPPS; users then paste that form here.
        raise InvalidIdentifier(
            "Ce numéro compte 12 chiffres et commence par 8 : c'est l'identifiant national "
            "(8 + RPPS). Saisissez les 11 chiffres du RPPS, sans le 8 initial."
        )
    if len(digits) != RPPS_LENGTH:
        raise InvalidIdentifier(
            f"Le numéro RPPS compte {RPPS_LENGTH} chiffres ; vous en avez saisi {len(digits)}."
        )
    # The key rule is observed, not published: check_key=False lets demo numbers through.
    if check_key and not luhn_is_valid(digits):
        raise InvalidIdentifier("La clé de contrôle ne correspond pas : vérifiez le numéro RPPS.")
    return digits


def national_id_from_rpps(rpps: str) -> str:
    """Return the national id of a professional (IdNat_PS): "8" followed by the RPPS number."""
    return "8" + normalize_rpps(rpps)


def _known_departement_prefix(prefix: str) -> bool:
    if prefix in ("2A", "2B", "97", "98"):
        return True
    # 20 is the pre-1976 Corsica code, replaced by 2A/2B.
    return _is_ascii_digits(prefix) and 1 <= int(prefix) <= 95 and prefix != "20"


def normalize_finess(value: str, *, check_key: bool = True) -> str:
    """Return a FINESS number as 9 upper-case characters, or raise InvalidIdentifier."""
    finess = re.sub(r"\s", "", value or "").upper()
    if not finess:
        raise InvalidIdentifier("Saisissez le numéro FINESS.")
    if len(finess) != FINESS_LENGTH:
        raise InvalidIdentifier(
            f"Le numéro FINESS compte {FINESS_LENGTH} caractères ; "
            f"vous en avez saisi {len(finess)}."
        )
    corsica = finess[:2] in ("2A", "2B")
    if not _is_ascii_digits(finess[2:] if corsica else finess):
        raise InvalidIdentifier(
            "Le numéro FINESS ne contient que des chiffres (seule la Corse commence par 2A ou 2B)."
        )
    if not _known_departement_prefix(finess[:2]):
        raise InvalidIdentifier(
            "Le numéro FINESS commence par le code du département (01 à 95, 2A, 2B ou 97x)."
        )
    # The key rule for 2A/2B numbers is unknown, so only all-digit numbers are checked.
    if check_key and not corsica and not luhn_is_valid(finess):
        raise InvalidIdentifier("La clé de contrôle ne correspond pas : vérifiez le numéro FINESS.")
    return finess


def departement_from_finess(finess: str) -> str:
    """Return the département code a FINESS number starts with ("69", "2A", "971")."""
    # No key check: the number may be a stored one, validated when it was entered.
    number = normalize_finess(finess, check_key=False)
    # Overseas départements and collectivities have 3-character codes (971, 976, 987…).
    return number[:3] if number[:2] in ("97", "98") else number[:2]


def _french_mobile(national: str) -> str:
    """E.164 form of the 9 national digits that follow the 0 (or +33) of a French number."""
    if national[0] not in "67":
        raise InvalidIdentifier("Saisissez un numéro de téléphone mobile (06 ou 07).")
    country = _OVERSEAS_MOBILE_CODES.get(national[:3], "33")
    return f"+{country}{national}"


def normalize_mobile_phone(value: str) -> str:
    """Return a mobile phone number in E.164 form ("+33612345678"), or raise InvalidIdentifier."""
    invalid = InvalidIdentifier("Le numéro de téléphone n'est pas valide.")
    number = (value or "").strip()
    if not number:
        raise InvalidIdentifier("Saisissez un numéro de téléphone mobile.")
    # "+33 (0)6 12 34 56 78": the bracketed 0 is the trunk prefix, not part of the number.
    number = _SEPARATORS.sub("", number).replace("(0)", "").replace("(", "").replace(")", "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+"):
        digits = number[1:]
        if not _is_ascii_digits(digits):
            raise invalid
        if digits.startswith("33"):
            national = digits[2:]
            if len(national) == 10 and national.startswith("0"):
                national = national[1:]  # "+33 06…": a trunk 0 kept by mistake
            if len(national) != 9:
                raise invalid
            return _french_mobile(national)
        # Any other country: E.164 allows up to 15 digits and no country code starts with 0.
        if not 8 <= len(digits) <= 15 or digits.startswith("0"):
            raise invalid
        return number
    if _is_ascii_digits(number) and len(number) == 10 and number.startswith("0"):
        return _french_mobile(number[1:])
    raise invalid
