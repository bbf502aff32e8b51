"""Attestation numbers: printed one way, read back however they were typed."""

import pytest

from certificates.numbering import format_number, parse_number


def test_number_has_year_and_six_digit_sequence():
    """Is the 42nd attestation of 2026 numbered RPPSP-2026-000042?"""
    assert format_number(2026, 42) == "RPPSP-2026-000042"
    assert format_number(2026, 999_999) == "RPPSP-2026-999999"


@pytest.mark.parametrize("year, sequence", [(2026, 0), (2026, -1), (2026, 1_000_000), (99, 1)])
def test_out_of_range_numbers_are_refused(year, sequence):
    """Does a sequence outside 1..999999 (or a year that is not 4 digits) raise ValueError?"""
    with pytest.raises(ValueError):
        format_number(year, sequence)


@pytest.mark.parametrize("year, sequence", [(2026, 1), (2026, 42), (2031, 999_999)])
def test_format_then_parse_round_trip(year, sequence):
    """Does parsing a printed number give back its year and sequence?"""
    assert parse_number(format_number(year, sequence)) == (year, sequence)


@pytest.mark.parametrize("typed", [
    "rppsp-2026-000042", " RPPSP 2026 000042 ", "RppsP–2026–000042", "rppsp2026000042",
    "RPPSP - 2026 - 000 042", "RPPSP.2026.000042",
])
def test_numbers_typed_by_hand_are_understood(typed):
    """Are case, spaces and dashes typed by hand ignored?"""
    assert parse_number(typed) == (2026, 42)


@pytest.mark.parametrize("typed", [
    "", "RPPSP-2026-000000", "RPPSP-2026-42", "RPPSP-26-000042", "RPPS-2026-000042",
    "XRPPSP-2026-000042", "RPPSP-2026-0000420", "RPPSP-2026-00004A", "2026-000042",
    "RPPSP-2026-000042" + " " * 100, None, 42,
])
def test_malformed_numbers_are_none(typed):
    """Do malformed, over-long or non-text inputs give None rather than an error?"""
    assert parse_number(typed) is None
