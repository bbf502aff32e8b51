"""Times and durations in French, each kept on one line: « 9 h 45 » never breaks after « 9 »."""

from datetime import UTC, datetime

import pytest

from webapp.learn.operations import in_words
from webapp.timekeeping import NBSP, french_datetime, french_time
from webapp.webinars.wording import duration_fr, until_fr

MORNING = datetime(2026, 12, 10, 8, 45, tzinfo=UTC)  # 9 h 45 in Paris


@pytest.mark.parametrize(("words", "expected"), [
    (french_time(MORNING), "9 h 45"),
    (french_datetime(MORNING), "10 décembre 2026 à 9 h 45"),
    (until_fr(MORNING, MORNING.replace(hour=10)), "jusqu'à 11 h 45"),
    (duration_fr(90), "1 h 30"),
    (duration_fr(45), "45 min"),
    (in_words(63), "1 min 03 s"),
    (in_words(45), "45 s"),
])
def test_a_time_reads_in_french_and_holds_together(words, expected):
    """Read as a person does, the French words; before a unit (h, min, s) and after « h », a
    space no line breaks at (the date's own spaces may break)."""
    assert words.replace(NBSP, " ") == expected
    for unit in (" h", "h ", " min", " s"):
        assert unit not in words, (words, unit)
