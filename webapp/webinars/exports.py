"""The registrants and their attendance, as CSV (`webapp.spreadsheets`) and as `.xlsx`.

Both through `webapp.spreadsheets`: in the workbook, real date cells (Paris time), a filter on
the header, and every text cell stored as text, so that a name starting with `=` never becomes a
formula.
"""

from datetime import datetime

from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Registration, RegistrationStatus, User, Webinar
from ..spreadsheets import csv_download, xlsx_download
from ..timekeeping import PARIS, utcnow
from .attendance import presence_state, structure_label
from .attendance_documents import checkin_mode

HEADER = ["Nom", "Prénom", "Adresse e-mail", "Structure", "Inscription", "Inscrit(e) le",
          "Présence", "Mode d'émargement", "Émargé(e) le", "Minutes en visio"]


def paris(moment: datetime | None) -> datetime | None:
    """A moment as a spreadsheet cell shows it: Paris time, without time zone."""
    return moment.astimezone(PARIS).replace(tzinfo=None) if moment else None


def registrations(webinar: Webinar) -> list[Registration]:
    """Every registration of the webinar, cancelled ones too, by name."""
    return db.session.scalars(
        db.select(Registration).join(User, User.id == Registration.user_id)
        .where(Registration.webinar_id == webinar.id)
        .options(selectinload(Registration.person).selectinload(User.memberships))
        .order_by(User.last_name, User.first_name, User.id)).all()


def rows(webinar: Webinar, now: datetime) -> list[list]:
    """One line per registration: who, their registration's state, their presence."""
    lines = []
    for registration in registrations(webinar):
        person = registration.person
        confirmed = registration.state is RegistrationStatus.CONFIRMED
        lines.append([
            person.last_name, person.first_name, person.email, structure_label(person),
            registration.state.label, paris(registration.registered_at),
            presence_state(registration, webinar, now) if confirmed else "",
            checkin_mode(registration) if confirmed and registration.attended else "",
            paris(registration.checked_in_at), registration.minutes_present])
    return lines


def csv_rows(lines: list[list]) -> list[list]:
    """Moments written as ISO dates (`2026-11-21 14:02`, Paris time): they sort as text and
    Excel reads them as dates, as the roster's export does."""
    return [[f"{cell:%Y-%m-%d %H:%M}" if isinstance(cell, datetime) else
             ("" if cell is None else cell) for cell in line] for line in lines]


def participants_csv(webinar: Webinar):
    return csv_download(HEADER, csv_rows(rows(webinar, utcnow())),
                        f"participants-webinaire-{webinar.id}")


def participants_xlsx(webinar: Webinar):
    return xlsx_download(HEADER, rows(webinar, utcnow()), f"participants-webinaire-{webinar.id}",
                         "Participants")
