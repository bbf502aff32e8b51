"""The sign-in sheet and the attestation de présence, read back as a person or a reader would."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pypdf
import pytest

from certificates.presence import (
    PresenceCertificateData,
    SessionFacts,
    SheetLine,
    SignInSheetData,
    french_duration,
    render_presence_certificate,
    render_presence_certificate_html,
    render_sign_in_sheet,
    render_sign_in_sheet_html,
)
from certificates.rendering import TEMPLATE_DIR

PARIS = ZoneInfo("Europe/Paris")
A4 = (595.28, 841.89)


def session(**changes) -> SessionFacts:
    values = dict(title="Devenir gestionnaire RPPS+", starts_at=datetime(2026, 11, 21, 14, 30,
                                                                          tzinfo=PARIS),
                  duration_minutes=90, trainer_name="Sam Formateur", grades_name="GCS SARA",
                  region_name="Auvergne-Rhône-Alpes")
    return SessionFacts(**{**values, **changes})


def sheet(lines=None, **changes) -> SignInSheetData:
    if lines is None:
        lines = (SheetLine("Martin Alice", "EHPAD Les Tilleuls", "présent, émargé à 14 h 32",
                           True),
                 SheetLine("Durand Bruno", "Foyer du Parc", "absent", False),
                 SheetLine("Petit Chloé", "SSIAD Rhône", "présent (import visio, 45 min)",
                           True))
    return SignInSheetData(session=session(**changes), lines=tuple(lines),
                           printed_at=datetime(2026, 11, 21, 16, 5, tzinfo=PARIS))


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def text_of(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def sheet_reader():
    return read(render_sign_in_sheet(sheet()))


def test_the_sheet_lists_each_person_with_structure_and_presence(sheet_reader):
    text = text_of(sheet_reader)
    for shown in ("Feuille d'émargement", "Devenir gestionnaire RPPS+", "GCS SARA",
                  "21 novembre 2026 à 14 h 30", "durée : 1 h 30", "Sam Formateur",
                  "Martin Alice EHPAD Les Tilleuls présent, émargé à 14 h 32",
                  "Durand Bruno Foyer du Parc absent",
                  "Petit Chloé SSIAD Rhône présent (import visio, 45 min)",
                  "3 personnes inscrites, 2 personnes présentes, 1 personne absente",
                  "éditée le 21 novembre 2026 à 16 h 05"):
        assert shown in text, shown


def test_the_sheet_is_titled_french_tagged_a4_with_embedded_fonts(sheet_reader):
    assert sheet_reader.metadata.title == "Feuille d'émargement — Devenir gestionnaire RPPS+"
    root = sheet_reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    box = sheet_reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)
    for font in sheet_reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "DejaVu" in descriptor["/FontName"] and "/FontFile2" in descriptor


def test_a_long_sheet_runs_over_pages_repeating_its_header():
    lines = [SheetLine(f"Personne n° {n:03d}", "EHPAD", "absent", False) for n in range(80)]
    reader = read(render_sign_in_sheet(sheet(lines)))
    assert len(reader.pages) > 1
    assert all("ÉMARGEMENT" in page.extract_text() for page in reader.pages)
    assert f"Page 1 sur {len(reader.pages)}" in reader.pages[0].extract_text()
    text = text_of(reader)
    assert all(f"Personne n° {n:03d}" in text for n in range(80))


def test_an_empty_sheet_says_so():
    assert "Aucune personne inscrite." in text_of(read(render_sign_in_sheet(sheet(()))))


def test_markup_typed_by_people_is_printed_as_text():
    name = "<script>x</script> & <img src=x>"
    data = sheet([SheetLine(name, "<b>EHPAD</b>", "absent", False)],
                 title="Webinaire <i>spécial</i> & co")
    html = render_sign_in_sheet_html(data)
    assert "<script>" not in html and "<img" not in html and "<b>EHPAD" not in html
    text = text_of(read(render_sign_in_sheet(data)))
    assert name in text and "<b>EHPAD</b>" in text and "Webinaire <i>spécial</i> & co" in text


def certificate(**changes) -> PresenceCertificateData:
    return PresenceCertificateData(session=session(**changes), attendee_name="Élodie Dupré",
                                   issued_on=date(2026, 11, 22))


def test_the_attestation_de_presence_says_who_what_when_and_by_whom():
    reader = read(render_presence_certificate(certificate()))
    assert len(reader.pages) == 1
    text = text_of(reader)
    for shown in ("Attestation de présence", "Élodie Dupré", "a participé au webinaire",
                  "Devenir gestionnaire RPPS+", "21 novembre 2026 à 14 h 30",
                  "Durée : 1 h 30", "Sam Formateur", "GCS SARA", "Auvergne-Rhône-Alpes",
                  "éditée le 22 novembre 2026"):
        assert shown in text, shown
    assert reader.metadata.title == "Attestation de présence — Élodie Dupré"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_a_long_title_still_fits_one_page():
    data = certificate(title="Webinaire " * 40)
    assert len(read(render_presence_certificate(data)).pages) == 1
    assert "<i>" not in render_presence_certificate_html(certificate(title="<i>x</i>"))


@pytest.mark.parametrize("minutes, words", [(45, "45 minutes"), (1, "1 minute"),
                                            (60, "1 heure"), (90, "1 h 30"),
                                            (125, "2 h 05"), (120, "2 heures")])
def test_durations_are_written_in_french(minutes, words):
    assert french_duration(minutes).replace("\u00a0", " ") == words



def test_the_documents_use_the_template_folder_only():
    """Are the sheet's stylesheet and font served from the package, and nothing else?"""
    from certificates.rendering import restricted_fetcher

    assert b"DejaVu Sans Latin" in restricted_fetcher(
        f"{TEMPLATE_DIR.as_uri()}/presence.css").read()
    for html in (render_sign_in_sheet_html(sheet()),
                 render_presence_certificate_html(certificate())):
        assert "http" not in html and "src=" not in html and "<link" not in html


def test_the_excused_are_counted_apart_from_the_absent():
    lines = (SheetLine("Martin Alice", "EHPAD", "présent, émargé à 14 h 32", True),
             SheetLine("Durand Bruno", "EHPAD", "excusé(e)", False, excused=True),
             SheetLine("Petit Chloé", "EHPAD", "absent", False))
    text = text_of(read(render_sign_in_sheet(sheet(lines))))
    assert ("3 personnes inscrites, 1 personne présente, 1 personne excusée, 1 personne "
            "absente") in text


def test_a_time_is_never_cut_at_a_line_s_end():
    """Whatever comes before it, `14 h 32` and `45 min` stay on one line of their cell (the
    app's wording ties a number to its unit with no-break spaces: webapp.timekeeping)."""
    lines = [SheetLine(f"Personne {n}", "EHPAD", f"présent, {'coché ' * (n % 4)}"
                       f"{'m' * n} à 14\u00a0h\u00a032 ; import visio : 45\u00a0min", True)
             for n in range(1, 25)]
    text = "\n".join(page.extract_text() for page in read(render_sign_in_sheet(sheet(lines)))
                     .pages)
    times = [line for line in text.splitlines() if "14" in line and "32" in line]
    assert len([line for line in times if "14\u00a0h\u00a032" in line
                or "14 h 32" in line]) == 24
    assert not any(line.rstrip().endswith(("14", " h", "\u00a0h", "45")) for line in
                   text.splitlines())


def word_boxes(pdf: bytes) -> list[tuple[str, float]]:
    """Each word of the first page and where it ends (points from the left), by pdftotext."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    return [(word, float(x_max)) for x_max, word in
            re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', html)]


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="pdftotext needed")
def test_the_table_ends_at_the_text_margin(sheet_reader):
    """Does the SIGNATURE column end inside the right margin (18 mm), not past it?"""
    right_margin = A4[0] - 18 / 25.4 * 72
    words = word_boxes(render_sign_in_sheet(sheet()))
    assert any(word == "SIGNATURE" for word, _ in words)
    assert all(x_max <= right_margin + 0.5 for _, x_max in words), max(words, key=lambda w: w[1])
