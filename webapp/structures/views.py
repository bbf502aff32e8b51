"""The RL's space: the roster of a structure's people, its exports, the to-do list's ticks."""

import io
import zipfile

from flask import abort, flash, request, send_file, url_for
from flask_login import current_user

from ..attestations.documents import attestation_pdf
from ..extensions import db
from ..htmx import render_page, see_other
from ..pagination import paginate
from ..spreadsheets import csv_download
from ..timekeeping import french_date, french_datetime
from . import bp, checklist
from .roster import PER_PAGE, SORTS, STATES, RosterFilters, people_query, rows_for
from .scope import acting_seat_or_404, seat_or_404

EXPORT_BATCH = 500
ZIP_LIMIT = 1000


# The roster


@bp.get("/<int:organisation_id>/personnes")
def people(organisation_id):
    """Who is in scope and where each person stands, filtered and sorted; htmx swaps the table."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    page = paginate(people_query(seat.scope, filters), PER_PAGE, filters.page)
    rows = rows_for(page.items, seat.scope, left=filters.state == "parti")
    return render_page("structures/people.html", "structures/_roster.html", seat=seat,
                       organisation=seat.organisation, filters=filters, page=page, rows=rows,
                       states=STATES, sorts=SORTS)


def all_rows(seat, filters):
    """Every row of the filtered roster, loaded by batches (a bounded number of queries each)."""
    people = db.session.scalars(people_query(seat.scope, filters)).all()
    for start in range(0, len(people), EXPORT_BATCH):
        yield from rows_for(people[start:start + EXPORT_BATCH], seat.scope,
                            left=filters.state == "parti")


@bp.get("/<int:organisation_id>/personnes.csv")
def export_people(organisation_id):
    """The filtered roster as CSV for Excel in French (UTF-8 with BOM, `;`)."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    header = ["Nom", "Prénom", "Adresse e-mail", "Établissement(s)", "Rôle(s)",
              "Modules terminés (%)", "Dernière activité", "Tentatives d'examen",
              "Meilleur score", "Attestation", "Date de l'attestation",
              "État de l'attestation", "E-learning réalisé", "Habilitation",
              "Ce qui manque", "Départ"]
    return csv_download(header, (roster_line(row) for row in all_rows(seat, filters)),
                        f"personnes-{seat.organisation.finess}")


def roster_line(row) -> list:
    """One person of the roster as a line of the CSV export."""
    attestation, habilitation = row.attestation, row.habilitation
    return [
        row.person.last_name, row.person.first_name, row.person.email,
        ", ".join(row.establishments), ", ".join(row.roles), row.percent,
        french_datetime(row.last_activity) if row.last_activity else "",
        row.exam_attempts,
        f"{row.best_score}/{row.exam_total}" if row.best_score is not None else "",
        attestation.number if attestation else "",
        french_date(attestation.passed_at) if attestation else "",
        attestation.state.label if attestation else "",
        "oui" if row.has_flag else "non",
        f"accordée par {habilitation.granted_by.full_name} le "
        f"{french_date(habilitation.granted_at)}" if habilitation else "",
        " ; ".join(row.missing),
        french_date(row.departure.leaving_on) if row.departure else
        ("parti(e)" if row.has_left else ""),
    ]


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


# The to-do list


@bp.post("/<int:organisation_id>/etapes")
def tick_step(organisation_id):
    """Tick (or untick) an item of the structure's to-do list."""
    seat = acting_seat_or_404(organisation_id)
    scopes = checklist.contract_scopes(seat.organisation, seat.scope.establishment_ids)
    wanted = request.form.get("establishment_id") or None
    scope = next((s for s in scopes if str(s.id if s else None) == str(wanted)), False)
    if scope is False:
        abort(404)
    try:
        checklist.tick(seat.organisation, scope, request.form.get("step", ""),
                       request.form.get("done") == "1", current_user)
    except checklist.ChecklistRefused:
        abort(404)
    db.session.commit()
    return see_other(url_for("structures.show", organisation_id=organisation_id) + "#etapes")
