"""The attestation PDF, read back as a person or a PDF reader would."""

import io
import json
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
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


def read(pdf: bytes) -> pypdf.PdfReader:
    """The PDF, opened as a reader would."""
    return pypdf.PdfReader(io.BytesIO(pdf))


def font_descriptors(reader: pypdf.PdfReader) -> list:
    """The descriptor of every font the first page uses."""
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return [font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            for font in fonts.values()]


def assert_fonts_are_dejavu_and_embedded(reader: pypdf.PdfReader) -> None:
    """Fail unless every font is a DejaVu one and carries its font program."""
    descriptors = font_descriptors(reader)
    assert descriptors
    for descriptor in descriptors:
        assert "DejaVu" in descriptor["/FontName"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.fixture(scope="module")
def rendered():
    """One real render shared by the module: (data, pdf bytes, seconds taken)."""
    data = make_data()
    started = time.perf_counter()
    pdf = render_pdf(data)
    return data, pdf, time.perf_counter() - started


@pytest.fixture(scope="module")
def reader(rendered):
    return read(rendered[1])


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


def test_fetcher_serves_the_template_stylesheet_and_font():
    """Are the template's own stylesheet and font served?"""
    response = restricted_fetcher(f"{TEMPLATE_DIR.as_uri()}/attestation.css")
    assert response.content_type == "text/css"
    assert b"DejaVu Sans" in response.read()
    font = restricted_fetcher(f"{TEMPLATE_DIR.as_uri()}/dejavu-sans-latin.ttf").read()
    assert font[:4] == b"\x00\x01\x00\x00"  # a TrueType font


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
    assert_fonts_are_dejavu_and_embedded(reader)


def test_latin_text_is_set_in_one_face_of_our_small_font(reader):
    """Is a French attestation set in a single face (each face embedded costs render time)?"""
    [descriptor] = font_descriptors(reader)
    assert descriptor["/FontName"].endswith("+DejaVu-Sans-Latin")
    assert len(descriptor["/FontFile2"].get_object().get_data()) < 40_000  # a subset


def test_names_beyond_latin_script_are_printed_too():
    """Is a Cyrillic or Greek name printed (by the system's DejaVu Sans), its fonts embedded?"""
    name = "Анна Ковалёва-Παπαδοπούλου"
    reader = read(render_pdf(make_data(holder_name=name)))
    assert name in text_of(reader)
    assert len(font_descriptors(reader)) == 2
    assert_fonts_are_dejavu_and_embedded(reader)


def test_each_render_shows_its_own_attestation_only():
    """Do renders sharing the parsed stylesheet read the same for the same data, and never
    carry anything over from the one before?"""
    first = make_data(holder_name="Camille Martin")
    other = make_data(holder_name="Dominique Bernard", number="RPPSP-2026-000043",
                      issued_on=date(2027, 8, 1))
    text_first = text_of(read(render_pdf(first)))
    text_other = text_of(read(render_pdf(other)))
    assert text_of(read(render_pdf(first))) == text_first
    for shown in ("Dominique Bernard", "RPPSP-2026-000043", "1er août 2027", other.code):
        assert shown in text_other
    for not_shown in ("Camille Martin", "RPPSP-2026-000042", "21 novembre 2026", first.code):
        assert not_shown not in text_other


def test_renders_from_two_threads_keep_their_own_data():
    """Can two threads render at once, each PDF showing its own holder and code?"""
    attestations = [make_data(holder_name=f"Titulaire n° {n}") for n in range(4)]
    with ThreadPoolExecutor(2) as pool:
        pdfs = list(pool.map(render_pdf, attestations))
    for data, pdf in zip(attestations, pdfs, strict=True):
        text = text_of(read(pdf))
        assert data.holder_name in text and data.code in text


def test_markup_in_the_holder_name_is_shown_as_text():
    """Does a name with <script> and & appear as typed, without injecting markup?"""
    name = '<script>alert("x")</script> & <img src="http://evil.example/x.png"> Cie'
    data = make_data(holder_name=name)
    html = render_html(data)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&amp; &lt;img" in html
    reader = read(render_pdf(data))
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
    """Does one render stay well under two seconds?"""
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
