"""The « Fiche de recueil » PDF, read back without an app."""

import io
import shutil
import subprocess

import pypdf
import pytest

from certificates.collection_sheet import CollectionSheetData, render_collection_sheet
from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from directory.roles import ROLES
from tests.pdfs import pdf_text


def test_the_sheet_is_tagged_french_titled_and_two_pages_at_most():
    """Is the sheet a titled, French, tagged PDF (PDF/UA) of one or two A4 pages?"""
    reader = pypdf.PdfReader(io.BytesIO(render_collection_sheet(CollectionSheetData())))
    assert reader.metadata.title == "Fiche de recueil des données d'enregistrement RPPS+"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert 1 <= len(reader.pages) <= 2
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]


def test_the_sheet_offers_the_five_roles_and_escapes_what_it_is_given():
    """Are the five roles printed to tick, and a structure's name printed as text, not markup?"""
    sheet = " ".join(pdf_text(render_collection_sheet(CollectionSheetData(
        "Foyer <b>Les Pins</b> & Cie", "Site A", "691849590"))).split())
    for role in ROLES:
        assert f"({role.code.value})" in sheet
    assert "Foyer <b>Les Pins</b> & Cie" in sheet and "Site A — FINESS 691849590" in sheet


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) manquant")
def test_pdftotext_reads_every_field_of_the_four_steps(tmp_path):
    """Does pdftotext, as a person's PDF reader would, find every field and confirmation?"""
    path = tmp_path / "fiche.pdf"
    path.write_bytes(render_collection_sheet(CollectionSheetData()))
    read = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    sheet = " ".join(read.split())
    for step in REGISTRATION_STEPS:
        assert f"Étape {step.number} : {step.title}" in sheet
        for field in step.fields:
            assert field.label in sheet, field.label
    assert "Étape 4 : Informations légales" in sheet
    for confirmation in LEGAL_CONFIRMATIONS:
        assert " ".join(confirmation.split()) in sheet
    assert "propres à un seul utilisateur" in sheet and "Documents à vérifier" in sheet
