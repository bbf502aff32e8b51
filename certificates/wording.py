"""French wording shared by the attestation and the web pages (no WeasyPrint import)."""

from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def french_date(day: date) -> str:
    """A date as French prose: « 1er mars 2026 », « 21 novembre 2026 »."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def french_minutes(minutes: int) -> str:
    """A length in minutes as French prose: « 1 minute », « 95 minutes »."""
    return f"{minutes}\u00a0minute{'s' if minutes > 1 else ''}"
