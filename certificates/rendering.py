"""The attestation PDF: our template, a primitive-only context, nothing fetched from outside.

The typesetting itself (sandboxed template, locked fetcher, stylesheet parsed once) is
`typesetting.render_document`, shared by every document; its names are re-exported here.
"""

import json
from dataclasses import dataclass
from datetime import date

import segno

from .typesetting import (  # noqa: F401  (re-exported: one import path for every document)
    TEMPLATE_DIR,
    TYPESETTING_LOCK,
    Resource,
    RestrictedFetcher,
    render_document,
    restricted_fetcher,
)
from .typesetting import render_html as render_template_html
from .wording import french_date, french_minutes

METADATA = json.loads((TEMPLATE_DIR / "metadata.json").read_text(encoding="utf-8"))
TEMPLATE_VERSION: str = METADATA["version"]
DEFAULT_ISSUER = "RPPS+ Académie"
# Beyond these, « et N autres » (all are kept with the attestation): the page stays one page.
STRUCTURES_SHOWN = 4

NBSP = "\u00a0"

# Before one renderer served every document, others took the lock under this name.
_typesetting_lock = TYPESETTING_LOCK


@dataclass(frozen=True)
class AttestationData:
    """What an attestation shows, as plain values.

    `holder_structures`: the structures the holder was attached to when passing (printed as
    such: the flag is the person's); `course_minutes`: the course's declared length;
    `issuer_logo`: the issuing organisation's logo, read by the caller, never fetched here.
    """

    number: str
    code: str
    holder_name: str
    course_title: str
    course_version: str
    issued_on: date
    score: int
    total: int
    verify_url: str
    holder_rpps: str | None = None
    holder_structures: tuple[str, ...] = ()
    course_minutes: int | None = None
    issuer_name: str = DEFAULT_ISSUER
    issuer_logo: Resource | None = None


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (one path), with a text alternative."""
    # micro=False: a URL never fits a Micro QR, and segno would try one first.
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, omitsize=True, svgclass="qr-code", lineclass=None,
        title=f"Code QR vers la page de vérification : {url}")


def structures_shown(structures: tuple[str, ...]) -> list[str]:
    """The structures as printed: the first few, then how many more."""
    shown = list(structures[:STRUCTURES_SHOWN])
    rest = len(structures) - len(shown)
    if rest:
        shown.append(f"et {rest}{NBSP}autre{'s' if rest > 1 else ''}")
    return shown


def attestation_context(data: AttestationData) -> dict:
    """The template's context: plain values (the template escapes them), and our QR SVG."""
    return {
        "title": METADATA["title"],
        "issuer_name": data.issuer_name,
        "has_logo": data.issuer_logo is not None,
        "holder_name": data.holder_name,
        "holder_rpps": data.holder_rpps or "",
        "structures": structures_shown(tuple(data.holder_structures)),
        "course_title": data.course_title,
        "course_version": data.course_version,
        "course_length": f"environ {french_minutes(data.course_minutes)}"
        if data.course_minutes else "",
        "issued_on": french_date(data.issued_on),
        "issued_iso": data.issued_on.isoformat(),
        "score": f"{int(data.score)}{NBSP}/{NBSP}{int(data.total)}",
        "number": data.number,
        "code": data.code,
        "verify_url": data.verify_url,
        "qr_svg": qr_svg(data.verify_url),  # ours, from segno: the template marks it safe
    }


def render_html(data: AttestationData) -> str:
    """The attestation as an HTML document; `render_pdf` adds the template's stylesheet."""
    return render_template_html(METADATA["html"], attestation_context(data))


def render_pdf(data: AttestationData) -> bytes:
    """The attestation as a tagged A4 PDF (PDF/UA-1) with its fonts embedded."""
    resources = {"issuer-logo": data.issuer_logo} if data.issuer_logo is not None else None
    return render_document(METADATA["html"], attestation_context(data),
                           stylesheet=METADATA["css"], page_size=METADATA["page_size"],
                           resources=resources)
