"""The « Fiche de recueil » PDF, read back without an app."""

import io

import pypdf

from certificates.collection_sheet import CollectionSheetData, render_collection_sheet
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
