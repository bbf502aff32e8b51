"""Single-use, expiring tokens sent by e-mail; only their hash is stored."""

import hashlib
import secrets

from flask import current_app

from ..extensions import db
from ..models import ActionToken, User
from ..timekeeping import utcnow


def digest(token: str) -> str:
    """The SHA-256 of a random token (enough: tokens carry 256 bits of entropy)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: str) -> str:
    """Create a token for `purpose`, void the person's earlier ones, return the clear value."""
    now = utcnow()
    for earlier in db.session.scalars(
        db.select(ActionToken).filter_by(user_id=user.id, purpose=purpose, used_at=None)
    ):
        earlier.used_at = now
    token = secrets.token_urlsafe(32)
    lifetime = current_app.config["TOKEN_LIFETIMES"][purpose]
    db.session.add(
        ActionToken(
            user=user, purpose=purpose, token_hash=digest(token), expires_at=now + lifetime
        )
    )
    db.session.flush()
    return token


def find_token(token: str, *purposes: str) -> ActionToken | None:
    """The unused, unexpired token with this value and one of these purposes, if any."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(
        db.select(ActionToken).where(
            ActionToken.token_hash == digest(token), ActionToken.purpose.in_(purposes)
        )
    )
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found


def consume_token(token: str, *purposes: str) -> User | None:
    """Mark the token used and return its person; None if it is unknown, used or expired."""
    found = find_token(token, *purposes)
    if found is None:
        return None
    found.used_at = utcnow()
    return found.user
