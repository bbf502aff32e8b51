"""A person's own account: identity, password and open sessions."""

from flask import Blueprint, flash, render_template, url_for
from flask_login import current_user, login_required

from . import audit
from .auth import operations, renewal
from .auth.forms import ChangePasswordForm
from .auth.passwords import verify_password
from .auth.sessions import current_login_session, end_session, revoke_sessions
from .extensions import db
from .forms import Form, name_field, phone_field, rpps_field
from .htmx import see_other
from .models import LoginSession

bp = Blueprint("account", __name__, url_prefix="/account")


class ProfileForm(Form):
    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    mobile_phone = phone_field()
    rpps = rpps_field()


def render_account(profile=None, password=None, status=200):
    """The account page with its two forms (one of them possibly in error)."""
    person = current_user
    sessions = db.session.scalars(
        db.select(LoginSession)
        .filter_by(user_id=person.id, revoked_at=None)
        .order_by(LoginSession.created_at.desc())
    ).all()
    if profile is None:
        profile = ProfileForm(obj=person)
        profile.person = person
    return render_template(
        "account/index.html",
        profile=profile,
        password_form=password or ChangePasswordForm(),
        sessions=sessions,
        this_session=current_login_session(),
        password_change_required=renewal.change_required(),
    ), status


@bp.get("/")
@login_required
def index():
    """Show the person's account."""
    return render_account()


@bp.post("/profile")
@login_required
def update_profile():
    """Change one's name, mobile phone or RPPS number."""
    form = ProfileForm()
    form.person = current_user
    if not form.validate():
        return render_account(profile=form, status=422)
    changes = {
        name: getattr(form, name).data or None
        for name in ("first_name", "last_name", "mobile_phone", "rpps")
        if (getattr(form, name).data or None) != getattr(current_user, name)
    }
    for name, value in changes.items():
        setattr(current_user, name, value)
    if changes:
        audit.record("person.updated", current_user, fields=sorted(changes))
    db.session.commit()
    flash("Vos informations sont enregistrées.", "success")
    return see_other(url_for("account.index"))


@bp.post("/password")
@login_required
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
@login_required
def sign_out_everywhere():
    """Sign out of every browser and device, this one included."""
    count = revoke_sessions(current_user)
    audit.record("auth.sessions_revoked", current_user, sessions=count)
    end_session()
    db.session.commit()
    flash("Vous êtes déconnecté(e) de tous vos appareils.", "success")
    return see_other(url_for("auth.login"))
