"""Time in UTC inside, Europe/Paris and French words outside."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# One way to write a date in French, shared with the attestation PDF (a pure package).
from certificates.wording import french_date as date_in_words

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    """A clock that only moves when told: what the demo and the tests read time from."""

    def __init__(self, start: datetime | None = None):
        self.now = (start or datetime.now(UTC)).astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, **delta) -> datetime:
        """Move the clock forward (`seconds`, or timedelta's keywords); the new time."""
        self.now += timedelta(seconds=seconds, **delta)
        return self.now


# None: the system clock. Set by `use_clock` only (demo seeding, tests).
_clock: Clock | None = None


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (the injected clock's, when one is in use)."""
    return _clock() if _clock is not None else datetime.now(UTC)


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Read time from `clock` inside the block (reading time and attempt durations follow it)."""
    global _clock
    previous, _clock = _clock, clock
    try:
        yield clock
    finally:
        _clock = previous


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime: use timekeeping.utcnow()")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def french_date(value: date | datetime) -> str:
    """`21 novembre 2026` (a datetime is first moved to Paris time)."""
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date()
    return date_in_words(value)


# Between a number and its unit (« 14 h 30 », « 45 min »): a line never breaks there.
NBSP = "\u00a0"


def french_time(value: datetime) -> str:
    """`14 h 30`, in Paris time, on one line (non-breaking spaces)."""
    local = value.astimezone(PARIS)
    return f"{local.hour}{NBSP}h{NBSP}{local.minute:02d}"


def french_datetime(value: datetime) -> str:
    """`21 novembre 2026 à 14 h 30`, in Paris time."""
    return f"{french_date(value)} à {french_time(value)}"
