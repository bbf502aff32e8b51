"""The attestation PDF: our template, a primitive-only context, nothing fetched from outside."""

import atexit
import json
import mimetypes
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from string import Template
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import segno
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .wording import french_date

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
METADATA = json.loads((TEMPLATE_DIR / "metadata.json").read_text(encoding="utf-8"))
TEMPLATE_VERSION: str = METADATA["version"]

NBSP = "\u00a0"

# WeasyPrint's font map (Pango, fontconfig) is shared by every render of the process: one
# render at a time touches it.
_typesetting_lock = threading.Lock()


@dataclass(frozen=True)
class AttestationData:
    """What an attestation shows, as plain values."""

    number: str
    code: str
    holder_name: str
    course_title: str
    course_version: str
    issued_on: date
    score: int
    total: int
    verify_url: str


def restricted_fetcher(url: str) -> URLFetcherResponse:
    """Serve files of the template folder only; refuse every other URL with ValueError."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"URL refusée (hors du modèle d'attestation) : {url}")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not path.is_relative_to(TEMPLATE_DIR) or not path.is_file():
        raise ValueError(f"Fichier refusé (hors du modèle d'attestation) : {url}")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


class RestrictedFetcher(URLFetcher):
    """WeasyPrint's fetcher interface around `restricted_fetcher`: no network, no other file."""

    def fetch(self, url, headers=None):
        return restricted_fetcher(url)


@cache
def _template() -> Template:
    return Template((TEMPLATE_DIR / METADATA["html"]).read_text(encoding="utf-8"))


@cache
def _typesetting(css_name: str = METADATA["css"], page_size: str = METADATA["page_size"]
                 ) -> tuple[weasyprint.CSS, FontConfiguration]:
    """The stylesheet, parsed once per process, and the font configuration holding its font.

    Neither depends on the attestation, and WeasyPrint reuses both for any number of
    documents: parsing the CSS and loading the font again for each PDF made it a third slower.
    WeasyPrint applies it as a user stylesheet: the HTML has no style of its own to yield to.
    """
    fonts = FontConfiguration()
    # It deletes its temporary copy of our font when collected, which Python may skip at exit.
    atexit.register(fonts.__del__)
    css_path = TEMPLATE_DIR / css_name
    page = f"@page {{ size: {page_size}; }}\n"
    stylesheet = weasyprint.CSS(
        string=page + css_path.read_text(encoding="utf-8"), base_url=css_path.as_uri(),
        url_fetcher=RestrictedFetcher(fail_on_errors=True), font_config=fonts)
    return stylesheet, fonts


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (one path), with a text alternative."""
    # micro=False: a URL never fits a Micro QR, and segno would try one first.
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=1, omitsize=True, svgclass="qr-code", lineclass=None,
        title=f"Code QR vers la page de vérification : {url}")


def attestation_context(data: AttestationData) -> dict[str, str]:
    """The template's context: strings only, every one HTML-escaped except our own QR SVG."""
    values = {
        "title": METADATA["title"],
        "holder_name": data.holder_name,
        "course_title": data.course_title,
        "course_version": data.course_version,
        "issued_on": french_date(data.issued_on),
        "issued_iso": data.issued_on.isoformat(),
        "score": f"{int(data.score)}{NBSP}/{NBSP}{int(data.total)}",
        "number": data.number,
        "code": data.code,
        "verify_url": data.verify_url,
    }
    context = {key: escape(str(value), quote=True) for key, value in values.items()}
    context["qr_svg"] = qr_svg(data.verify_url)
    return context


def render_html(data: AttestationData) -> str:
    """The attestation as an HTML document; `render_pdf` adds the template's stylesheet."""
    return _template().substitute(attestation_context(data))


def render_pdf(data: AttestationData) -> bytes:
    """The attestation as a tagged A4 PDF (PDF/UA-1) with its fonts embedded."""
    document = weasyprint.HTML(
        string=render_html(data), base_url=TEMPLATE_DIR.as_uri() + "/",
        url_fetcher=RestrictedFetcher(fail_on_errors=True))
    with _typesetting_lock:
        stylesheet, fonts = _typesetting()
        return document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[stylesheet],
                                  font_config=fonts)


def render_document(html: str, css_name: str, page_size: str = "A4") -> bytes:
    """Another of our documents (its HTML and a stylesheet of the template folder) as a tagged
    PDF (PDF/UA-1), with the attestation's fetcher, font handling and lock."""
    document = weasyprint.HTML(
        string=html, base_url=TEMPLATE_DIR.as_uri() + "/",
        url_fetcher=RestrictedFetcher(fail_on_errors=True))
    with _typesetting_lock:
        stylesheet, fonts = _typesetting(css_name, page_size)
        return document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[stylesheet],
                                  font_config=fonts)
