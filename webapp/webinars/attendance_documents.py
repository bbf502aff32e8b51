"""The sign-in sheet and attestation de présence PDFs: ORM rows turned into plain values.

Both are rendered on each request: the sheet changes with every tick, and the attestation is
asked for once or twice by each attendee.
"""

from datetime import datetime
from io import BytesIO

from flask import send_file

from certificates.presence import (
    PresenceCertificateData,
    SessionFacts,
    SheetLine,
    SignInSheetData,
    render_presence_certificate,
    render_sign_in_sheet,
)

from ..models import Registration, Webinar
from ..pdfs import render
from ..timekeeping import PARIS
from .attendance import attendee_rows, grades_of


def session_facts(webinar: Webinar) -> SessionFacts:
    grades, region_name = grades_of(webinar)
    return SessionFacts(title=webinar.title, starts_at=webinar.starts_at.astimezone(PARIS),
                        duration_minutes=webinar.duration_minutes,
                        trainer_name=webinar.trainer.full_name, grades_name=grades,
                        region_name=region_name)


# How each person's presence was recorded, as the sheet's « Mode » column says it.
CHECKIN_MODES = {"self": "en ligne (code)", "manual": "coché par le formateur",
                 "import": "import visio"}


def checkin_mode(registration: Registration) -> str:
    """`en ligne (code)`, `coché par le formateur`, `import visio`, or a dash if absent."""
    if not registration.attended:
        return "—"
    return CHECKIN_MODES.get(registration.checkin_method or "self", "—")


def sign_in_sheet_pdf(webinar: Webinar, now: datetime) -> bytes:
    """The sign-in sheet: every confirmed registration, present or absent."""
    lines = tuple(SheetLine(name=row.name, structure=row.structure, presence=row.presence,
                            present=row.registration.attended,
                            mode=checkin_mode(row.registration),
                            excused=row.registration.excused)
                  for row in attendee_rows(webinar, now))
    return render(render_sign_in_sheet, SignInSheetData(
        session=session_facts(webinar), lines=lines, printed_at=now.astimezone(PARIS),
        upcoming=now < webinar.starts_at))


def presence_certificate_pdf(webinar: Webinar, registration: Registration,
                             now: datetime) -> bytes:
    """One attendee's attestation de présence."""
    return render(render_presence_certificate, PresenceCertificateData(
        session=session_facts(webinar), attendee_name=registration.person.full_name,
        issued_on=now.astimezone(PARIS).date()))


def pdf_response(pdf: bytes, filename: str):
    response = send_file(BytesIO(pdf), mimetype="application/pdf", download_name=filename,
                         max_age=0, etag=False, conditional=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response
