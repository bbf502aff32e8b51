"""Identity correction requests, decided by admins and by the GRADeS of the person's region."""

from flask import abort, flash, render_template, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length

from ..access import may_revoke
from ..extensions import db
from ..forms import Form, required
from ..htmx import see_other
from ..models import IdentityCorrection
from . import bp
from .identity import approve, pending_in_scope, refuse, valid_attestations
from .issuance import AttestationRefused


class RefuseForm(Form):
    reason = TextAreaField("Motif du refus", validators=[
        required("Indiquez le motif du refus."),
        Length(max=500, message="Le motif tient en 500 caractères au plus."),
    ])


def may_decide_corrections(user) -> bool:
    """Whether `user` decides identity corrections at all: admins and GRADeS trainers."""
    return user.is_admin or user.is_trainer


def correction_or_404(correction_id: int) -> IdentityCorrection:
    """The request, if the signed-in person may decide it; else 404."""
    correction = db.session.get(IdentityCorrection, correction_id)
    if (correction is None or not may_decide_corrections(current_user)
            or not may_revoke(current_user, correction.person)):
        abort(404)
    return correction


@bp.get("/corrections")
def corrections():
    """The identity corrections waiting for a decision, in the reviewer's scope."""
    if not may_decide_corrections(current_user):
        abort(404)
    pending = db.session.scalars(pending_in_scope(current_user)).all()
    return render_template("attestations/corrections.html", pending=pending)


def render_correction(correction, refuse_form=None, refusal=None, status=200):
    """One request: what changes, why, and the two decisions."""
    return render_template(
        "attestations/correction.html", correction=correction,
        attestations=valid_attestations(correction.person), refusal=refusal,
        refuse_form=refuse_form or RefuseForm(formdata=None),
    ), status


@bp.get("/corrections/<int:correction_id>")
def correction(correction_id):
    """A request and, while pending, the forms to approve or refuse it."""
    return render_correction(correction_or_404(correction_id))


@bp.post("/corrections/<int:correction_id>/approve")
def approve_correction(correction_id):
    """Approve: the identity is corrected and the attestation re-issued, in one operation."""
    correction = correction_or_404(correction_id)
    form = Form()
    if not form.validate_on_submit():
        return render_correction(correction, refusal="Le formulaire a expiré : réessayez.",
                                 status=422)
    try:
        replacement = approve(correction, current_user)
    except AttestationRefused as refusal:
        db.session.rollback()
        return render_correction(correction, refusal=str(refusal), status=422)
    db.session.commit()
    flash(f"Correction acceptée : l'attestation {replacement.number} est éditée au nom de "
          f"{replacement.holder_name} ; la personne et ses représentants légaux sont prévenus.",
          "success")
    return see_other(url_for("attestations.corrections"))


@bp.post("/corrections/<int:correction_id>/refuse")
def refuse_correction(correction_id):
    """Refuse a request, with a reason the person is told."""
    correction = correction_or_404(correction_id)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            refuse(correction, current_user, form.reason.data)
        except AttestationRefused as refusal:
            form.reason.errors.append(str(refusal))
        else:
            db.session.commit()
            flash("Demande refusée ; la personne est prévenue du motif.", "success")
            return see_other(url_for("attestations.corrections"))
    return render_correction(correction, refuse_form=form, status=422)
