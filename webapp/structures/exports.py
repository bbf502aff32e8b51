"""The roster's exports: the same table as CSV for Excel in French and as an `.xlsx` workbook,
and the valid attestations of the people shown, as one ZIP."""

import io
import zipfile

from flask import current_app, flash, request, send_file, url_for

from ..attestations.documents import attestation_pdf
from ..extensions import db
from ..htmx import see_other
from ..spreadsheets import csv_download, local_date, xlsx_download
from . import bp
from .roster import RosterFilters, people_query, rows_for
from .scope import seat_or_404

EXPORT_BATCH = 500
ZIP_LIMIT = 1000


def header(exam_questions: int) -> list[str]:
    """The exports' columns; the best score is counted on the exam's number of questions."""
    return ["Nom", "Prénom", "Adresse e-mail", "RPPS", "Établissement(s)", "FINESS du site",
            "Rôle(s)", "Modules terminés (%)", "Dernière activité", "Tentatives d'examen",
            f"Meilleur score (sur {exam_questions})", "Formation", "Attestation",
            "Date de l'attestation", "État de l'attestation", "Habilitation",
            "Date de l'habilitation", "Habilitation accordée par", "Ce qui manque",
            "Date de départ", "Dernière relance"]


def score_on(row, exam_questions: int) -> int | None:
    """The best score as a number a spreadsheet sorts, on `exam_questions` (an exam of another
    length, taken before a change of configuration, is brought to the same scale)."""
    if row.best_score is None:
        return None
    if not row.exam_total or row.exam_total == exam_questions:
        return row.best_score
    return round(row.best_score * exam_questions / row.exam_total)


def all_rows(seat, filters):
    """Every row of the filtered roster, loaded by batches (a bounded number of queries each)."""
    people = db.session.scalars(people_query(seat.scope, filters)).all()
    for start in range(0, len(people), EXPORT_BATCH):
        yield from rows_for(people[start:start + EXPORT_BATCH], seat.scope,
                            left=filters.state == "parti")


def roster_line(row, exam_questions: int) -> list:
    """One person of the roster as a line of the exports: dates as dates, one fact a cell."""
    attestation, habilitation, departure = row.attestation, row.habilitation, row.departure
    return [
        row.person.last_name, row.person.first_name, row.person.email, row.person.rpps or "",
        ", ".join(row.establishments), ", ".join(row.finess), ", ".join(row.roles),
        row.percent, local_date(row.last_activity), row.exam_attempts,
        score_on(row, exam_questions),
        row.training.label,
        attestation.number if attestation else "",
        local_date(attestation.passed_at) if attestation else None,
        attestation.state.label if attestation else "",
        row.standing.label,
        local_date(habilitation.granted_at) if habilitation else None,
        habilitation.granted_by.full_name if habilitation else "",
        " ; ".join(row.missing),
        departure.leaving_on if departure else None,
        local_date(row.reminded_at),
    ]


def export_name(seat) -> str:
    return f"personnes-{seat.organisation.finess}"


@bp.get("/<int:organisation_id>/personnes.csv")
def export_people(organisation_id):
    """The filtered roster as CSV for Excel in French (UTF-8 with BOM, `;`, ISO dates)."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    questions = current_app.config["EXAM_QUESTIONS"]
    return csv_download(header(questions), (roster_line(row, questions)
                                            for row in all_rows(seat, filters)),
                        export_name(seat))


@bp.get("/<int:organisation_id>/personnes.xlsx")
def export_people_xlsx(organisation_id):
    """The filtered roster as an `.xlsx` workbook: date cells, a header row to filter on."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    questions = current_app.config["EXAM_QUESTIONS"]
    return xlsx_download(header(questions), (roster_line(row, questions)
                                             for row in all_rows(seat, filters)),
                         export_name(seat), title="Personnes")


@bp.get("/<int:organisation_id>/attestations.zip")
def export_attestations(organisation_id):
    """The valid attestations of the filtered people, as one ZIP (each PDF rendered once)."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    valid = [row.attestation for row in all_rows(seat, filters)
             if row.attestation is not None and row.attestation.is_valid]
    if not valid:
        flash("Aucune attestation valide parmi les personnes affichées.", "info")
        return see_other(url_for("structures.people", organisation_id=organisation_id,
                                 **filters.args()))
    if len(valid) > ZIP_LIMIT:
        flash(f"{len(valid)} attestations : filtrez pour en télécharger {ZIP_LIMIT} au plus "
              "à la fois.", "error")
        return see_other(url_for("structures.people", organisation_id=organisation_id,
                                 **filters.args()))
    numbers = [attestation.number for attestation in valid]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for number, attestation in zip(numbers, valid, strict=True):
            archive.writestr(f"attestation-{number}.pdf", attestation_pdf(attestation))
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True,
                     download_name=f"attestations-{seat.organisation.finess}.zip")
