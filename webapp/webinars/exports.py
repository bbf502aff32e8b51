"""The registrants and their attendance, as CSV (`webapp.spreadsheets`) and as `.xlsx`.

The `.xlsx` writer follows the CSV's rules: real date cells (Paris time), a filter on the
header, and every text cell stored as text, so that a name starting with `=` never becomes a
formula. (It will join the generic writer of `webapp.spreadsheets` at merge.)
"""

import io
from datetime import datetime

from flask import send_file
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Registration, RegistrationStatus, User, Webinar
from ..spreadsheets import csv_download
from ..timekeeping import PARIS, utcnow
from .attendance import presence_state, structure_label
from .attendance_documents import checkin_mode

HEADER = ["Nom", "Prénom", "Adresse e-mail", "Structure", "Inscription", "Inscrit(e) le",
          "Présence", "Mode d'émargement", "Émargé(e) le", "Minutes en visio"]
DATE_FORMAT = "dd/mm/yyyy hh:mm"


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
    """Dates written the French way (`21/11/2026 14:02`), read as dates by Excel in French."""
    return [[f"{cell:%d/%m/%Y %H:%M}" if isinstance(cell, datetime) else
             ("" if cell is None else cell) for cell in line] for line in lines]


def workbook_bytes(header: list[str], lines: list[list], title: str) -> bytes:
    """One sheet: a bold, filtered, frozen header; dates as dates; text as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for line in [header, *lines]:
        sheet.append([None] * len(line))
        row = sheet.max_row
        for column, value in enumerate(line, start=1):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever it starts with
            elif isinstance(value, datetime):
                cell.number_format = DATE_FORMAT
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(lines) + 1)}"
    sheet.freeze_panes = "A2"
    for column, name in enumerate(header, start=1):
        width = max([len(name)] + [len(str(line[column - 1] or "")) for line in lines])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_download(header: list[str], lines: list[list], name: str, title: str):
    """The workbook as a download named `name-AAAAMMJJ.xlsx`."""
    stamp = utcnow().strftime("%Y%m%d")
    return send_file(io.BytesIO(workbook_bytes(header, lines, title)),
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name=f"{name}-{stamp}.xlsx")


def participants_csv(webinar: Webinar):
    return csv_download(HEADER, csv_rows(rows(webinar, utcnow())),
                        f"participants-webinaire-{webinar.id}")


def participants_xlsx(webinar: Webinar):
    return xlsx_download(HEADER, rows(webinar, utcnow()), f"participants-webinaire-{webinar.id}",
                         "Participants")
