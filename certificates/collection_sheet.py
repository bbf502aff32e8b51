"""The « Fiche de recueil »: every datum of the four registration steps, to gather before typing.

Seed 003 advises to « recenser l'ensemble des données attendues pour l'enregistrement, en amont
de la saisie »: this printable sheet lists them, blank or with the structure and site filled in.
Rendered like the attestation (the one renderer of `typesetting`: a sandboxed template, every
string escaped, nothing fetched from outside).
"""

from __future__ import annotations

from dataclasses import dataclass

from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from directory.roles import ROLES

from .typesetting import render_document, render_html

__all__ = ["SHEET_TITLE", "CollectionSheetData", "render_collection_sheet",
           "render_collection_sheet_html"]

SHEET_TITLE = "Fiche de recueil des données d'enregistrement RPPS+"
TEMPLATE = "collection_sheet.html"
CSS = "collection_sheet.css"
# Fields whose answer is one of a few listed values: the sheet prints boxes to tick.
_TICK_BOXES = {
    "Rôle RPPS+": tuple(f"{r.label} ({r.code.value})" for r in ROLES),
    "Mode d'exercice": ("Salarié", "Libéral"),
}


@dataclass(frozen=True)
class CollectionSheetData:
    """What varies from one sheet to another: the structure and site, when prefilled."""

    structure_name: str = ""
    site_name: str = ""
    site_finess: str = ""


def sheet_context(data: CollectionSheetData) -> dict:
    """What the template shows: the four steps with their fields, each with its answer cell
    (prefilled, boxes to tick, or blank), and the legal confirmations. Plain values: the
    sandboxed template escapes them."""
    site = " — ".join(part for part in (data.site_name, data.site_finess and
                                          f"FINESS {data.site_finess}") if part)
    steps = [{
        "number": step.number, "title": step.title,
        "fields": [{
            "label": field.label, "hint": field.hint, "unique": field.unique_to_one_user,
            "prefilled": site if field.label == "Établissement (EG)" else "",
            "boxes": _TICK_BOXES.get(field.label, ()),
        } for field in step.fields],
    } for step in REGISTRATION_STEPS]
    return {"title": SHEET_TITLE, "structure": data.structure_name or "………………………………………………",
            "steps": steps, "confirmations": LEGAL_CONFIRMATIONS}


def render_collection_sheet_html(data: CollectionSheetData) -> str:
    """The sheet as an HTML document (the sandboxed template, every string escaped)."""
    return render_html(TEMPLATE, sheet_context(data))


def render_collection_sheet(data: CollectionSheetData) -> bytes:
    """The sheet as a tagged A4 PDF (PDF/UA-1), two pages at most."""
    return render_document(TEMPLATE, sheet_context(data), stylesheet=CSS)
