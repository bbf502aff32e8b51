"""Attendance (« émargement »): the check-in window and code, ticks, the visio tool's export,
and what the trainer records after the session. Flush only."""

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.orm import selectinload

from directory.geography import region

from ..extensions import db
from ..models import (
    AttendanceImport,
    Registration,
    RegistrationStatus,
    User,
    Webinar,
    WebinarStatus,
)
from ..timekeeping import PARIS, french_date, french_datetime
from .participants import Participants

# Attendees connect a little early and sign in when reminded, sometimes late.
CHECKIN_OPENS_BEFORE = timedelta(minutes=15)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)


class AttendanceRefused(ValueError):
    """The change cannot be made now; the message says why, in French."""


class WrongCode(ValueError):
    """The check-in code typed is not the webinar's."""


@dataclass(frozen=True)
class CheckinWindow:
    """When attendees may check in themselves."""

    opens: datetime
    closes: datetime

    def state(self, now: datetime) -> str:
        """`early`, `open` or `closed`."""
        if now < self.opens:
            return "early"
        return "open" if now <= self.closes else "closed"

    @property
    def label(self) -> str:
        """`le 21 novembre 2026, de 14 h 15 à 16 h 30` (Paris time)."""
        opens, closes = self.opens.astimezone(PARIS), self.closes.astimezone(PARIS)
        if opens.date() == closes.date():
            return f"le {french_date(opens)}, de {clock(opens)} à {clock(closes)}"
        return f"du {french_datetime(opens)} au {french_datetime(closes)}"


def clock(moment: datetime) -> str:
    """`14 h 05`, in Paris time."""
    local = moment.astimezone(PARIS)
    return f"{local.hour} h {local.minute:02d}"


def checkin_window(webinar: Webinar) -> CheckinWindow:
    return CheckinWindow(webinar.starts_at - CHECKIN_OPENS_BEFORE,
                         webinar.ends_at + CHECKIN_CLOSES_AFTER)


def normalised_code(text: str) -> str:
    """A check-in code as compared: no spaces, upper case."""
    return "".join((text or "").split()).upper()


def code_matches(webinar: Webinar, typed: str) -> bool:
    """Whether `typed` is the webinar's check-in code (case and spaces ignored)."""
    return hmac.compare_digest(normalised_code(typed).encode(),
                               normalised_code(webinar.checkin_code).encode())


def has_ended(webinar: Webinar, now: datetime) -> bool:
    return now >= webinar.ends_at


def registration_of(webinar: Webinar, person: User) -> Registration | None:
    """The person's confirmed registration to the webinar, if any."""
    return db.session.scalar(db.select(Registration).filter_by(
        webinar_id=webinar.id, user_id=person.id, status=RegistrationStatus.CONFIRMED.value))


def confirmed_registrations(webinar: Webinar) -> list[Registration]:
    """The confirmed registrations, by name, each person's structures loaded with them."""
    return db.session.scalars(
        db.select(Registration).join(User, User.id == Registration.user_id)
        .where(Registration.webinar_id == webinar.id,
               Registration.status == RegistrationStatus.CONFIRMED.value)
        .options(selectinload(Registration.person).selectinload(User.memberships))
        .order_by(User.last_name, User.first_name, User.id)).all()


def ensure_not_cancelled(webinar: Webinar) -> None:
    if webinar.state is WebinarStatus.CANCELLED:
        raise AttendanceRefused("Ce webinaire est annulé : l'émargement est fermé.")


def check_in(webinar: Webinar, registration: Registration, typed_code: str,
             now: datetime) -> None:
    """The attendee's own check-in, with the code, inside the window (again: no change)."""
    ensure_not_cancelled(webinar)
    state = checkin_window(webinar).state(now)
    if state != "open":
        raise AttendanceRefused("L'émargement n'est pas ouvert : il l'est "
                                f"{checkin_window(webinar).label}.")
    if not code_matches(webinar, typed_code):
        raise WrongCode("Ce code ne correspond pas : vérifiez le code affiché par le "
                         "formateur ou la formatrice.")
    if not registration.attended:
        registration.checked_in_at = now
        registration.checkin_method = "self"
    db.session.flush()


def tick(webinar: Webinar, registration: Registration, present: bool, now: datetime) -> None:
    """The trainer marks a registered person present, or not present after all."""
    ensure_not_cancelled(webinar)
    if present and not registration.attended:
        registration.checked_in_at = now
        registration.checkin_method = "manual"
    elif not present:
        registration.checked_in_at = None
        registration.checkin_method = None
    db.session.flush()


def import_participants(webinar: Webinar, participants: Participants, minimum: int,
                        actor: User, now: datetime) -> AttendanceImport:
    """Apply the visio tool's export: `minimum` minutes or more is present.

    Each import is the whole export and replaces what the previous one decided; a check-in or
    a tick stands whatever the file says. Addresses of nobody registered are kept, listed.
    """
    ensure_not_cancelled(webinar)
    registrations = {r.person.email: r for r in confirmed_registrations(webinar)}
    present = 0
    for email, registration in registrations.items():
        minutes = participants.minutes.get(email)
        registration.minutes_present = minutes
        enough = minutes is not None and minutes >= minimum
        present += enough
        if registration.checkin_method in (None, "import"):
            registration.checked_in_at = (registration.checked_in_at or now) if enough else None
            registration.checkin_method = "import" if enough else None
    unknown = sorted(email for email in participants.minutes if email not in registrations)
    record = AttendanceImport(webinar_id=webinar.id, imported_by_id=actor.id, imported_at=now,
                              minimum_minutes=minimum, rows=participants.rows,
                              present=present, unknown=unknown)
    db.session.add(record)
    db.session.flush()
    return record


def last_import(webinar: Webinar) -> AttendanceImport | None:
    return db.session.scalar(db.select(AttendanceImport).filter_by(webinar_id=webinar.id)
                             .order_by(AttendanceImport.id.desc()).limit(1))


def https_url(value: str | None, what: str) -> str | None:
    """An https address (or nothing), else AttendanceRefused naming the field."""
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if (parts.scheme != "https" or not parts.hostname or "." not in parts.hostname
            or any(c.isspace() for c in value) or len(value) > 500):
        raise AttendanceRefused(f"{what} : saisissez une adresse complète commençant par "
                                "https://, par exemple https://exemple.fr/replay.")
    return value


def record_after_session(webinar: Webinar, replay_url: str | None, slides_url: str | None,
                         done: bool, now: datetime) -> None:
    """The replay and slides, once the session is over; `done` closes the webinar."""
    ensure_not_cancelled(webinar)
    if not has_ended(webinar, now):
        raise AttendanceRefused("Le replay et le support se renseignent après la session, à "
                                f"partir du {french_datetime(webinar.ends_at)}.")
    if done and webinar.state is WebinarStatus.DRAFT:
        raise AttendanceRefused("Un webinaire resté en brouillon n'a pas eu lieu : il ne peut "
                                "pas être marqué comme terminé.")
    webinar.replay_url, webinar.slides_url = replay_url, slides_url
    if done:
        webinar.status = WebinarStatus.DONE.value
    db.session.flush()


# What the page and the sign-in sheet say of each person


def structure_label(person: User) -> str:
    """The person's structures (the EG when attached to one), or a dash."""
    names = []
    for membership in person.memberships:
        if membership.is_active:
            name = (membership.establishment or membership.organisation).name
            if name not in names:
                names.append(name)
    return ", ".join(names) or "—"


def presence_label(registration: Registration, webinar: Webinar, now: datetime) -> str:
    """`à venir` before the start, then `présent, émargé à 14 h 02`,
    `présent (import visio, 45 min)` or `absent`."""
    minutes = registration.minutes_present
    if not registration.attended and now < webinar.starts_at:
        return "à venir"
    if not registration.attended:
        return "absent" + (f" (import visio, {minutes} min)" if minutes is not None else "")
    if registration.checkin_method == "import":
        return f"présent (import visio, {minutes} min)"
    moment = registration.checked_in_at
    same_day = moment.astimezone(PARIS).date() == webinar.starts_at.astimezone(PARIS).date()
    when = clock(moment) if same_day else french_datetime(moment)
    how = "coché par le formateur" if registration.checkin_method == "manual" else "émargé"
    visio = f" ; import visio : {minutes} min" if minutes is not None else ""
    return f"présent, {how} à {when}{visio}"


@dataclass(frozen=True)
class AttendeeRow:
    """One registered person as the attendance page and the sign-in sheet show them."""

    registration: Registration
    name: str
    structure: str
    presence: str


def attendee_row(webinar: Webinar, registration: Registration, now: datetime) -> AttendeeRow:
    person = registration.person
    return AttendeeRow(registration, f"{person.last_name} {person.first_name}",
                       structure_label(person), presence_label(registration, webinar, now))


def attendee_rows(webinar: Webinar, now: datetime) -> list[AttendeeRow]:
    """Every confirmed registration, by name."""
    return [attendee_row(webinar, r, now) for r in confirmed_registrations(webinar)]


def presence_summary(webinar: Webinar, rows: list[AttendeeRow], now: datetime) -> str:
    """`à venir (2 inscrits)` before the start, then `1 sur 2 inscrits`."""
    registered = f"{len(rows)} inscrit{'s' if len(rows) > 1 else ''}"
    if now < webinar.starts_at:
        return f"à venir ({registered})"
    return f"{sum(row.registration.attended for row in rows)} sur {registered}"


def grades_of(webinar: Webinar) -> tuple[str, str]:
    """The region's GRADeS and the region's name."""
    try:
        found = region(webinar.region_code)
    except KeyError:
        return "GRADeS", webinar.region_code
    return found.grades_label, found.name
