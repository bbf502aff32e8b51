"""The writers of every export: CSV Excel opens in French, and `.xlsx` workbooks, where no cell
runs code. A `date` cell is a date: ISO `2026-12-05` in CSV, a real date cell in a workbook."""

import csv
import io
from datetime import date, datetime

from flask import send_file
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .timekeeping import PARIS, utcnow

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP, "CSV Injection"): a name typed by a stranger must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths, in characters of the default font.
MIN_WIDTH, MAX_WIDTH = 8, 60


def excel_safe(cell):
    """The cell as a spreadsheet shows it as text: a leading `'` before a formula's start."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def local_date(moment: datetime | None) -> date | None:
    """The day of `moment` in Paris, for a date column (None stays empty)."""
    return moment.astimezone(PARIS).date() if moment is not None else None


def csv_text(header: list[str], rows) -> str:
    """CSV for Excel in French: BOM (so that it reads UTF-8), `;` between cells, CRLF."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([excel_safe(cell) for cell in header])
    writer.writerows([excel_safe(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_download(header: list[str], rows, name: str):
    """The CSV as a download named `name-AAAAMMJJ.csv`."""
    stamp = utcnow().strftime("%Y%m%d")
    return send_file(io.BytesIO(csv_text(header, rows).encode("utf-8")), mimetype="text/csv",
                     as_attachment=True, download_name=f"{name}-{stamp}.csv")


def shown_length(value) -> int:
    """How many characters a cell shows: its longest line, a date as `dd/mm/yyyy [hh:mm]`."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("dd/mm/yyyy hh:mm")
    if isinstance(value, date):
        return len("dd/mm/yyyy")
    return max(len(line) for line in str(value).split("\n"))


def xlsx_bytes(header: list[str], rows, title: str = "Export") -> bytes:
    """A workbook of one sheet: a bold header row with an autofilter, frozen; dates and moments
    (in Paris time) as date cells; every string written as text, so that `=…` stays a name and
    never a formula."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    longest = [len(label) + 2 for label in header]  # and the autofilter's button
    count = 1
    for row in rows:
        count += 1
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=count, column=column)
            if isinstance(value, datetime) and value.tzinfo is not None:
                value = value.astimezone(PARIS).replace(tzinfo=None)  # the cell's local time
            if isinstance(value, str):
                # Control characters are not allowed in the file format: dropped, not a 500.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl reads a leading `=` as a formula otherwise
            elif isinstance(value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            if column <= len(longest):
                longest[column - 1] = max(longest[column - 1], shown_length(value))
    width = max(len(header), 1)
    sheet.auto_filter.ref = f"A1:{sheet.cell(row=count, column=width).coordinate}"
    sheet.freeze_panes = "A2"
    # Each column as wide as its longest cell (a date never shown as ####), within bounds: a
    # long list of sites wraps nowhere, but does not push every other column off screen.
    for column, length in enumerate(longest, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = min(
            MAX_WIDTH, max(MIN_WIDTH, length + 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_download(header: list[str], rows, name: str, title: str = "Export"):
    """The `.xlsx` workbook as a download named `name-AAAAMMJJ.xlsx` (same table as the CSV)."""
    stamp = utcnow().strftime("%Y%m%d")
    return send_file(io.BytesIO(xlsx_bytes(header, rows, title)), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"{name}-{stamp}.xlsx")
