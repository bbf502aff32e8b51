"""A password that today's rules refuse, found at sign-in: change it before going further.

Only at sign-in is the plain password known, so only then can an old account's password be
judged. The answer is kept on the session (the cookie), and until the person has chosen a new
password every page but their account's sends them there.
"""

from flask import flash, request, session, url_for
from flask_login import current_user

from ..htmx import see_other
from ..models import User
from .passwords import password_problem

SESSION_FLAG = "password_change_required"
# What a person asked to change their password may still do.
ALLOWED_ENDPOINTS = {"account.index", "account.change_password", "auth.logout", "static",
                     "account.sign_out_everywhere"}
EXPLANATION = ("Votre mot de passe ne respecte plus nos règles : il est trop facile à deviner. "
               "Choisissez-en un nouveau pour continuer.")


def check_at_sign_in(person: User, password: str) -> bool:
    """Flag the new session if `password` is too weak for today's rules; True if it is."""
    weak = password_problem(password, email=person.email,
                            names=(person.first_name, person.last_name)) is not None
    if weak:
        session[SESSION_FLAG] = True
    return weak


def change_required() -> bool:
    """Whether this session must change its password before anything else."""
    return bool(session.get(SESSION_FLAG)) and current_user.is_authenticated


def password_changed() -> None:
    """The person chose a new password: the session may go anywhere again."""
    session.pop(SESSION_FLAG, None)


def send_to_password_change():
    """Before each request: a session with a weak password goes to the account page."""
    if request.endpoint in ALLOWED_ENDPOINTS or not change_required():
        return None
    flash(EXPLANATION, "error")
    return see_other(url_for("account.index") + "#password-title")
