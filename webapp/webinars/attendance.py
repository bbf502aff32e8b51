"""Attendance (« émargement ») as the trainer keeps it: ticks, « excusé(e) », what is recorded
after the session, and how each person's presence is said. Flush only."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.orm import selectinload

from directory.geography import region

from ..extensions import db
from ..models import Registration, RegistrationStatus, User, Webinar, WebinarStatus
from ..timekeeping import NBSP, PARIS, french_datetime
from .checkin import (
    AttendanceRefused,
    clock,
    ensure_not_cancelled,
    ensure_presence_recordable,
    has_ended,
    may_record_presence,
)


def confirmed_registrations(webinar: Webinar) -> list[Registration]:
    """The confirmed registrations, by name, each person's structures loaded with them."""
    return db.session.scalars(
        db.select(Registration).join(User, User.id == Registration.user_id)
        .where(Registration.webinar_id == webinar.id,
               Registration.status == RegistrationStatus.CONFIRMED.value)
        .options(selectinload(Registration.person).selectinload(User.memberships))
        .order_by(User.last_name, User.first_name, User.id)).all()


def tick(webinar: Webinar, registration: Registration, present: bool, now: datetime) -> None:
    """The trainer marks a registered person present (from the check-in window's opening, as
    the attendee's own check-in), or not present after all (at any time)."""
    ensure_not_cancelled(webinar)
    if present and not registration.attended:
        ensure_presence_recordable(webinar, now)
        registration.checked_in_at = now
        registration.checkin_method = "manual"
        registration.excused_at = None
    elif not present:
        registration.checked_in_at = None
        registration.checkin_method = None
    db.session.flush()


def excuse(webinar: Webinar, registration: Registration, excused: bool, now: datetime) -> None:
    """Mark a registered person « excusé(e) » (they said they could not come), or not."""
    ensure_not_cancelled(webinar)
    if excused and registration.attended:
        raise AttendanceRefused(f"{registration.person.full_name} est marqué(e) présent(e) : "
                                "retirez d'abord la présence pour l'excuser.")
    registration.excused_at = (registration.excused_at or now) if excused else None
    db.session.flush()


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


# What the page, the sign-in sheet and the exports say of each person


def structure_label(person: User) -> str:
    """The person's structures (the EG when attached to one), or a dash."""
    names = []
    for membership in person.memberships:
        if membership.is_active:
            name = (membership.establishment or membership.organisation).name
            if name not in names:
                names.append(name)
    return ", ".join(names) or "—"


def presence_state(registration: Registration, webinar: Webinar, now: datetime) -> str:
    """`à venir`, `présent`, `excusé` or `absent`: the presence in one word."""
    if registration.attended:
        return "présent"
    if registration.excused:
        return "excusé"
    return "à venir" if now < webinar.starts_at else "absent"


def presence_label(registration: Registration, webinar: Webinar, now: datetime) -> str:
    """`à venir` before the start, then `présent, émargé à 14 h 02` (`le 5 décembre 2026 à
    15 h 28` another day), `présent (import visio, 45 min)`, `excusé(e)` or `absent`."""
    minutes = registration.minutes_present
    visio = f" (import visio, {minutes}{NBSP}min)" if minutes is not None else ""
    state = presence_state(registration, webinar, now)
    if state == "excusé":
        return "excusé(e)" + visio
    if state != "présent":
        return state + visio
    if registration.checkin_method == "import":
        return f"présent (import visio, {minutes}{NBSP}min)"
    moment = registration.checked_in_at
    same_day = moment.astimezone(PARIS).date() == webinar.starts_at.astimezone(PARIS).date()
    when = f"à {clock(moment)}" if same_day else f"le {french_datetime(moment)}"
    how = "coché par le formateur" if registration.checkin_method == "manual" else "émargé"
    visio = f" ; import visio : {minutes}{NBSP}min" if minutes is not None else ""
    return f"présent, {how} {when}{visio}"


@dataclass(frozen=True)
class AttendeeRow:
    """One registered person as the attendance page and the sign-in sheet show them."""

    registration: Registration
    name: str
    structure: str
    presence: str
    may_mark_present: bool = False  # « Marquer présent » is offered: not yet, and it can be


def attendee_row(webinar: Webinar, registration: Registration, now: datetime) -> AttendeeRow:
    person = registration.person
    return AttendeeRow(registration, f"{person.last_name} {person.first_name}",
                       structure_label(person), presence_label(registration, webinar, now),
                       not registration.attended and may_record_presence(webinar, now))


def attendee_rows(webinar: Webinar, now: datetime) -> list[AttendeeRow]:
    """Every confirmed registration, by name."""
    return [attendee_row(webinar, r, now) for r in confirmed_registrations(webinar)]


def presence_summary(webinar: Webinar, rows: list[AttendeeRow], now: datetime) -> str:
    """`à venir (2 inscrits)` before the start, then `1 sur 2 inscrits` (and the excused)."""
    registered = f"{len(rows)} inscrit{'s' if len(rows) > 1 else ''}"
    if now < webinar.starts_at:
        return f"à venir ({registered})"
    excused = sum(row.registration.excused for row in rows)
    return (f"{sum(row.registration.attended for row in rows)} sur {registered}"
            + (f", {excused} excusé{'s' if excused > 1 else ''}" if excused else ""))


def grades_of(webinar: Webinar) -> tuple[str, str]:
    """The region's GRADeS and the region's name."""
    try:
        found = region(webinar.region_code)
    except KeyError:
        return "GRADeS", webinar.region_code
    return found.grades_label, found.name
