"""The iCalendar invitation of a webinar (RFC 5545/5546), for one registered person.

One UID for the life of the event; SEQUENCE rises with every change sent, so that calendars
replace the event they hold; a cancelled webinar gives METHOD:CANCEL. Times in Europe/Paris
with their VTIMEZONE, as the people invited read them.
"""

from datetime import timedelta

from icalendar import Calendar, Event, vCalAddress, vText

from ..models import User, Webinar, WebinarStatus
from ..timekeeping import PARIS, utcnow

PRODID = "-//RPPS+ Académie//Webinaires//FR"
YEAR = timedelta(days=366)


def address(person: User, **parameters) -> vCalAddress:
    """A person as an iCalendar address: their e-mail, their name."""
    value = vCalAddress(f"mailto:{person.email}")
    value.params["CN"] = vText(person.full_name)
    for name, parameter in parameters.items():
        value.params[name.upper().replace("_", "-")] = vText(parameter)
    return value


def invitation(webinar: Webinar, person: User, page_url: str) -> bytes:
    """The .ics of the webinar for `person`: REQUEST, or CANCEL once it is cancelled."""
    cancelled = webinar.state is WebinarStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", webinar.ical_uid)
    event.add("sequence", webinar.ical_sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", webinar.starts_at.astimezone(PARIS))
    event.add("dtend", webinar.ends_at.astimezone(PARIS))
    event.add("summary", f"Webinaire : {webinar.title}")
    # The visio link is not in the invitation: it is shown on the page, to those registered,
    # from 15 minutes before the start.
    event.add("location", "En ligne : lien sur la page du webinaire")
    event.add("url", page_url)
    notes = [webinar.description.strip()] if webinar.description.strip() else []
    notes.append(f"Page du webinaire : {page_url}\nLe lien de connexion y est affiché 15 "
                 "minutes avant le début.")
    if cancelled:
        notes.insert(0, "Ce webinaire est annulé." + (
            f" Motif : {webinar.cancellation_reason}" if webinar.cancellation_reason else ""))
    event.add("description", "\n\n".join(notes))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", address(webinar.trainer))
    event.add("attendee", address(person, role="REQ-PARTICIPANT", partstat="ACCEPTED",
                                  rsvp="FALSE"))
    calendar.add_component(event)
    # The time zone's rules around the event only: a few lines rather than 1970 to 2038.
    calendar.add_missing_timezones(first_date=(webinar.starts_at - YEAR).date(),
                                   last_date=(webinar.ends_at + YEAR).date())
    return calendar.to_ical()
