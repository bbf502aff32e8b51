"""The visio tool's attendance report applied to a webinar: each person of the file matched
to a registration by address, else by name; the rest reported. Flush only."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from visio import Attendee, Report

from ..extensions import db
from ..models import AttendanceImport, Registration, User, Webinar
from .attendance import confirmed_registrations
from .checkin import ensure_presence_recordable

PARENTHESES = re.compile(r"\(([^()]*)\)")


def name_key(text: str) -> str:
    """A name as compared: no accents, no case, words in any order (`Martin Alice`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(sorted(re.sub(r"[^a-z0-9]+", " ", plain).split()))


def name_keys(text: str) -> list[str]:
    """The keys a name of the file may mean: as written without its brackets (`Chloé Petit
    (Invité)`), and what the brackets hold (Zoom's `Renamed (Original Name)`)."""
    keys = [name_key(PARENTHESES.sub(" ", text))] + [name_key(inner)
                                                     for inner in PARENTHESES.findall(text)]
    return [key for key in keys if key]


@dataclass(frozen=True)
class Matching:
    """Who of the file is who: minutes per registration, and the people left over."""

    minutes: dict[int, int]
    unmatched: list[str]
    ambiguous: list[str]


def match(attendees: tuple[Attendee, ...], registrations: list[Registration]) -> Matching:
    """By address first; a person without a known address by their name, when exactly one
    registered person has it (several: ambiguous, nobody is marked)."""
    by_email = {r.person.email.lower(): r for r in registrations}
    by_name: dict[str, list[Registration]] = {}
    for registration in registrations:
        person: User = registration.person
        by_name.setdefault(name_key(f"{person.first_name} {person.last_name}"),
                           []).append(registration)
    minutes, unmatched, ambiguous = {}, [], []
    for attendee in attendees:
        found = by_email.get(attendee.email or "")
        if found is None:
            candidates = next((by_name[key] for key in name_keys(attendee.name)
                               if key in by_name), [])
            if len(candidates) > 1:
                ambiguous.append(attendee.label)
                continue
            found = candidates[0] if candidates else None
        if found is None:
            unmatched.append(attendee.label)
            continue
        minutes[found.id] = minutes.get(found.id, 0) + attendee.minutes
    return Matching(minutes, sorted(unmatched), sorted(ambiguous))


def import_report(webinar: Webinar, report: Report, minimum: int, actor: User,
                  now: datetime) -> tuple[AttendanceImport, Matching]:
    """Apply the report: `minimum` minutes or more is present.

    Each import is the whole report and replaces what the previous one decided; a check-in or
    a tick stands whatever the file says. People of nobody registered are kept, listed. Like
    any presence, not before the check-in window opens: a report then is of another meeting.
    """
    ensure_presence_recordable(webinar, now)
    registrations = confirmed_registrations(webinar)
    matching = match(report.attendees, registrations)
    present = 0
    for registration in registrations:
        minutes = matching.minutes.get(registration.id)
        registration.minutes_present = minutes
        enough = minutes is not None and minutes >= minimum
        present += enough
        if registration.checkin_method in (None, "import"):
            registration.checked_in_at = (registration.checked_in_at or now) if enough else None
            registration.checkin_method = "import" if enough else None
    record = AttendanceImport(webinar_id=webinar.id, imported_by_id=actor.id, imported_at=now,
                              minimum_minutes=minimum, rows=report.rows, present=present,
                              tool=report.tool, unknown=matching.unmatched,
                              ambiguous=matching.ambiguous)
    db.session.add(record)
    db.session.flush()
    return record, matching


def last_import(webinar: Webinar) -> AttendanceImport | None:
    return db.session.scalar(db.select(AttendanceImport).filter_by(webinar_id=webinar.id)
                             .order_by(AttendanceImport.id.desc()).limit(1))
