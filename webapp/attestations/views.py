"""An attestation's page and PDF, and the changes admins and trainers may make to it."""

from functools import cache
from io import BytesIO

from flask import abort, flash, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import Select, bindparam
from wtforms import TextAreaField
from wtforms.validators import Length

from certificates.numbering import parse_number

from ..access import may_follow, may_revoke
from ..extensions import db
from ..forms import Form, name_field, required, rpps_field
from ..htmx import see_other
from ..models import Attestation, QuizAttempt
from ..quiz.exam import duration_seconds, too_fast
from . import bp
from .documents import attestation_pdf
from .identity import Identity, correct_identity
from .issuance import AttestationRefused, links, revoke


class RevokeForm(Form):
    reason = TextAreaField("Motif de la révocation", validators=[
        required("Indiquez le motif de la révocation."),
        Length(max=500, message="Le motif tient en 500 caractères au plus."),
    ])


class ReissueForm(Form):
    """The corrected identity: the account is corrected with the attestation."""

    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    rpps = rpps_field()
    # Not « reason »: the revocation form on the same page has that field id.
    correction_reason = TextAreaField("Motif de la correction", validators=[
        required("Indiquez le motif de la correction."),
        Length(max=500, message="Le motif tient en 500 caractères au plus."),
    ])


@cache
def by_number() -> Select:
    """The attestation of a number (`year`, `sequence`): its page and every download run it.

    Built once: composing a SELECT costs about what running this one does on SQLite.
    """
    return db.select(Attestation).where(Attestation.year == bindparam("year"),
                                        Attestation.sequence == bindparam("sequence"))


def attestation_or_404(number: str) -> Attestation:
    """The attestation with this number, if the signed-in person may see it; else 404."""
    parsed = parse_number(number)
    attestation = db.session.scalar(
        by_number(), {"year": parsed[0], "sequence": parsed[1]}) if parsed else None
    if attestation is None or not may_follow(current_user, attestation.holder):
        abort(404)
    return attestation


def render_show(attestation, revoke_form=None, reissue_form=None, status=200):
    """The attestation's page, with the forms of those who may change it."""
    manager = may_revoke(current_user, attestation.holder)
    attempt = db.session.get(QuizAttempt, attestation.attempt_id) \
        if manager and attestation.attempt_id else None
    return render_template(
        "attestations/show.html", attestation=attestation, manager=manager,
        exam_seconds=duration_seconds(attempt) if attempt else None,
        exam_too_fast=too_fast(attempt) if attempt else False,
        links=links(attestation),
        revoke_form=revoke_form or RevokeForm(formdata=None),
        reissue_form=reissue_form or ReissueForm(formdata=None, obj=attestation.holder),
    ), status


@bp.get("/<number>")
def show(number):
    """An attestation: status, holder, course, and what may be done with it."""
    return render_show(attestation_or_404(number))


@bp.get("/<number>.pdf")
def download(number):
    """The attestation's PDF (valid ones only), rendered once and then served from storage."""
    attestation = attestation_or_404(number)
    if not attestation.is_valid:
        abort(404)
    response = send_file(BytesIO(attestation_pdf(attestation)), mimetype="application/pdf",
                         download_name=f"attestation-{number}.pdf", max_age=0,
                         etag=False, conditional=False)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def managed_or_404(number: str) -> Attestation:
    """The attestation, if the signed-in person may revoke or re-issue it; else 404."""
    attestation = attestation_or_404(number)
    if not may_revoke(current_user, attestation.holder):
        abort(404)
    return attestation


@bp.post("/<number>/revoke")
def revoke_attestation(number):
    """Revoke an attestation, with a reason (admins and trainers of the region)."""
    attestation = managed_or_404(number)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            revoke(attestation, form.reason.data, current_user)
        except AttestationRefused as refusal:
            form.reason.errors.append(str(refusal))
        else:
            db.session.commit()
            flash(f"L'attestation {attestation.number} est révoquée ; le titulaire et ses "
                  "représentants légaux sont prévenus.", "success")
            return see_other(url_for("attestations.show", number=attestation.number))
    return render_show(attestation, revoke_form=form, status=422)


@bp.post("/<number>/reissue")
def reissue_attestation(number):
    """Correct the holder's identity: the account and a new attestation that replaces this one."""
    attestation = managed_or_404(number)
    form = ReissueForm()
    form.person = attestation.holder
    if form.validate_on_submit():
        if not attestation.is_valid:
            form.form_errors.append("Seule une attestation valide peut être rééditée.")
            return render_show(attestation, reissue_form=form, status=422)
        try:
            replacement = correct_identity(
                attestation.holder, Identity(form.first_name.data, form.last_name.data,
                                             form.rpps.data), current_user,
                form.correction_reason.data)
        except AttestationRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash(f"Identité corrigée : l'attestation {replacement.number} remplace la "
                  f"{attestation.number} ; le titulaire et ses représentants légaux sont "
                  "prévenus.", "success")
            return see_other(url_for("attestations.show", number=replacement.number))
    return render_show(attestation, reissue_form=form, status=422)
