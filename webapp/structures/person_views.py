"""A person's record in the RL's space: training, habilitations, departures, history."""

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from wtforms import DateField, TextAreaField
from wtforms.validators import Length

from ..extensions import db
from ..forms import Form, required
from ..htmx import render_page, see_other, wants_fragment
from ..models import Attestation, AuditEvent, Departure, Habilitation
from ..quiz.exam import fast_attempts
from ..timekeeping import french_date
from . import bp, departures, habilitations
from .roster import rows_for
from .scope import (
    acting_seat_or_404,
    in_scope_or_404,
    membership_or_404,
    person_or_404,
    seat_or_404,
)


class WithdrawForm(Form):
    reason = TextAreaField("Motif du retrait", validators=[
        required("Indiquez le motif du retrait."),
        Length(max=500, message="Le motif tient en 500 caractères au plus.")])


class DepartureForm(Form):
    leaving_on = DateField("Date de départ", format="%Y-%m-%d", validators=[
        required("Indiquez la date de départ (jj/mm/aaaa).")])


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
                                      seat.scope.covers(Habilitation))
        .order_by(Habilitation.granted_at.desc())).all()
    departure_rows = departures_of(memberships)
    # What the structure did about the person, and what became of their attestations (issued,
    # revoked, reissued: events about the attestation itself), newest first.
    attestations = db.select(Attestation.id).where(Attestation.user_id == person.id)
    events = [event for event in db.session.scalars(
        db.select(AuditEvent).where(db.or_(
            db.and_(AuditEvent.target_type == "User", AuditEvent.target_id == person.id),
            db.and_(AuditEvent.target_type == "Attestation",
                    AuditEvent.target_id.in_(attestations))))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(200))
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
        # GRADeS and admins follow the exam's integrity; the structure does not judge it.
        fast=fast_attempts(person) if current_user.is_trainer or current_user.is_admin else [],
        scope_of=habilitations.habilitation_scope,
    ), status


def departures_of(memberships) -> list[Departure]:
    """The departures recorded on these attachments, the latest first."""
    return db.session.scalars(
        db.select(Departure).where(Departure.membership_id.in_([m.id for m in memberships]))
        .order_by(Departure.recorded_at.desc())).all()


@bp.get("/<int:organisation_id>/personnes/<int:person_id>")
def person(organisation_id, person_id):
    """A person's training, habilitation and history, as the structure sees them."""
    return render_person(seat_or_404(organisation_id), person_id)


def back_to(seat, person_id):
    return see_other(url_for("structures.person", organisation_id=seat.organisation.id,
                             person_id=person_id))


@bp.post("/<int:organisation_id>/habilitations")
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
def withdraw_habilitation(organisation_id, habilitation_id):
    """Withdraw a habilitation, with a reason."""
    seat = acting_seat_or_404(organisation_id)
    habilitation = in_scope_or_404(seat, db.session.get(Habilitation, habilitation_id))
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
def tick_departure(organisation_id, departure_id):
    """Tick an item of the checklist in the national portals."""
    seat = acting_seat_or_404(organisation_id)
    departure = departure_or_404(seat, departure_id)
    item, done = request.form.get("item", ""), request.form.get("done") == "1"
    try:
        departures.tick(departure, item, done)
    except departures.DepartureRefused:
        abort(404)
    db.session.commit()
    person_id = departure.membership.user_id
    if wants_fragment():  # the section swapped in place, the item's confirmation focused
        _, memberships = person_or_404(seat, person_id)
        return render_page("structures/person.html", "structures/_portals.html", seat=seat,
                           organisation=seat.organisation, departures=departures_of(memberships),
                           checklist_items=departures.CHECKLIST,
                           just_ticked=(departure.id, item))
    flash(f"C'est noté : « {departures.CHECKLIST[item]} » — "
          f"{'fait' if done else 'remis à faire'}.", "success")
    # Back where the person was: at the item, not at the top of the page.
    return see_other(url_for("structures.person", organisation_id=seat.organisation.id,
                             person_id=person_id) + f"#suivi-{departure.id}-{item}")
