"""A webinar's sign-in sheet and its attestations de présence, as PDF: the same approach as the
attestation (our template, a primitive-only context, nothing fetched from outside)."""

import atexit
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from html import escape
from string import Template

import weasyprint
from weasyprint.text.fonts import FontConfiguration

# The attestation's template folder and fetcher: both documents share its font, and WeasyPrint's
# font map is shared by every render of the process, hence one lock for all our documents.
from .rendering import TEMPLATE_DIR, RestrictedFetcher, _typesetting_lock
from .wording import french_date

METADATA = json.loads((TEMPLATE_DIR / "presence.json").read_text(encoding="utf-8"))
PRESENCE_TEMPLATE_VERSION: str = METADATA["version"]

NBSP = "\u00a0"


@dataclass(frozen=True)
class SessionFacts:
    """What both documents say about the session (times already in Paris time)."""

    title: str
    starts_at: datetime
    duration_minutes: int
    trainer_name: str
    grades_name: str
    region_name: str


@dataclass(frozen=True)
class SheetLine:
    """One registered person on the sheet; `presence` is the wording the web page shows too."""

    name: str
    structure: str
    presence: str
    present: bool
    mode: str = "—"  # how they checked in: `en ligne (code)`, `coché par le formateur`…


@dataclass(frozen=True)
class SignInSheetData:
    """The sign-in sheet: the session, every registered person, when it was printed."""

    session: SessionFacts
    lines: tuple[SheetLine, ...]
    printed_at: datetime
    upcoming: bool = False  # printed before the start: nobody is absent yet


@dataclass(frozen=True)
class PresenceCertificateData:
    """One attendee's attestation de présence."""

    session: SessionFacts
    attendee_name: str
    issued_on: date


def french_time(moment: datetime) -> str:
    """`14 h 30`, `9 h 05`."""
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def french_duration(minutes: int) -> str:
    """`45 minutes`, `1 heure`, `1 h 30`, `2 heures`."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest}{NBSP}minute{'s' if rest > 1 else ''}"
    if not rest:
        return f"{hours}{NBSP}heure{'s' if hours > 1 else ''}"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}"


def people(count: int, adjective: str) -> str:
    """`1 personne inscrite`, `3 personnes présentes`, `0 personne absente`."""
    plural = "s" if count > 1 else ""
    return f"{count}{NBSP}personne{plural} {adjective}{plural}"


def session_values(session: SessionFacts) -> dict[str, str]:
    """The session's lines, as the documents print them (not yet escaped)."""
    return {
        "webinar_title": session.title,
        "session_date": f"{french_date(session.starts_at.date())} à "
                        f"{french_time(session.starts_at)}",
        "session_iso": session.starts_at.isoformat(),
        "duration": french_duration(session.duration_minutes),
        "trainer_name": session.trainer_name,
        "grades_name": session.grades_name,
        "region_name": session.region_name,
    }


def escaped(values: dict[str, str]) -> dict[str, str]:
    return {key: escape(str(value), quote=True) for key, value in values.items()}


def sheet_rows(lines: tuple[SheetLine, ...]) -> str:
    """The table's body: one row per registered person, every cell escaped."""
    if not lines:
        return '<tr><td colspan="5">Aucune personne inscrite.</td></tr>'
    # The signature cell stays empty: signed by hand on the printed sheet.
    return "\n".join(
        f'<tr class="{"present" if line.present else "absent"}">'
        f'<th scope="row">{escape(line.name)}</th><td>{escape(line.structure)}</td>'
        f"<td>{escape(line.presence)}</td><td>{escape(line.mode)}</td>"
        '<td class="signature"></td></tr>'
        for line in lines)


def sign_in_sheet_context(data: SignInSheetData) -> dict[str, str]:
    """The sheet's context: strings only, escaped, the rows built from escaped cells."""
    present = sum(line.present for line in data.lines)
    counts = (f"{people(len(data.lines), 'inscrite')}, session à venir" if data.upcoming else
              f"{people(len(data.lines), 'inscrite')}, {people(present, 'présente')}, "
              f"{people(len(data.lines) - present, 'absente')}")
    values = {
        **session_values(data.session),
        "title": METADATA["sheet_title"],
        "counts": counts,
        "printed_at": f"{french_date(data.printed_at.date())} à "
                      f"{french_time(data.printed_at)}",
        "printed_iso": data.printed_at.isoformat(),
    }
    return {**escaped(values), "rows": sheet_rows(data.lines)}


def presence_certificate_context(data: PresenceCertificateData) -> dict[str, str]:
    """The certificate's context: strings only, every one escaped."""
    return escaped({
        **session_values(data.session),
        "title": METADATA["certificate_title"],
        "attendee_name": data.attendee_name,
        "issued_on": french_date(data.issued_on),
        "issued_iso": data.issued_on.isoformat(),
    })


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATE_DIR / METADATA[name]).read_text(encoding="utf-8"))


@cache
def _typesetting() -> tuple[weasyprint.CSS, FontConfiguration]:
    """The shared stylesheet of both documents, parsed once per process, with its font."""
    fonts = FontConfiguration()
    atexit.register(fonts.__del__)  # its temporary copy of our font, as in rendering.py
    css_path = TEMPLATE_DIR / METADATA["css"]
    stylesheet = weasyprint.CSS(
        string=f"@page {{ size: {METADATA['page_size']}; }}\n"
               + css_path.read_text(encoding="utf-8"),
        base_url=css_path.as_uri(), url_fetcher=RestrictedFetcher(fail_on_errors=True),
        font_config=fonts)
    return stylesheet, fonts


def _render(html: str) -> bytes:
    document = weasyprint.HTML(string=html, base_url=TEMPLATE_DIR.as_uri() + "/",
                               url_fetcher=RestrictedFetcher(fail_on_errors=True))
    with _typesetting_lock:
        stylesheet, fonts = _typesetting()
        return document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[stylesheet],
                                  font_config=fonts)


def render_sign_in_sheet_html(data: SignInSheetData) -> str:
    """The sign-in sheet as an HTML document."""
    return _template("sheet_html").substitute(sign_in_sheet_context(data))


def render_sign_in_sheet(data: SignInSheetData) -> bytes:
    """The sign-in sheet as a tagged A4 PDF (PDF/UA-1), as many pages as it takes."""
    return _render(render_sign_in_sheet_html(data))


def render_presence_certificate_html(data: PresenceCertificateData) -> str:
    """The attestation de présence as an HTML document."""
    return _template("certificate_html").substitute(presence_certificate_context(data))


def render_presence_certificate(data: PresenceCertificateData) -> bytes:
    """The attestation de présence as a one-page tagged A4 PDF (PDF/UA-1)."""
    return _render(render_presence_certificate_html(data))
