"""One renderer for every PDF: sandboxed templates, resources handed over as data, nothing
else fetched; the attestation's issuer, logo, structures, length and RPPS number."""

import io
from datetime import date

import pypdf
import pytest
import segno
from jinja2.exceptions import SecurityError, UndefinedError

from certificates import rendering, typesetting
from certificates.rendering import AttestationData, Resource, render_html, render_pdf
from certificates.typesetting import TEMPLATE_DIR, RestrictedFetcher, restricted_fetcher


def png() -> bytes:
    """A small PNG (a QR code: segno writes PNG files)."""
    buffer = io.BytesIO()
    segno.make("logo", micro=False).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


PNG = png()


def data(**changes) -> AttestationData:
    values = dict(number="RPPSP-2026-000042", code="ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345",
                  holder_name="Élodie Dupré-Müller", course_title="Devenir gestionnaire RPPS+",
                  course_version="2026.1", issued_on=date(2026, 11, 21), score=18, total=20,
                  verify_url="https://academie.example.fr/verify/ABCD")
    return AttestationData(**{**values, **changes})


def text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def images(pdf: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def figures(pdf: bytes) -> list[tuple[str, str]]:
    """The figures of the PDF's structure tree, with their alternative text."""
    found, stack = [], [pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, pypdf.generic.DictionaryObject):
            continue
        if node.get("/S") == "/Figure":
            found.append(("/Figure", str(node.get("/Alt"))))
        children = node.get("/K")
        if children is not None:
            stack.extend(children if isinstance(children, pypdf.generic.ArrayObject)
                         else [children])
    return found


def test_the_attestation_names_issuer_rpps_structures_and_length():
    """Does the PDF say who issues it, the RPPS number, the structures at the time of passing
    (labelled as such) and the course's declared length, on one page?"""
    structures = ("EHPAD Les Tilleuls, Entraide (FINESS 691849590)",
                  "Foyer Le Relais, Entraide (FINESS 383103413)")
    pdf = render_pdf(data(holder_rpps="10104332183", holder_structures=structures,
                          course_minutes=95, issuer_name="GCS SARA"))
    shown = text(pdf)
    assert "GCS SARA" in shown.upper()
    assert "N° RPPS : 10104332183" in shown
    assert "Durée de la formation : environ 95 minutes" in shown
    assert "Structure(s) de rattachement à la date de réussite" in shown
    assert all(structure in shown for structure in structures)
    assert "La réussite est celle de la personne" in shown
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_without_them_the_attestation_says_nothing_of_them():
    """Does an attestation without RPPS, structures or length print no empty line for them?"""
    shown = text(render_pdf(data()))
    for absent in ("N° RPPS", "Structure(s)", "Durée de la formation"):
        assert absent not in shown
    assert "RPPS+ ACADÉMIE" in shown.upper()  # the default issuer


def test_many_structures_keep_the_page_one_page():
    """Do eight structures still fit one page (the first four, then how many more)?"""
    structures = tuple(f"Établissement n° {n}, Association au nom un peu long (FINESS "
                       f"69184959{n})" for n in range(8))
    pdf = render_pdf(data(holder_structures=structures, holder_rpps="10104332183",
                          course_minutes=95, issuer_logo=Resource(PNG, "image/png")))
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "et 4 autres" in text(pdf) and structures[3] in text(pdf)
    assert structures[4] not in text(pdf)


def test_the_logo_handed_over_is_drawn_with_a_text_alternative():
    """Is the logo given as data drawn, described for screen readers?"""
    logo = Resource(PNG, "image/png")
    pdf = render_pdf(data(issuer_logo=logo, issuer_name="GCS SARA"))
    assert images(pdf) == 1
    # Tagged (PDF/UA): a figure with its alternative text.
    assert ("/Figure", "Logo de GCS SARA") in figures(pdf)
    assert images(render_pdf(data())) == 0
    assert 'alt="Logo de GCS SARA"' in render_html(data(issuer_logo=logo, issuer_name="GCS SARA"))


@pytest.mark.parametrize("url", [
    "resource:other",  # a resource that was not handed over
    "http://example.com/logo.png",
    "file:///etc/hostname",
    "data:image/png;base64,iVBORw0KGgo=",
])
def test_only_the_resources_handed_over_are_served(url):
    """Is a resource served only when handed over, and everything else refused?"""
    resources = {"issuer-logo": Resource(PNG, "image/png")}
    assert restricted_fetcher("resource:issuer-logo", resources).read() == PNG
    with pytest.raises(ValueError):
        restricted_fetcher(url, resources)


def test_a_logo_pointing_elsewhere_is_never_fetched(monkeypatch):
    """Does an SVG logo naming a file or a server get nothing from either: every URL but the
    template's font and the logo handed over refused?"""
    served, refused = [], []
    real = typesetting.restricted_fetcher

    def watched(url, resources=None):
        try:
            response = real(url, resources)
        except ValueError:
            refused.append(url)
            raise
        served.append(url)
        return response

    monkeypatch.setattr(typesetting, "restricted_fetcher", watched)
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
           b' width="10" height="10"><image xlink:href="file:///etc/hostname" width="10"'
           b' height="10"/><image xlink:href="http://evil.example/x.png" width="10"'
           b' height="10"/></svg>')
    render_pdf(data(issuer_logo=Resource(svg, "image/svg+xml")))
    assert set(served) <= {"resource:issuer-logo", f"{TEMPLATE_DIR.as_uri()}/dejavu-sans-latin.ttf"}
    assert "resource:issuer-logo" in served
    assert refused and all(url.startswith(("file:///etc", "http://")) for url in refused)


def test_templates_are_sandboxed_and_escape_every_value():
    """Do templates escape values, refuse unknown names and unsafe attribute access?"""
    environment = typesetting.environment()
    assert environment.from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
    with pytest.raises(UndefinedError):
        environment.from_string("{{ missing }}").render()
    with pytest.raises(SecurityError):
        environment.from_string("{{ x.__class__.__mro__ }}").render(x="")


def test_every_document_goes_through_the_one_renderer(monkeypatch):
    """Do the attestation and the presence documents all render through `render_document`?"""
    from certificates import presence
    from tests.certificates.test_sign_in_sheet import certificate, sheet

    calls = []
    real = typesetting.render_document

    def counted(template, context, **options):
        calls.append(template)
        return real(template, context, **options)

    monkeypatch.setattr(rendering, "render_document", counted)
    monkeypatch.setattr(presence, "render_document", counted)
    render_pdf(data())
    presence.render_sign_in_sheet(sheet())
    presence.render_presence_certificate(certificate())
    assert calls == ["attestation.html", "sign_in_sheet.html", "presence_certificate.html"]


def test_the_former_names_still_work():
    """Do the names other code imported from `rendering` still work (fetcher, lock, folder)?"""
    assert rendering.TEMPLATE_DIR == TEMPLATE_DIR
    assert rendering.RestrictedFetcher is RestrictedFetcher
    assert rendering._typesetting_lock is typesetting.TYPESETTING_LOCK
    assert rendering.render_document is typesetting.render_document
