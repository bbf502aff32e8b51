"""The one CSV writer of every export: a file Excel opens in French, where no cell runs code."""

import csv
import io

from flask import send_file

from .timekeeping import utcnow

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP, "CSV Injection"): a name typed by a stranger must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cell):
    """The cell as a spreadsheet shows it as text: a leading `'` before a formula's start."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


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
