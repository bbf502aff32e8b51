"""The attestation PDF, read back as a person or a PDF reader would."""

import io
import json
import shutil
import subprocess
import time
from datetime import date

import pypdf
import pytest
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from certificates.codes import new_verification_code
from certificates.rendering import (
    TEMPLATE_DIR,
    TEMPLATE_VERSION,
    AttestationData,
    RestrictedFetcher,
    french_date,
    render_html,
    render_pdf,
    restricted_fetcher,
)

BASE_URL = "https://academie.example.fr"
A4 = (595.28, 841.89)  # points


def make_data(**changes) -> AttestationData:
    code = changes.pop("code", new_verification_code())
    values = dict(
        number="RPPSP-2026-000042", code=code, holder_name="Élodie Dupré-Müller",
        course_title="Devenir gestionnaire RPPS+", course_version="2026.1",
        issued_on=date(2026, 11, 21), score=18, total=20,
        verify_url=f"{BASE_URL}/verify/{code}",
    )
    return AttestationData(**{**values, **changes})


def text_of(reader: pypdf.PdfReader) -> str:
    # Line breaks and non-breaking spaces (« 18 / 20 ») read back as single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def rendered():
    """One real render shared by the module: (data, pdf bytes, seconds taken)."""
    data = make_data()
    started = time.perf_counter()
    pdf = render_pdf(data)
    return data, pdf, time.perf_counter() - started


@pytest.fixture(scope="module")
def reader(rendered):
    return pypdf.PdfReader(io.BytesIO(rendered[1]))


@pytest.mark.parametrize("url", [
    "http://example.com/style.css",
    "https://fonts.example.com/font.woff2",
    "file:///etc/passwd",
    f"{TEMPLATE_DIR.as_uri()}/../rendering.py",
    f"{TEMPLATE_DIR.as_uri()}/%2E%2E/rendering.py",
    f"{TEMPLATE_DIR.as_uri()}/missing.css",
    "file://evil.example.com/etc/passwd",
    "data:text/css,body{}",
    "ftp://example.com/x",
])
def test_fetcher_refuses_anything_outside_the_template(url):
    """Are the network, system files and paths escaping the template folder all refused?"""
    with pytest.raises(ValueError):
        restricted_fetcher(url)


def test_fetcher_serves_the_template_stylesheet():
    """Is the template's own stylesheet served, as CSS?"""
    response = restricted_fetcher(f"{TEMPLATE_DIR.as_uri()}/attestation.css")
    assert response.content_type == "text/css"
    assert b"DejaVu Sans" in response.read()


def test_a_refused_resource_stops_rendering():
    """Does a template pointing outside the package fail loudly instead of fetching it?"""
    html = weasyprint.HTML(string='<link rel="stylesheet" href="file:///etc/passwd"><p>x</p>',
                           url_fetcher=RestrictedFetcher(fail_on_errors=True))
    with pytest.raises(FatalURLFetchingError):
        html.write_pdf()


def test_pdf_is_one_a4_page(reader):
    """Is the attestation a single A4 page?"""
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)


def test_pdf_shows_holder_course_number_code_date_and_score(rendered, reader):
    """Does the PDF's text show who, what, when, the score, the number and the code?"""
    data = rendered[0]
    text = text_of(reader)
    for shown in (data.holder_name, data.course_title, "version 2026.1", data.number,
                  data.code, "21 novembre 2026", "18 / 20", "Attestation de réussite"):
        assert shown in text, shown


def test_pdf_is_titled_french_tagged_and_embeds_its_fonts(reader):
    """Has the PDF a title, French language, tags (PDF/UA) and embedded fonts only?"""
    assert reader.metadata.title == "Attestation de réussite — Élodie Dupré-Müller"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "DejaVu" in descriptor["/FontName"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_markup_in_the_holder_name_is_shown_as_text():
    """Does a name with <script> and & appear as typed, without injecting markup?"""
    name = '<script>alert("x")</script> & <img src="http://evil.example/x.png"> Cie'
    data = make_data(holder_name=name)
    html = render_html(data)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp; &lt;img" in html
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(data)))
    assert name in text_of(reader)
    assert reader.metadata.title.endswith(name)


def test_dates_are_written_in_french():
    """Are dates written « 21 novembre 2026 » and « 1er août 2027 »?"""
    assert french_date(date(2026, 11, 21)) == "21 novembre 2026"
    assert french_date(date(2027, 8, 1)) == "1er août 2027"


def test_template_version_comes_from_its_metadata():
    """Is the cache key's template version the one declared in metadata.json?"""
    metadata = json.loads((TEMPLATE_DIR / "metadata.json").read_text(encoding="utf-8"))
    assert TEMPLATE_VERSION == metadata["version"]
    assert metadata["page_size"] == "A4"


def test_rendering_time_is_reasonable(rendered):
    """Does one render stay well under two seconds (about 150 ms expected)?"""
    assert rendered[2] < 2.0


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed")
def test_qr_code_leads_to_the_verification_page(rendered, tmp_path):
    """Does the printed QR code decode to the attestation's verification URL?"""
    data, pdf, _ = rendered
    (tmp_path / "a.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", tmp_path / "a.pdf",
                    tmp_path / "page"], check=True, timeout=60)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", tmp_path / "page.png"],
                             capture_output=True, text=True, timeout=60)
    assert decoded.stdout.strip() == data.verify_url
    assert data.verify_url == f"{BASE_URL}/verify/{data.code}"
