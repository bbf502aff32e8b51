"""A webinar's sign-in sheet and its attestations de présence, as PDF: the same renderer as the
attestation (our template, a primitive-only context, nothing fetched from outside)."""

import json
from dataclasses import dataclass
from datetime import date, datetime

from .typesetting import TEMPLATE_DIR, render_document, render_html
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
    excused: bool = False  # absent, but said so beforehand: counted apart from the absent


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
    """The session's lines, as the documents print them (the template escapes them)."""
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


def sheet_rows(lines: tuple[SheetLine, ...]) -> list[dict]:
    """The table's rows as plain values (the template escapes every cell)."""
    return [{"name": line.name, "structure": line.structure,
             "presence": line.presence, "mode": line.mode,
             "present": line.present} for line in lines]


def sheet_counts(data: SignInSheetData) -> str:
    """`5 personnes inscrites, 3 personnes présentes, 1 personne excusée, 1 personne absente`:
    the excused are not absent without a word (none: not said)."""
    registered = people(len(data.lines), "inscrite")
    if data.upcoming:
        return f"{registered}, session à venir"
    present = sum(line.present for line in data.lines)
    excused = sum(line.excused and not line.present for line in data.lines)
    parts = [registered, people(present, "présente")]
    if excused:
        parts.append(people(excused, "excusée"))
    parts.append(people(len(data.lines) - present - excused, "absente"))
    return ", ".join(parts)


def sign_in_sheet_context(data: SignInSheetData) -> dict:
    """The sheet's context: plain values, one row per registered person."""
    counts = sheet_counts(data)
    return {
        **session_values(data.session),
        "title": METADATA["sheet_title"],
        "counts": counts,
        "printed_at": f"{french_date(data.printed_at.date())} à "
                      f"{french_time(data.printed_at)}",
        "printed_iso": data.printed_at.isoformat(),
        "rows": sheet_rows(data.lines),
    }


def presence_certificate_context(data: PresenceCertificateData) -> dict:
    """The certificate's context: plain values."""
    return {
        **session_values(data.session),
        "title": METADATA["certificate_title"],
        "attendee_name": data.attendee_name,
        "issued_on": french_date(data.issued_on),
        "issued_iso": data.issued_on.isoformat(),
    }


def _render(template: str, context: dict) -> bytes:
    return render_document(METADATA[template], context, stylesheet=METADATA["css"],
                           page_size=METADATA["page_size"])


def render_sign_in_sheet_html(data: SignInSheetData) -> str:
    """The sign-in sheet as an HTML document."""
    return render_html(METADATA["sheet_html"], sign_in_sheet_context(data))


def render_sign_in_sheet(data: SignInSheetData) -> bytes:
    """The sign-in sheet as a tagged A4 PDF (PDF/UA-1), as many pages as it takes."""
    return _render("sheet_html", sign_in_sheet_context(data))


def render_presence_certificate_html(data: PresenceCertificateData) -> str:
    """The attestation de présence as an HTML document."""
    return render_html(METADATA["certificate_html"], presence_certificate_context(data))


def render_presence_certificate(data: PresenceCertificateData) -> bytes:
    """The attestation de présence as a one-page tagged A4 PDF (PDF/UA-1)."""
    return _render("certificate_html", presence_certificate_context(data))
