"""Durations as the visio tools write them, in whole minutes (seconds dropped).

Teams in French writes `59 min 50 s` or `1 h 02 min`, in English `1h 2m 3s`; Webex `20 mins`
or `1 hr 5 mins`; Zoom and plain exports a number of minutes (`45`, `45,5`); some tools
`01:02:03`.
"""

import re

UNITS = {
    "h": 3600, "hr": 3600, "hrs": 3600, "heure": 3600, "heures": 3600, "hour": 3600,
    "hours": 3600,
    "m": 60, "mn": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
    "s": 1, "sec": 1, "secs": 1, "seconde": 1, "secondes": 1, "second": 1, "seconds": 1,
}
NUMBER = re.compile(r"\d{1,6}(?:[.,]\d+)?")
PART = re.compile(r"(\d{1,6}(?:[.,]\d+)?)\s*([a-z]+)")
CLOCK = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")


def seconds_of(text: str) -> int | None:
    """The duration in seconds, or None when the text is not a duration."""
    value = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).lower()
    if not value:
        return None
    if NUMBER.fullmatch(value):
        return int(float(value.replace(",", ".")) * 60)
    clock = CLOCK.fullmatch(value)
    if clock:
        first, second, third = clock.groups()
        return int(first) * 3600 + int(second) * 60 + int(third or 0)
    parts = PART.findall(value)
    if not parts or PART.sub("", value).strip():
        return None
    total = 0
    for number, unit in parts:
        if unit not in UNITS:
            return None
        total += float(number.replace(",", ".")) * UNITS[unit]
    return int(total)


def minutes_of(text: str) -> int | None:
    """Whole minutes of a duration (`59 min 50 s` → 59), or None when not a duration."""
    seconds = seconds_of(text)
    return None if seconds is None else seconds // 60
