"""Accepting an invitation: sign in with the invited address, or create the account here.

The link was sent to the address: following it proves the address, so an account created here
is confirmed at once. The link is a page with a button (mail scanners only follow links).
"""

from flask import Blueprint, flash, render_template, request, url_for
from flask_login import current_user

from . import audit
from .auth.forms import RegistrationForm
from .auth.operations import find_person, set_password
from .auth.sessions import start_session
from .extensions import db, limiter
from .htmx import see_other
from .people import create_person
from .structures.invitations import InvitationRefused, accept, find_open
from .timekeeping import utcnow

bp = Blueprint("invitations", __name__, url_prefix="/invitations")


class NewAccountForm(RegistrationForm):
    """Registration, the address being the invitation's."""

    email = None


def invalid_link():
    return render_template("invitations/invalid.html"), 404


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def show(token):
    """The invitation; accept it signed in, or create the account with its address."""
    invitation = find_open(token)
    if invitation is None:
        return invalid_link()
    existing = find_person(invitation.email)
    form = None
    if existing is None and not current_user.is_authenticated:
        form = NewAccountForm()
        form.email_hint = invitation.email  # the password must not contain it
    if current_user.is_authenticated:
        if current_user.email == invitation.email and request.method == "POST":
            try:
                accept(invitation, current_user)
            except InvitationRefused as refusal:
                flash(str(refusal), "error")
                return see_other(url_for("home.index"))
            db.session.commit()
            flash(f"Vous êtes gestionnaire RPPS+ pour {invitation.scope_label}.", "success")
            return see_other(url_for("home.index"))
    elif form is not None and form.validate_on_submit():
        person = create_person(invitation.email, form.first_name.data, form.last_name.data,
                               send_activation=False)
        set_password(person, form.password.data)
        person.email_confirmed_at = utcnow()
        audit.record("auth.registered", person, actor=person, via="invitation")
        accept(invitation, person)
        start_session(person)
        db.session.commit()
        flash(f"Bienvenue ! Vous êtes gestionnaire RPPS+ pour {invitation.scope_label} : "
              "commencez par l'e-learning.", "success")
        return see_other(url_for("home.index"))
    return render_template(
        "invitations/show.html", invitation=invitation, form=form, existing=existing,
        login_url=url_for("auth.login", next=url_for("invitations.show", token=token)),
    ), 422 if form is not None and form.errors else 200
