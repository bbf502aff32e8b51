"""Checking in (« émargement » by the attendee): the window around the session and the code.
Flush only."""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from ..extensions import db
from ..models import Registration, RegistrationStatus, User, Webinar, WebinarStatus
from ..timekeeping import PARIS, french_date, french_datetime, french_time

# Attendees connect a little early and sign in when reminded, sometimes late.
CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)


class AttendanceRefused(ValueError):
    """The change cannot be made now; the message says why, in French."""


class WrongCode(ValueError):
    """The check-in code typed is not the webinar's."""


def clock(moment: datetime) -> str:
    """`14 h 05`, in Paris time."""
    return french_time(moment)


class CheckinState(Enum):
    """Where now stands against the check-in window; the page asks `is_early`, `is_closed`."""

    EARLY = "early"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def is_early(self) -> bool:
        return self is CheckinState.EARLY

    @property
    def is_open(self) -> bool:
        return self is CheckinState.OPEN

    @property
    def is_closed(self) -> bool:
        return self is CheckinState.CLOSED


@dataclass(frozen=True)
class CheckinWindow:
    """When attendees may check in themselves."""

    opens: datetime
    closes: datetime

    def state(self, now: datetime) -> CheckinState:
        """Before the window, in it, or after it."""
        if now < self.opens:
            return CheckinState.EARLY
        return CheckinState.OPEN if now <= self.closes else CheckinState.CLOSED

    @property
    def label(self) -> str:
        """`le 21 novembre 2026, de 14 h 15 à 16 h 30` (Paris time)."""
        opens, closes = self.opens.astimezone(PARIS), self.closes.astimezone(PARIS)
        if opens.date() == closes.date():
            return f"le {french_date(opens)}, de {clock(opens)} à {clock(closes)}"
        return f"du {french_datetime(opens)} au {french_datetime(closes)}"


def checkin_window(webinar: Webinar) -> CheckinWindow:
    return CheckinWindow(webinar.starts_at - CHECKIN_OPENS_BEFORE,
                         webinar.ends_at + CHECKIN_CLOSES_AFTER)


def offers_checkin(webinar: Webinar, confirmed: bool, now: datetime) -> bool:
    """Whether the webinar's page links a confirmed registrant to the check-in page: a live
    webinar, from the check-in window's opening."""
    return (confirmed and webinar.state is WebinarStatus.PUBLISHED
            and now >= checkin_window(webinar).opens)


def normalised_code(text: str) -> str:
    """A check-in code as compared: no spaces, upper case."""
    return "".join((text or "").split()).upper()


def code_matches(webinar: Webinar, typed: str) -> bool:
    """Whether `typed` is the webinar's check-in code (case and spaces ignored)."""
    return hmac.compare_digest(normalised_code(typed).encode(),
                               normalised_code(webinar.checkin_code).encode())


def has_ended(webinar: Webinar, now: datetime) -> bool:
    return now >= webinar.ends_at


# Presence, however recorded (the attendee's code, the trainer's tick, the visio report), opens
# with the attendee's check-in window: a quarter of an hour before the start, as people connect.


def presence_opens(webinar: Webinar) -> datetime:
    """From when anyone may record a presence: the check-in window's opening."""
    return checkin_window(webinar).opens


def may_record_presence(webinar: Webinar, now: datetime) -> bool:
    """Whether a presence can be recorded now: a webinar not cancelled, its window opened."""
    return webinar.state is not WebinarStatus.CANCELLED and now >= presence_opens(webinar)


def presence_opening_label(webinar: Webinar) -> str:
    """`10 décembre 2026 à 9 h 45, 15 minutes avant le début` (after « à partir du »)."""
    minutes = CHECKIN_OPENS_BEFORE // timedelta(minutes=1)
    return f"{french_datetime(presence_opens(webinar))}, {minutes} minutes avant le début"


def ensure_presence_recordable(webinar: Webinar, now: datetime) -> None:
    """AttendanceRefused if a presence cannot be recorded yet (or any more: cancelled)."""
    ensure_not_cancelled(webinar)
    if now < presence_opens(webinar):
        raise AttendanceRefused("Le webinaire n'a pas encore commencé : les présences "
                                "s'enregistrent à partir du "
                                f"{presence_opening_label(webinar)}.")


def issues_presence_certificate(webinar: Webinar, registration: Registration | None,
                                now: datetime) -> bool:
    """Whether the attestation de présence is given: a person recorded present, at a webinar
    not cancelled that has started (whatever the rows say before that)."""
    return (registration is not None and registration.attended
            and registration.state is RegistrationStatus.CONFIRMED
            and webinar.state is not WebinarStatus.CANCELLED and now >= webinar.starts_at)


def registration_of(webinar: Webinar, person: User) -> Registration | None:
    """The person's confirmed registration to the webinar, if any."""
    return db.session.scalar(db.select(Registration).filter_by(
        webinar_id=webinar.id, user_id=person.id, status=RegistrationStatus.CONFIRMED.value))


def ensure_not_cancelled(webinar: Webinar) -> None:
    if webinar.state is WebinarStatus.CANCELLED:
        raise AttendanceRefused("Ce webinaire est annulé : l'émargement est fermé.")


def check_in(webinar: Webinar, registration: Registration, typed_code: str,
             now: datetime) -> None:
    """The attendee's own check-in, with the code, inside the window (again: no change)."""
    ensure_not_cancelled(webinar)
    if not checkin_window(webinar).state(now).is_open:
        raise AttendanceRefused("L'émargement n'est pas ouvert : il l'est "
                                f"{checkin_window(webinar).label}.")
    if not code_matches(webinar, typed_code):
        raise WrongCode("Ce code ne correspond pas : vérifiez le code affiché par le "
                         "formateur ou la formatrice.")
    if not registration.attended:
        registration.checked_in_at = now
        registration.checkin_method = "self"
        registration.excused_at = None
    db.session.flush()
