"""Signed-in sessions: a signed cookie pointing at a revocable LoginSession row."""

import secrets
import time
from enum import StrEnum
from functools import cache

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Select, bindparam, case
from sqlalchemy.orm import joinedload

from directory.structures import StructureRole

from ..extensions import db, login_manager
from ..models import ElearningFlag, Habilitation, LoginSession, Membership, User
from ..models.habilitations import in_force
from ..security import csrf_field
from ..timekeeping import utcnow
from .tokens import digest

SESSION_KEY = "sid"
LAST_SEEN_KEY = "seen"
# Rewriting the cookie on every request is useless churn: a minute of precision is plenty.
SEEN_PRECISION_SECONDS = 60
# The header names one role in a structure, the foremost of the person's: first found here.
RANKED_ROLES = (StructureRole.LEGAL_REP, StructureRole.DELEGATE, StructureRole.GESTIONNAIRE)
ROLE_VALUES = frozenset(role.value for role in RANKED_ROLES)
# Pages that list the person's structures: their memberships come in the loader's query.
MEMBERSHIP_PAGES = frozenset({"home.index"})


class LearnerStanding(StrEnum):
    """Where a learner stands on the way to the habilitation, as the header names it."""

    IN_TRAINING = "in_training"
    TRAINED = "trained"  # the e-learning flag (a valid attestation), no habilitation in force
    HABILITATED = "habilitated"  # a habilitation « Gestionnaire RPPS+ » in force, on any scope

    @property
    def label(self) -> str:
        """French label shown to users: « Gestionnaire RPPS+ » only once habilitated."""
        return {"in_training": "En formation", "trained": "Attestation obtenue",
                "habilitated": StructureRole.GESTIONNAIRE.label}[self.value]


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
    # A new CSRF secret with the new session, in the cookie set now: the first page does not
    # have to write the cookie again to add one.
    forget_csrf_token()
    generate_csrf()


def forget_csrf_token() -> None:
    """Drop the token of the session just cleared: the rest of the request must not show it."""
    g.pop(csrf_field(), None)


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
    forget_csrf_token()


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


@cache
def signed_in_query(with_memberships: bool) -> Select:
    """The person of an open session, with the foremost role they hold in a structure.

    Built once: composing a SELECT costs more than running this one on SQLite.
    """
    rank = case({role.value: n for n, role in enumerate(RANKED_ROLES)}, value=Membership.role,
                else_=len(RANKED_ROLES))
    foremost_role = (
        db.select(Membership.role)
        .where(Membership.user_id == User.id, Membership.ended_at.is_(None))
        .order_by(rank)
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    habilitated = db.select(Habilitation.id).where(Habilitation.user_id == User.id, in_force())
    trained = db.select(ElearningFlag.user_id).where(ElearningFlag.user_id == User.id)
    query = (
        db.select(User, LoginSession.created_at, foremost_role,
                  case((habilitated.exists(), LearnerStanding.HABILITATED.value),
                       (trained.exists(), LearnerStanding.TRAINED.value),
                       else_=LearnerStanding.IN_TRAINING.value))
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            LoginSession.key_hash == bindparam("key_hash"),
            LoginSession.revoked_at.is_(None),
            User.id == bindparam("user_id"),
        )
    )
    return query.options(joinedload(User.memberships)) if with_memberships else query


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
    with_memberships = request.endpoint in MEMBERSHIP_PAGES
    result = db.session.execute(signed_in_query(with_memberships),
                                {"key_hash": digest(key), "user_id": int(user_id)})
    row = (result.unique() if with_memberships else result).first()
    if row is None:
        return None
    user, created_at, role, standing = row
    if utcnow() - created_at > config["SESSION_MAX_AGE"]:
        g.session_expired = True
        return None
    if now - seen > SEEN_PRECISION_SECONDS:
        session[LAST_SEEN_KEY] = int(now)
    g.structure_role = (user.id, StructureRole(role) if role in ROLE_VALUES else None)
    g.learner_standing = (user.id, LearnerStanding(standing))
    return user


def structure_role(user: User) -> StructureRole | None:
    """The foremost role `user` holds in a structure (RL, then mandataire, then gestionnaire)."""
    loaded = g.get("structure_role")
    if loaded is not None and loaded[0] == user.id:
        return loaded[1]
    roles = {m.role for m in user.active_memberships}
    return next((role for role in RANKED_ROLES if role.value in roles), None)


def learner_standing(user: User) -> LearnerStanding:
    """Where `user` stands on the way to the habilitation (read with the session if signed in)."""
    loaded = g.get("learner_standing")
    if loaded is not None and loaded[0] == user.id:
        return loaded[1]
    if db.session.scalar(db.select(Habilitation.id).where(Habilitation.user_id == user.id,
                                                          in_force()).limit(1)):
        return LearnerStanding.HABILITATED
    if user.elearning_flag is not None:
        return LearnerStanding.TRAINED
    return LearnerStanding.IN_TRAINING
