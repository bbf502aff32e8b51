"""The « Fiche de recueil »: every datum of the four registration steps, to gather before typing.

Seed 003 advises to « recenser l'ensemble des données attendues pour l'enregistrement, en amont
de la saisie »: this printable sheet lists them, blank or with the structure and site filled in.
Rendered like the attestation (our template, escaped strings, nothing fetched from outside).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from html import escape
from string import Template

from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from directory.roles import ROLES

from .rendering import TEMPLATE_DIR, render_document

__all__ = ["SHEET_TITLE", "CollectionSheetData", "render_collection_sheet",
           "render_collection_sheet_html"]

SHEET_TITLE = "Fiche de recueil des données d'enregistrement RPPS+"
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


@cache
def _template() -> Template:
    return Template((TEMPLATE_DIR / "collection_sheet.html").read_text(encoding="utf-8"))


def _answer_cell(label: str, prefilled: str) -> str:
    if prefilled:
        return f'<td class="prefilled">{escape(prefilled)}</td>'
    boxes = _TICK_BOXES.get(label)
    if boxes:
        items = "".join(f"<li>☐ {escape(box)}</li>" for box in boxes)
        return f'<td><ul class="boxes">{items}</ul></td>'
    return "<td></td>"


def _steps_html(data: CollectionSheetData) -> str:
    site = " — ".join(part for part in (data.site_name, data.site_finess and
                                          f"FINESS {data.site_finess}") if part)
    blocks = []
    for step in REGISTRATION_STEPS:
        rows = []
        for field in step.fields:
            hint = f'<span class="hint">{escape(field.hint)}</span>' if field.hint else ""
            mark = " ✱" if field.unique_to_one_user else ""
            prefilled = site if field.label == "Établissement (EG)" else ""
            rows.append(f'<tr><th scope="row">{escape(field.label)}{mark}{hint}</th>'
                        f"{_answer_cell(field.label, prefilled)}</tr>")
        blocks.append(
            f'<section class="step"><h2>Étape {step.number} : {escape(step.title)}</h2>'
            f'<table><thead><tr><th scope="col">Donnée</th><th scope="col">Réponse</th></tr>'
            f"</thead><tbody>{''.join(rows)}</tbody></table></section>")
    return "\n".join(blocks)


def _confirmations_html() -> str:
    return "".join(f"<li>☐ {escape(text)}</li>" for text in LEGAL_CONFIRMATIONS)


def render_collection_sheet_html(data: CollectionSheetData) -> str:
    """The sheet as an HTML document: strings escaped, rows built from escaped cells."""
    structure = data.structure_name or "………………………………………………"
    return _template().substitute(
        title=escape(SHEET_TITLE), structure=escape(structure), steps=_steps_html(data),
        confirmations=_confirmations_html(),
        step4=escape("Étape 4 : Informations légales"))


def render_collection_sheet(data: CollectionSheetData) -> bytes:
    """The sheet as a tagged A4 PDF (PDF/UA-1), two pages at most."""
    return render_document(render_collection_sheet_html(data), CSS)
