"""The RL's space: the roster, a person's record, habilitations, departures, invitations."""

import csv
import io
import zipfile

from flask import abort, current_app, flash, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from wtforms import DateField, FileField, SelectField, TextAreaField
from wtforms.validators import Length

from ..attestations.documents import attestation_pdf
from ..extensions import db
from ..forms import Form, choices, required
from ..htmx import render_page, see_other
from ..models import AuditEvent, Departure, Habilitation, Invitation
from ..timekeeping import french_date, french_datetime, utcnow
from . import bp, checklist, departures, habilitations, invitations
from .roster import PER_PAGE, SORTS, STATES, RosterFilters, people_query, rows_for
from .scope import acting_seat_or_404, membership_or_404, person_or_404, seat_or_404

EXPORT_BATCH = 500
ZIP_LIMIT = 1000


class WithdrawForm(Form):
    reason = TextAreaField("Motif du retrait", validators=[
        required("Indiquez le motif du retrait."),
        Length(max=500, message="Le motif tient en 500 caractères au plus.")])


class DepartureForm(Form):
    leaving_on = DateField("Date de départ", format="%Y-%m-%d", validators=[
        required("Indiquez la date de départ (jj/mm/aaaa).")])


class InvitationForm(Form):
    scope = SelectField("Périmètre", validators=[required("Choisissez le périmètre.")])
    addresses = TextAreaField(
        "Adresses e-mail", validators=[Length(max=50_000, message="Liste trop longue.")])
    file = FileField("Ou un fichier CSV d'adresses")


# The roster


@bp.get("/<int:organisation_id>/personnes")
@login_required
def people(organisation_id):
    """Who is in scope and where each person stands, filtered and sorted; htmx swaps the table."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    page = db.paginate(people_query(seat.scope, filters), page=filters.page, per_page=PER_PAGE,
                       error_out=False, count=True)
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
@login_required
def export_people(organisation_id):
    """The filtered roster as CSV for Excel in French (UTF-8 with BOM, `;`)."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nom", "Prénom", "Adresse e-mail", "Établissement(s)", "Rôle(s)",
                     "Modules terminés (%)", "Dernière activité", "Tentatives d'examen",
                     "Meilleur score", "Attestation", "Date de l'attestation",
                     "État de l'attestation", "E-learning réalisé", "Habilitation",
                     "Ce qui manque", "Départ"])
    for row in all_rows(seat, filters):
        attestation, habilitation = row.attestation, row.habilitation
        writer.writerow([
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
        ])
    stamp = utcnow().strftime("%Y%m%d")
    return send_file(io.BytesIO(out.getvalue().encode("utf-8")), mimetype="text/csv",
                     as_attachment=True,
                     download_name=f"personnes-{seat.organisation.finess}-{stamp}.csv")


@bp.get("/<int:organisation_id>/attestations.zip")
@login_required
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


# A person's record


def withdraw_form(habilitation_id, formdata=None):
    """The withdrawal form of one habilitation (a page may show several: prefixed ids)."""
    return WithdrawForm(formdata=formdata, prefix=f"retrait-{habilitation_id}")


def departure_form(membership_id, formdata=None):
    """The departure form of one attachment (a page may show several: prefixed ids)."""
    return DepartureForm(formdata=formdata, prefix=f"depart-{membership_id}")


def render_person(seat, person_id, status=200, error=None, form=None):
    """A person's page; `form` is a posted form in error, shown in place of the blank one."""
    person, memberships = person_or_404(seat, person_id)
    [row] = rows_for([person], seat.scope, left=True)
    active = [m for m in memberships if m.is_active]
    habilitation_rows = db.session.scalars(
        db.select(Habilitation).where(Habilitation.user_id == person.id,
                                      seat.scope.habilitations())
        .order_by(Habilitation.granted_at.desc())).all()
    departure_rows = db.session.scalars(
        db.select(Departure).where(Departure.membership_id.in_([m.id for m in memberships]))
        .order_by(Departure.recorded_at.desc())).all()
    events = [event for event in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.target_type == "User",
                                    AuditEvent.target_id == person.id)
        .order_by(AuditEvent.id.desc()).limit(200))
        if (event.details or {}).get("organisation") == seat.organisation.id
        or event.action.startswith("attestation.")]
    return render_template(
        "structures/person.html", seat=seat, organisation=seat.organisation, person=person,
        row=row, memberships=memberships, active=active, habilitations=habilitation_rows,
        departures=departure_rows, events=events, error=error,
        withdraw_forms={h.id: form if form is not None and form._prefix == f"retrait-{h.id}-"
                        else withdraw_form(h.id) for h in habilitation_rows},
        departure_forms={m.id: form if form is not None and form._prefix == f"depart-{m.id}-"
                         else departure_form(m.id) for m in memberships},
        checklist_items=departures.CHECKLIST, today=departures.today(),
        scope_of=habilitations.habilitation_scope,
    ), status


@bp.get("/<int:organisation_id>/personnes/<int:person_id>")
@login_required
def person(organisation_id, person_id):
    """A person's training, habilitation and history, as the structure sees them."""
    return render_person(seat_or_404(organisation_id), person_id)


def back_to(seat, person_id):
    return see_other(url_for("structures.person", organisation_id=seat.organisation.id,
                             person_id=person_id))


@bp.post("/<int:organisation_id>/habilitations")
@login_required
def grant_habilitation(organisation_id):
    """Record the habilitation « Gestionnaire RPPS+ » (refused without the e-learning)."""
    seat = acting_seat_or_404(organisation_id)
    membership = membership_or_404(seat, request.form.get("membership_id"))
    try:
        habilitations.grant(membership, current_user)
    except habilitations.HabilitationRefused as refusal:
        return render_person(seat, membership.user_id, 422, error=str(refusal))
    db.session.commit()
    flash(f"Habilitation « Gestionnaire RPPS+ » enregistrée pour {membership.user.full_name}. "
          "Accordez-la aussi dans le portail « Mes Habilitations ».", "success")
    return back_to(seat, membership.user_id)


@bp.post("/<int:organisation_id>/habilitations/<int:habilitation_id>/retrait")
@login_required
def withdraw_habilitation(organisation_id, habilitation_id):
    """Withdraw a habilitation, with a reason."""
    seat = acting_seat_or_404(organisation_id)
    habilitation = db.session.get(Habilitation, habilitation_id)
    if habilitation is None or habilitation.organisation_id != seat.organisation.id or (
            seat.scope.establishment_ids is not None
            and habilitation.establishment_id not in seat.scope.establishment_ids):
        abort(404)
    form = withdraw_form(habilitation.id, request.form)
    if form.validate_on_submit():
        try:
            habilitations.withdraw(habilitation, form.reason.data, current_user)
        except habilitations.HabilitationRefused as refusal:
            return render_person(seat, habilitation.user_id, 422, error=str(refusal))
        db.session.commit()
        flash("Habilitation retirée. Retirez-la aussi dans le portail « Mes Habilitations ».",
              "success")
        return back_to(seat, habilitation.user_id)
    return render_person(seat, habilitation.user_id, 422, form=form)


@bp.post("/<int:organisation_id>/departs")
@login_required
def record_departure(organisation_id):
    """« Enregistrer un départ »: the attachment ends on the date given."""
    seat = acting_seat_or_404(organisation_id)
    membership = membership_or_404(seat, request.form.get("membership_id"))
    form = departure_form(membership.id, request.form)
    if form.validate_on_submit():
        try:
            departures.record(membership, form.leaving_on.data, current_user)
        except departures.DepartureRefused as refusal:
            form.leaving_on.errors.append(str(refusal))
        else:
            db.session.commit()
            flash(f"Départ de {membership.user.full_name} enregistré au "
                  f"{french_date(form.leaving_on.data)}.", "success")
            return back_to(seat, membership.user_id)
    return render_person(seat, membership.user_id, 422, form=form)


def departure_or_404(seat, departure_id) -> Departure:
    departure = db.session.get(Departure, departure_id)
    if departure is None:
        abort(404)
    membership_or_404(seat, departure.membership_id)
    return departure


@bp.post("/<int:organisation_id>/departs/<int:departure_id>/annulation")
@login_required
def cancel_departure(organisation_id, departure_id):
    """Undo a departure before its date."""
    seat = acting_seat_or_404(organisation_id)
    departure = departure_or_404(seat, departure_id)
    try:
        departures.cancel(departure, current_user)
    except departures.DepartureRefused as refusal:
        return render_person(seat, departure.membership.user_id, 422, error=str(refusal))
    db.session.commit()
    flash("Départ annulé.", "success")
    return back_to(seat, departure.membership.user_id)


@bp.post("/<int:organisation_id>/departs/<int:departure_id>/suivi")
@login_required
def tick_departure(organisation_id, departure_id):
    """Tick an item of the checklist in the national portals."""
    seat = acting_seat_or_404(organisation_id)
    departure = departure_or_404(seat, departure_id)
    try:
        departures.tick(departure, request.form.get("item", ""),
                        request.form.get("done") == "1")
    except departures.DepartureRefused:
        abort(404)
    db.session.commit()
    return back_to(seat, departure.membership.user_id)


# The to-do list


@bp.post("/<int:organisation_id>/etapes")
@login_required
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


# Invitations


def invitation_scopes(seat) -> list:
    """Where the RL may invite a gestionnaire: the EJ or an EG (centralised), an EG otherwise."""
    organisation = seat.organisation
    ids = seat.scope.establishment_ids
    scopes = [] if organisation.mode.value == "decentralised" or ids is not None else [None]
    return scopes + [eg for eg in organisation.establishments if ids is None or eg.id in ids]


def render_invitations(seat, form, batch=None, status=200):
    pending = db.session.scalars(
        db.select(Invitation).where(Invitation.organisation_id == seat.organisation.id,
                                    Invitation.accepted_at.is_(None),
                                    Invitation.revoked_at.is_(None),
                                    Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())).all()
    ids = seat.scope.establishment_ids
    pending = [i for i in pending if ids is None or i.establishment_id in ids]
    return render_template("structures/invitations.html", seat=seat,
                           organisation=seat.organisation, form=form, batch=batch,
                           pending=pending), status


def invitation_form(seat) -> InvitationForm:
    form = InvitationForm()
    form.scope.choices = choices(
        (str(s.id) if s else "ej", s.name if s else f"{seat.organisation.name} (toute l'EJ)")
        for s in invitation_scopes(seat))
    return form


@bp.route("/<int:organisation_id>/invitations", methods=["GET", "POST"])
@login_required
def invitations_page(organisation_id):
    """Invite gestionnaires by e-mail, one or many (pasted list or CSV); see those pending."""
    seat = acting_seat_or_404(organisation_id)
    form = invitation_form(seat)
    if not form.validate_on_submit():
        return render_invitations(seat, form, status=422 if form.errors else 200)
    scope = next((s for s in invitation_scopes(seat)
                  if (str(s.id) if s else "ej") == form.scope.data), None)
    text = form.addresses.data or ""
    upload = request.files.get(form.file.name)
    if upload and upload.filename:
        raw = upload.read(current_app.config.get("MAX_CONTENT_LENGTH") or 1_000_000)
        try:
            text += "\n" + raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text += "\n" + raw.decode("cp1252", errors="replace")
    addresses = invitations.addresses_in(text)
    if not addresses:
        form.addresses.errors.append("Saisissez au moins une adresse, ou joignez un fichier.")
        return render_invitations(seat, form, status=422)
    try:
        batch = invitations.invite_all(addresses, seat.organisation, scope, current_user)
    except invitations.InvitationRefused as refusal:
        form.addresses.errors.append(str(refusal))
        return render_invitations(seat, form, status=422)
    db.session.commit()
    if batch.sent:
        flash(f"{len(batch.sent)} invitation(s) envoyée(s).", "success")
    if not batch.refused:
        return see_other(url_for("structures.invitations_page", organisation_id=organisation_id))
    # Keep what was refused in the field, to correct it and send again.
    form.addresses.data = "\n".join(address for address, _ in batch.refused)
    return render_invitations(seat, form, batch, status=422 if not batch.sent else 200)


@bp.post("/<int:organisation_id>/invitations/<int:invitation_id>/retrait")
@login_required
def revoke_invitation(organisation_id, invitation_id):
    seat = acting_seat_or_404(organisation_id)
    invitation = db.session.get(Invitation, invitation_id)
    ids = seat.scope.establishment_ids
    if invitation is None or invitation.organisation_id != seat.organisation.id or (
            ids is not None and invitation.establishment_id not in ids):
        abort(404)
    try:
        invitations.revoke(invitation, current_user)
    except invitations.InvitationRefused as refusal:
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"Invitation de {invitation.email} retirée.", "success")
    return see_other(url_for("structures.invitations_page", organisation_id=organisation_id))

