"""A trainer's webinar from draft to published, then done, or cancelled; changes sent on.

Draft → published → done, or cancelled from draft or published. Editing a published webinar
raises its iCalendar SEQUENCE and sends the updated invitation to those registered; cancelling
sends METHOD:CANCEL. Helpers flush; views commit.
"""

import secrets
import uuid
from datetime import datetime

from ..extensions import db
from ..models import RegistrationStatus, User, Webinar, WebinarStatus
from ..timekeeping import utcnow
from .registration import (
    CONFIRMED,
    WAITING,
    confirmed_count,
    fill_seats,
    locked,
    registered,
    tell,
)

# No 0/O, 1/I/L: read aloud or copied from a screen, the code stays unambiguous.
CHECKIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHECKIN_LENGTH = 6
# What a registered person's calendar shows: a change of these is sent to them.
FIELDS = ("title", "description", "starts_at", "duration_minutes", "capacity", "audience",
          "visio_url", "modules", "region_code")
FIELD_LABELS = {"title": "titre", "description": "description", "starts_at": "date et heure",
                "duration_minutes": "durée", "capacity": "nombre de places",
                "audience": "public", "visio_url": "lien de la visio",
                "modules": "modules abordés", "region_code": "région"}


class WebinarRefused(Exception):
    """A change the webinar's state does not allow; the message says why, in French."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field  # the form field the problem belongs to, if any


def new_checkin_code() -> str:
    """Six characters to type to check in: about 10⁹ codes, drawn by `secrets`."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_LENGTH))


def create_webinar(details: dict, trainer: User, region_code: str) -> Webinar:
    """A draft webinar of the region, run by `trainer`."""
    values = {**details, "region_code": details.get("region_code") or region_code}
    webinar = Webinar(trainer=trainer, status=WebinarStatus.DRAFT.value,
                      ical_uid=f"{uuid.uuid4()}@rppsplus", ical_sequence=0,
                      checkin_code=new_checkin_code(), **values)
    db.session.add(webinar)
    db.session.flush()
    return webinar


def capacity_below_taken(taken: int) -> str:
    """Why the places cannot go below the `taken` seats already given."""
    people = "1 personne a" if taken == 1 else f"{taken} personnes ont"
    return (f"{people} déjà une place : le nombre de places ne peut pas descendre en dessous "
            f"de {taken}.")


def update_webinar(webinar: Webinar, details: dict) -> list[str]:
    """Apply the changes typed; the labels of the fields changed (none: nothing sent)."""
    webinar = locked(webinar)
    if webinar.state not in (WebinarStatus.DRAFT, WebinarStatus.PUBLISHED):
        raise WebinarRefused(f"Un webinaire {webinar.state.label.lower()} ne se modifie plus.")
    taken = confirmed_count(webinar)
    if details["capacity"] < taken:  # the form said so; registrations may have come since
        raise WebinarRefused(capacity_below_taken(taken), field="capacity")
    changed = [name for name in FIELDS
               if name in details and getattr(webinar, name) != details[name]]
    if not changed:
        return []
    start_moved = "starts_at" in changed
    for name in changed:
        setattr(webinar, name, details[name])
    if webinar.state is WebinarStatus.PUBLISHED:
        webinar.ical_sequence += 1
        if start_moved:  # the reminder is due again, before the new date
            for registration in webinar.registrations:
                registration.reminded_at = None
        db.session.flush()
        labels = [FIELD_LABELS[name] for name in changed]
        for registration in registered(webinar):
            tell(registration, "webinar_updated", f"Webinaire modifié : {webinar.title}",
                 changes=labels)
        fill_seats(webinar)  # more places: the waiting list moves up
    db.session.flush()
    return [FIELD_LABELS[name] for name in changed]


def publish(webinar: Webinar, now: datetime | None = None) -> Webinar:
    """Open the webinar to registrations (shown to the people of its region)."""
    webinar = locked(webinar)
    if webinar.state is not WebinarStatus.DRAFT:
        raise WebinarRefused("Seul un brouillon peut être publié.")
    if webinar.starts_at <= (now or utcnow()):
        raise WebinarRefused("Le début est passé : changez la date avant de publier.")
    webinar.status = WebinarStatus.PUBLISHED.value
    webinar.published_at = now or utcnow()
    db.session.flush()
    return webinar


def cancel(webinar: Webinar, reason: str, now: datetime | None = None) -> Webinar:
    """Cancel the webinar; those registered get METHOD:CANCEL, the waiting list a word."""
    webinar = locked(webinar)
    if webinar.state not in (WebinarStatus.DRAFT, WebinarStatus.PUBLISHED):
        raise WebinarRefused(f"Un webinaire {webinar.state.label.lower()} ne peut plus être "
                             "annulé.")
    was_published = webinar.state is WebinarStatus.PUBLISHED
    webinar.status = WebinarStatus.CANCELLED.value
    webinar.cancelled_at = now or utcnow()
    webinar.cancellation_reason = reason or None
    if was_published:
        webinar.ical_sequence += 1
    db.session.flush()
    for registration in registered(webinar, (CONFIRMED, WAITING)):
        tell(registration, "webinar_cancelled", f"Webinaire annulé : {webinar.title}",
             seated=registration.state is RegistrationStatus.CONFIRMED)
    return webinar


def may_mark_done(webinar: Webinar, now: datetime) -> bool:
    """Whether « Marquer comme terminé » is offered: a published webinar that has started."""
    return webinar.state is WebinarStatus.PUBLISHED and now >= webinar.starts_at


def mark_done(webinar: Webinar, now: datetime | None = None) -> Webinar:
    """Record that the session took place (once it has started)."""
    webinar = locked(webinar)
    if webinar.state is not WebinarStatus.PUBLISHED:
        raise WebinarRefused("Seul un webinaire publié peut être marqué comme terminé.")
    if not may_mark_done(webinar, now or utcnow()):
        raise WebinarRefused("Le webinaire n'a pas encore commencé.")
    webinar.status = WebinarStatus.DONE.value
    db.session.flush()
    return webinar
