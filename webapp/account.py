"""A person's own account: identity, password and open sessions."""

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import Length

from . import audit
from .access import sign_in_required
from .attestations.identity import (
    Identity,
    identity_locked,
    pending_correction,
    request_correction,
)
from .attestations.issuance import AttestationRefused
from .auth import operations, renewal
from .auth.forms import ChangePasswordForm
from .auth.passwords import verify_password
from .auth.sessions import current_login_session, end_session, revoke_sessions
from .extensions import db
from .forms import Form, name_field, phone_field, required, rpps_field
from .htmx import see_other
from .models import LoginSession

bp = Blueprint("account", __name__, url_prefix="/account")
bp.before_request(sign_in_required)


class ProfileForm(Form):
    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    mobile_phone = phone_field()
    rpps = rpps_field()


class ContactForm(Form):
    """What a certified person may still change alone: names and RPPS are on the attestation."""

    mobile_phone = phone_field()


class CorrectionForm(Form):
    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    rpps = rpps_field()
    reason = TextAreaField("Motif de la correction", validators=[
        required("Indiquez le motif de la correction."),
        Length(max=500, message="Le motif tient en 500 caractères au plus."),
    ])


IDENTITY_FIELDS = ("first_name", "last_name", "rpps")
IDENTITY_LOCKED = ("Votre nom, votre prénom et votre numéro RPPS figurent sur votre attestation "
                   "de réussite : ils ne se modifient que par une demande de correction.")


def render_account(profile=None, password=None, status=200):
    """The account page with its two forms (one of them possibly in error)."""
    person = current_user
    locked = identity_locked(person)
    sessions = db.session.scalars(
        db.select(LoginSession)
        .filter_by(user_id=person.id, revoked_at=None)
        .order_by(LoginSession.created_at.desc())
    ).all()
    if profile is None:
        profile = (ContactForm if locked else ProfileForm)(obj=person)
        profile.person = person
    return render_template(
        "account/index.html",
        profile=profile,
        identity_locked=locked,
        pending=pending_correction(person) if locked else None,
        password_form=password or ChangePasswordForm(),
        sessions=sessions,
        this_session=current_login_session(),
        password_change_required=renewal.change_required(),
    ), status


@bp.get("/")
def index():
    """Show the person's account."""
    return render_account()


@bp.post("/profile")
def update_profile():
    """Change one's name, mobile phone or RPPS number (the phone only, once certified)."""
    locked = identity_locked(current_user)
    form = (ContactForm if locked else ProfileForm)()
    form.person = current_user
    valid = form.validate()
    if locked and identity_changed(request.form):
        form.form_errors.append(IDENTITY_LOCKED)
        valid = False
    if not valid:
        return render_account(profile=form, status=422)
    changes = {
        name: getattr(form, name).data or None
        for name in ("first_name", "last_name", "mobile_phone", "rpps")
        if name in form and (getattr(form, name).data or None) != getattr(current_user, name)
    }
    for name, value in changes.items():
        setattr(current_user, name, value)
    if changes:
        audit.record("person.updated", current_user, fields=sorted(changes))
    db.session.commit()
    flash("Vos informations sont enregistrées.", "success")
    return see_other(url_for("account.index"))


def identity_changed(formdata) -> bool:
    """Whether a post tries to change a name or the RPPS number (the page offers no field)."""
    return any(
        name in formdata and "".join(formdata[name].split()) != "".join(
            (getattr(current_user, name) or "").split())
        for name in IDENTITY_FIELDS
    )


@bp.route("/identity-correction", methods=["GET", "POST"])
def identity_correction():
    """Ask for the names or RPPS number on one's attestation to be corrected."""
    if not identity_locked(current_user):
        return see_other(url_for("account.index"))
    pending = pending_correction(current_user)
    form = CorrectionForm(obj=current_user if request.method == "GET" else None)
    form.person = current_user
    if pending is None and form.validate_on_submit():
        try:
            request_correction(current_user, Identity(form.first_name.data, form.last_name.data,
                                                      form.rpps.data), form.reason.data)
        except AttestationRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash("Votre demande de correction est envoyée : un administrateur ou l'équipe "
                  "GRADeS de votre région la traitera.", "success")
            return see_other(url_for("account.index"))
    status = 422 if form.errors or (pending and request.method == "POST") else 200
    return render_template("account/identity_correction.html", form=form,
                           pending=pending), status


@bp.post("/password")
def change_password():
    """Change one's password; every other session is signed out."""
    form = ChangePasswordForm()
    form.password_owner = current_user
    if form.validate() and not verify_password(
        current_user.password_hash, form.current_password.data
    ):
        form.current_password.errors = ["Le mot de passe actuel n'est pas le bon."]
    if form.errors:
        return render_account(password=form, status=422)
    operations.change_password(current_user, form.password.data, current_login_session())
    db.session.commit()
    renewal.password_changed()
    flash("Mot de passe modifié. Vos autres sessions ont été déconnectées.", "success")
    return see_other(url_for("account.index"))


@bp.post("/sessions/revoke")
def sign_out_everywhere():
    """Sign out of every browser and device, this one included."""
    count = revoke_sessions(current_user)
    audit.record("auth.sessions_revoked", current_user, sessions=count)
    end_session()
    db.session.commit()
    flash("Vous êtes déconnecté(e) de tous vos appareils.", "success")
    return see_other(url_for("auth.login"))
