"""Signed-in sessions: a signed cookie pointing at a revocable LoginSession row."""

import secrets
import time

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy.orm import joinedload

from ..extensions import db, login_manager
from ..models import LoginSession, User
from ..timekeeping import utcnow
from .tokens import digest

SESSION_KEY = "sid"
LAST_SEEN_KEY = "seen"
# Rewriting the cookie on every request is useless churn: a minute of precision is plenty.
SEEN_PRECISION_SECONDS = 60


def start_session(user: User) -> None:
    """Sign `user` in on this browser, in a fresh session (no fixation)."""
    key = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user=user,
            key_hash=digest(key),
            ip_address=request.remote_addr,
            user_agent=(request.user_agent.string or "")[:200],
        )
    )
    session.clear()
    login_user(user)
    session[SESSION_KEY] = key
    session[LAST_SEEN_KEY] = int(time.time())


def current_login_session() -> LoginSession | None:
    """The LoginSession row of this browser, if signed in."""
    key = session.get(SESSION_KEY)
    if not key:
        return None
    return db.session.scalar(db.select(LoginSession).filter_by(key_hash=digest(key)))


def end_session() -> None:
    """Sign this browser out and revoke its session on the server."""
    row = current_login_session()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
    logout_user()
    session.clear()


def revoke_sessions(user: User, *, keep: LoginSession | None = None) -> int:
    """Revoke every open session of `user` but `keep`; return how many were revoked."""
    now = utcnow()
    query = db.select(LoginSession).filter_by(user_id=user.id, revoked_at=None)
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    rows = db.session.scalars(query).all()
    for row in rows:
        row.revoked_at = now
    return len(rows)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in person, if their session is open, not idle and not too old."""
    key = session.get(SESSION_KEY)
    seen = session.get(LAST_SEEN_KEY, 0)
    now = time.time()
    config = current_app.config
    if not key or not user_id.isdigit():
        return None
    if now - seen > config["SESSION_IDLE_TIMEOUT"].total_seconds():
        g.session_expired = True
        return None
    row = db.session.execute(
        db.select(User, LoginSession.created_at)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.key_hash == digest(key),
            LoginSession.revoked_at.is_(None),
            User.id == int(user_id),
        )
        # Every page shows the person's roles (header, menu): load them in the same query.
        .options(joinedload(User.memberships))
    ).unique().first()
    if row is None:
        return None
    user, created_at = row
    if utcnow() - created_at > config["SESSION_MAX_AGE"]:
        g.session_expired = True
        return None
    if now - seen > SEEN_PRECISION_SECONDS:
        session[LAST_SEEN_KEY] = int(now)
    return user
