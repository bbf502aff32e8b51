"""Sign in and out, registration, e-mail confirmation and forgotten passwords."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from .. import audit
from ..extensions import db, limiter
from ..htmx import see_other
from . import operations, renewal
from .forms import ConfirmForm, EmailForm, LoginForm, RegistrationForm, ResetPasswordForm
from .sessions import end_session, start_session
from .tokens import find_token

bp = Blueprint("auth", __name__)
bp.before_app_request(renewal.send_to_password_change)

BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def login_limit_per_ip() -> str:
    return current_app.config["LOGIN_LIMIT_PER_IP"]


def login_limit_per_account() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def account_key() -> str:
    """The account typed *and* the address typing it: failures from elsewhere (an attacker's)
    never block the right password from the holder's own address (OWASP: no lockout)."""
    email = request.form.get("email", "").strip().lower()[:254]
    return f"login:{email}|{get_remote_address()}"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of ours, never another site."""
    # Browsers read "/\host" as "//host": backslashes are refused along with "//".
    if target and target.startswith("/") and not target.startswith("//") \
            and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit_per_ip, methods=["POST"])
@limiter.limit(
    login_limit_per_account,
    key_func=account_key,
    methods=["POST"],
    # Only failures count against an account: its owner signing in is never slowed down.
    deduct_when=lambda response: response.status_code == 422,
)
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    unconfirmed = False
    if form.validate_on_submit():
        person = operations.authenticate(form.email.data, form.password.data)
        if person is None:
            form.form_errors.append(BAD_CREDENTIALS)
        elif person.email_confirmed_at is None:
            unconfirmed = True
            form.form_errors.append(
                "Votre adresse e-mail n'est pas encore confirmée : ouvrez le lien reçu par "
                "e-mail, ou demandez-en un nouveau."
            )
        else:
            start_session(person)
            audit.record("auth.signed_in", person)
            db.session.commit()
            if renewal.check_at_sign_in(person, form.password.data):
                return renewal.send_to_password_change()
            return see_other(safe_next(request.args.get("next")))
        db.session.commit()  # keep the audit of the failure
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form, unconfirmed=unconfirmed), status


@bp.post("/logout")
def logout():
    """Sign out of this browser (the session is revoked on the server too)."""
    if current_user.is_authenticated:
        audit.record("auth.signed_out", current_user)
        end_session()
        db.session.commit()
    flash("Vous êtes déconnecté(e).", "success")
    return see_other(url_for("auth.login"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(login_limit_per_ip, methods=["POST"])
def register():
    """Create a learner account; a link confirms the address."""
    form = RegistrationForm()
    if form.validate_on_submit():
        operations.register_learner(
            form.first_name.data, form.last_name.data, form.email.data, form.password.data
        )
        db.session.commit()
        return see_other(url_for("auth.check_mailbox", reason="register"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.get("/check-mailbox")
def check_mailbox():
    """Tell the person to look in their mailbox (same words whether the account exists)."""
    return render_template("auth/check_mailbox.html", reason=request.args.get("reason"))


@bp.route("/confirm", methods=["GET", "POST"])
@limiter.limit(login_limit_per_ip, methods=["POST"])
def resend_confirmation():
    """Ask for a new confirmation link."""
    form = EmailForm()
    if form.validate_on_submit():
        person = operations.find_person(form.email.data)
        if person is not None and person.email_confirmed_at is None:
            operations.send_confirmation(person)
            db.session.commit()
        return see_other(url_for("auth.check_mailbox", reason="confirm"))
    return render_template("auth/resend.html", form=form), 422 if form.errors else 200


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token):
    """Confirm an e-mail address (a button, so that mail scanners do not spend the link)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        if operations.confirm_email(token) is not None:
            db.session.commit()
            flash("Votre adresse e-mail est confirmée : vous pouvez vous connecter.", "success")
            return see_other(url_for("auth.login"))
    if find_token(token, "confirm_email") is None:
        return render_template("auth/link_invalid.html", retry="auth.resend_confirmation"), 404
    return render_template("auth/confirm.html", form=form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(login_limit_per_ip, methods=["POST"])
def forgot_password():
    """Ask for a password reset link."""
    form = EmailForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data)
        db.session.commit()
        return see_other(url_for("auth.check_mailbox", reason="reset"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    """Choose a new password from a single-use, expiring link."""
    found = find_token(token, *operations.PASSWORD_TOKENS)
    if found is None:
        return render_template("auth/link_invalid.html", retry="auth.forgot_password"), 404
    form = ResetPasswordForm()
    form.password_owner = found.user
    if form.validate_on_submit():
        operations.reset_password(token, form.password.data)
        db.session.commit()
        flash("Votre mot de passe est changé : connectez-vous avec le nouveau.", "success")
        return see_other(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
