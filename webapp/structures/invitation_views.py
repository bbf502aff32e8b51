"""Invitations in the RL's space: gestionnaires invited by e-mail, one or many."""

from flask import current_app, flash, render_template, request, url_for
from flask_login import current_user
from wtforms import FileField, SelectField, TextAreaField
from wtforms.validators import Length

from directory.structures import ContractMode

from ..extensions import db
from ..forms import Form, choices, required
from ..htmx import see_other
from ..models import Invitation
from ..timekeeping import utcnow
from ..wording import counted
from . import bp, invitations
from .scope import acting_seat_or_404, in_scope, in_scope_or_404


class InvitationForm(Form):
    scope = SelectField("Périmètre", validators=[required("Choisissez le périmètre.")])
    addresses = TextAreaField(
        "Adresses e-mail", validators=[Length(max=50_000, message="Liste trop longue.")])
    file = FileField("Ou un fichier CSV d'adresses")


def invitation_scopes(seat) -> list:
    """Where the RL may invite a gestionnaire: the EJ or an EG (centralised), an EG otherwise."""
    organisation = seat.organisation
    ids = seat.scope.establishment_ids
    whole_ej = organisation.mode is ContractMode.CENTRALISED and ids is None
    scopes = [None] if whole_ej else []
    return scopes + [eg for eg in organisation.establishments if ids is None or eg.id in ids]


def render_invitations(seat, form, batch=None, status=200):
    pending = db.session.scalars(
        db.select(Invitation).where(Invitation.organisation_id == seat.organisation.id,
                                    Invitation.accepted_at.is_(None),
                                    Invitation.revoked_at.is_(None),
                                    Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())).all()
    pending = [invitation for invitation in pending if in_scope(seat, invitation)]
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
        flash(f"{counted(len(batch.sent), 'invitation envoyée')}.", "success")
    for address, warning in batch.warned:
        flash(f"Attention : {address} est {warning}. L'invitation est envoyée pour ce "
              "périmètre en plus.", "info")
    if not batch.refused:
        return see_other(url_for("structures.invitations_page", organisation_id=organisation_id))
    # Keep what was refused in the field, to correct it and send again.
    form.addresses.data = "\n".join(address for address, _ in batch.refused)
    return render_invitations(seat, form, batch, status=422 if not batch.sent else 200)


@bp.post("/<int:organisation_id>/invitations/<int:invitation_id>/retrait")
def revoke_invitation(organisation_id, invitation_id):
    seat = acting_seat_or_404(organisation_id)
    invitation = in_scope_or_404(seat, db.session.get(Invitation, invitation_id))
    try:
        invitations.revoke(invitation, current_user)
    except invitations.InvitationRefused as refusal:
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"Invitation de {invitation.email} retirée.", "success")
    return see_other(url_for("structures.invitations_page", organisation_id=organisation_id))
