"""Attestation numbers: `RPPSP-<year>-<6-digit sequence>`, and reading them back as typed."""

import re

PREFIX = "RPPSP"
MAX_SEQUENCE = 999_999

# A person retyping a number may use any case, spaces, dashes or dots between the parts.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._/]+")
_NUMBER = re.compile(rf"{PREFIX}(\d{{4}})(\d{{6}})")


def format_number(year: int, sequence: int) -> str:
    """The attestation number for the given year and sequence, e.g. `RPPSP-2026-000042`."""
    if not 1000 <= year <= 9999:
        raise ValueError(f"Année hors limites : {year}")
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"Numéro d'ordre hors limites : {sequence}")
    return f"{PREFIX}-{year:04d}-{sequence:06d}"


def parse_number(text: str) -> tuple[int, int] | None:
    """The (year, sequence) of a number typed by hand, or None if it is not one."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    match = _NUMBER.fullmatch(_SEPARATORS.sub("", text).upper())
    if match is None:
        return None
    year, sequence = int(match[1]), int(match[2])
    if sequence < 1:
        return None
    return year, sequence
