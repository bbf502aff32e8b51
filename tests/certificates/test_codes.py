"""Verification codes: unguessable, readable, forgiving when typed back."""

import re

import pytest

from certificates.codes import (
    ALPHABET,
    code_entropy_bits,
    format_code,
    new_verification_code,
    normalise_code,
)

GROUPED = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4})*")


def test_code_carries_at_least_128_bits():
    """Can a code guessed at random practically never match (≥ 128 bits of entropy)?"""
    assert code_entropy_bits() >= 128
    assert len(normalise_code(new_verification_code())) * 5 == code_entropy_bits()


def test_codes_are_grouped_in_an_unambiguous_alphabet_and_never_repeat():
    """Over 1000 draws, are codes grouped by 4, free of I, L, O, U, and all different?"""
    codes = [new_verification_code() for _ in range(1000)]
    assert len(set(codes)) == 1000
    for code in codes:
        assert GROUPED.fullmatch(code), code
        assert not set(code) & set("ILOU")
        assert normalise_code(code) is not None
        assert format_code(normalise_code(code)) == code
    # Every symbol of the alphabet shows up: the draw uses all 32, not a subset.
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


def test_code_typed_by_hand_is_understood():
    """Are lower case, spaces, missing or extra dashes and O/I/L mistakes forgiven?"""
    code = new_verification_code()
    canonical = normalise_code(code)
    assert len(canonical) == 28 and "-" not in canonical
    assert normalise_code(code.lower()) == canonical
    assert normalise_code(" " + code.replace("-", " ") + "\n") == canonical
    assert normalise_code(code.replace("-", "")) == canonical
    typo = canonical.replace("0", "o").replace("1", "l")
    assert normalise_code(typo) == canonical
    assert normalise_code("I" + canonical[1:]) == "1" + canonical[1:]


@pytest.mark.parametrize("typed", [
    "", "ABCD", "U" * 28, "0" * 27, "0" * 29, "*" * 28, "0" * 27 + "é", "0" * 500, None,
])
def test_malformed_codes_are_none(typed):
    """Do codes of the wrong length or with foreign characters give None?"""
    assert normalise_code(typed) is None
