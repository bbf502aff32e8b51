"""Accounts: registration, confirmation, authentication and passwords. Flush, never commit."""

from .. import audit
from ..extensions import db
from ..mail import queue_email
from ..models import PlatformRole, User
from ..timekeeping import utcnow
from ..urls import public_url
from .passwords import hash_password, needs_rehash, verify_password
from .sessions import revoke_sessions
from .tokens import consume_token, issue_token

# A reset link and an account activation link both lead to choosing a password.
PASSWORD_TOKENS = ("reset_password", "activate_account")


def find_person(email: str) -> User | None:
    """The account of this e-mail address (whatever its case)."""
    return db.session.scalar(db.select(User).filter_by(email=email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The person if the password is right (same time and same answer otherwise)."""
    person = find_person(email)
    if not verify_password(person.password_hash if person else None, password):
        audit.record("auth.sign_in_failed", person, label=email[:254])
        return None
    if not person.is_active:
        audit.record("auth.sign_in_failed", person, reason="compte désactivé")
        return None
    if needs_rehash(person.password_hash):
        person.password_hash = hash_password(password)
    return person


def register_learner(first_name: str, last_name: str, email: str, password: str) -> User | None:
    """Create an unconfirmed learner account and send the confirmation link.

    When the address already has an account, nothing is created and its owner is told by
    e-mail instead: the page says the same either way, so addresses cannot be probed.
    """
    existing = find_person(email)
    # Hashed in both cases: an answer without the hash's work would tell the address is known.
    password_hash = hash_password(password)
    if existing is not None:
        queue_email(existing.email, "Vous avez déjà un compte", "already_registered",
                    person=existing, reset_url=public_url("auth.forgot_password"))
        return None
    person = User(
        first_name=first_name,
        last_name=last_name,
        email=email,
        password_hash=password_hash,
        platform_role=PlatformRole.LEARNER.value,
    )
    db.session.add(person)
    db.session.flush()
    audit.record("auth.registered", person, actor=person)
    send_confirmation(person)
    return person


def send_confirmation(person: User) -> None:
    """E-mail a fresh confirmation link to `person`."""
    token = issue_token(person, "confirm_email")
    queue_email(person.email, "Confirmez votre adresse e-mail", "confirm_email",
                person=person, url=public_url("auth.confirm_email", token=token))


def confirm_email(token: str) -> User | None:
    """Confirm the address behind a single-use token; None if it is unknown, used or expired."""
    person = consume_token(token, "confirm_email")
    if person is not None and person.email_confirmed_at is None:
        person.email_confirmed_at = utcnow()
        audit.record("auth.email_confirmed", person, actor=person)
    return person


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    person = find_person(email)
    if person is None or not person.is_active:
        return
    token = issue_token(person, "reset_password")
    audit.record("auth.password_reset_requested", person, actor=person)
    queue_email(person.email, "Réinitialisation de votre mot de passe", "reset_password",
                person=person, url=public_url("auth.reset_password", token=token))


def reset_password(token: str, password: str) -> User | None:
    """Set a new password from a reset token and close every session of the person."""
    person = consume_token(token, *PASSWORD_TOKENS)
    if person is None:
        return None
    set_password(person, password)
    revoke_sessions(person)
    # Following the link proves the address too.
    person.email_confirmed_at = person.email_confirmed_at or utcnow()
    audit.record("auth.password_reset", person, actor=person)
    return person


def change_password(person: User, password: str, keep_session) -> None:
    """Change the password and sign out every other session of the person."""
    set_password(person, password)
    revoked = revoke_sessions(person, keep=keep_session)
    audit.record("auth.password_changed", person, other_sessions_closed=revoked)
    queue_email(person.email, "Votre mot de passe a été modifié", "password_changed",
                person=person, reset_url=public_url("auth.forgot_password"))


def set_password(person: User, password: str) -> None:
    """Store the hash of a new password."""
    person.password_hash = hash_password(password)
