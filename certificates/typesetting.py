"""One renderer for every PDF of ours: a template of this package, filled in a sandboxed Jinja
environment from plain values, typeset by WeasyPrint with our stylesheet, nothing fetched but
the package's own files and the resources handed over as data.

    render_document("attestation.html", {"title": ...}, stylesheet="attestation.css",
                    resources={"issuer-logo": Resource(png_bytes, "image/png")})

A template names a resource `resource:<name>` (e.g. `<img src="resource:issuer-logo">`); any
other URL that is not a file of the template folder is refused, and the render fails.
"""

import atexit
import mimetypes
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

TEMPLATE_DIR = Path(__file__).resolve().parent / "template"
RESOURCE_SCHEME = "resource:"

# WeasyPrint's font map (Pango, fontconfig) is shared by every render of the process: one
# render at a time touches it, whatever the document.
TYPESETTING_LOCK = threading.Lock()


@dataclass(frozen=True)
class Resource:
    """A file handed to the renderer as data (read by the caller from where it may read)."""

    data: bytes
    media_type: str


def restricted_fetcher(url: str,
                       resources: Mapping[str, Resource] | None = None) -> URLFetcherResponse:
    """Serve the resources handed over and the files of the template folder; refuse every
    other URL with ValueError."""
    if url.startswith(RESOURCE_SCHEME):
        resource = (resources or {}).get(url.removeprefix(RESOURCE_SCHEME))
        if resource is None:
            raise ValueError(f"Ressource inconnue : {url}")
        return URLFetcherResponse(url, resource.data, {"Content-Type": resource.media_type})
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ValueError(f"URL refusée (hors du modèle de document) : {url}")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    if not path.is_relative_to(TEMPLATE_DIR) or not path.is_file():
        raise ValueError(f"Fichier refusé (hors du modèle de document) : {url}")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


class RestrictedFetcher(URLFetcher):
    """WeasyPrint's fetcher interface around `restricted_fetcher`: no network, no other file."""

    def __init__(self, *args, resources: Mapping[str, Resource] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resources = dict(resources or {})

    def fetch(self, url, headers=None):
        return restricted_fetcher(url, self.resources)


@cache
def environment() -> SandboxedEnvironment:
    """The templates' Jinja environment: sandboxed, every value escaped, no unknown name."""
    return SandboxedEnvironment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True,
                                undefined=StrictUndefined, trim_blocks=True,
                                lstrip_blocks=True, auto_reload=False)


def render_html(template: str, context: Mapping) -> str:
    """A template of the folder filled with `context` (plain values; escaped unless `|safe`)."""
    return environment().get_template(template).render(context)


@cache
def _typesetting(stylesheet: str, page_size: str) -> tuple[weasyprint.CSS, FontConfiguration]:
    """A stylesheet of the folder, parsed once per process, and the font configuration holding
    its font.

    Neither depends on the document, and WeasyPrint reuses both for any number of documents:
    parsing the CSS and loading the font again for each PDF made it a third slower.
    WeasyPrint applies it as a user stylesheet: the HTML has no style of its own to yield to.
    """
    fonts = FontConfiguration()
    # It deletes its temporary copy of our font when collected, which Python may skip at exit.
    atexit.register(fonts.__del__)
    css_path = TEMPLATE_DIR / stylesheet
    page = f"@page {{ size: {page_size}; }}\n"
    css = weasyprint.CSS(
        string=page + css_path.read_text(encoding="utf-8"), base_url=css_path.as_uri(),
        url_fetcher=RestrictedFetcher(fail_on_errors=True), font_config=fonts)
    return css, fonts


def render_document(template: str, context: Mapping, *, stylesheet: str,
                    page_size: str = "A4",
                    resources: Mapping[str, Resource] | None = None) -> bytes:
    """A template of the folder as a tagged PDF (PDF/UA-1) with its fonts embedded."""
    document = weasyprint.HTML(
        string=render_html(template, context), base_url=TEMPLATE_DIR.as_uri() + "/",
        url_fetcher=RestrictedFetcher(fail_on_errors=True, resources=resources))
    with TYPESETTING_LOCK:
        css, fonts = _typesetting(stylesheet, page_size)
        return document.write_pdf(pdf_variant="pdf/ua-1", stylesheets=[css], font_config=fonts)
