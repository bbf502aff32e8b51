"""API tokens: created for a structure (or every one), stored hashed, revoked. Flush only.

A token carries 256 random bits: a fast SHA-256 is enough to store it (nobody can guess one
to test against the hash, unlike a password), and it lets a request find its token with one
indexed lookup.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy.orm import selectinload

from .. import audit
from ..database import begin_writing
from ..extensions import db
from ..models import ApiToken, Establishment, Membership, Organisation, User
from ..timekeeping import utcnow

PREFIX = "rppsp_"
# "rppsp_" then secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
SHAPE = re.compile(r"rppsp_[A-Za-z0-9_-]{43}")
# Shown in lists so that people tell their tokens apart; far too short to guess the rest.
SHOWN_LENGTH = 12
# Recording every use would turn each read into a write: once an hour says enough.
LAST_USED_PRECISION = timedelta(hours=1)


def hash_token(token: str) -> str:
    """The SHA-256 of a token, in hex, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(name: str, actor: User, organisation: Organisation | None = None,
                 establishment: Establishment | None = None) -> tuple[ApiToken, str]:
    """A new token and its clear text, which is shown once and never stored.

    No structure: every structure (admins only, checked by the views).
    """
    if establishment is not None and establishment.organisation_id != organisation.id:
        raise ValueError("establishment outside organisation")
    clear = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, token_hash=hash_token(clear), prefix=clear[:SHOWN_LENGTH],
        organisation=organisation, establishment=establishment, created_by_id=actor.id,
        created_at=utcnow(),
    )
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", token, label=f"{name} ({token.prefix}…)", actor=actor,
                 organisation=organisation.id if organisation else None,
                 establishment=establishment.id if establishment else None)
    return token, clear


def revoke_token(token: ApiToken, actor: User) -> None:
    """Revoke a token now; the row stays, for the record."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        token.revoked_by_id = actor.id
        db.session.flush()
        audit.record("api_token.revoked", token, label=f"{token.name} ({token.prefix}…)",
                     actor=actor)


def active_token(presented: str | None) -> ApiToken | None:
    """The unrevoked token whose clear text is `presented`, if any (no query for junk)."""
    if not presented or not SHAPE.fullmatch(presented):
        return None
    return db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == hash_token(presented),
                                  ApiToken.revoked_at.is_(None))
    )


def note_use(token: ApiToken) -> ApiToken:
    """Record that the token is in use, at most once an hour; returns it (reloaded if written).

    Called from GET requests, which read in a read transaction: only when the hour has passed
    does this one ask for the write lock.
    """
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return token
    token_id = token.id
    begin_writing(db.session)
    token = db.session.get(ApiToken, token_id)
    token.last_used_at = now
    db.session.commit()
    return token


def every_token():
    """A SELECT of every token, active ones first, newest first, with what lists show."""
    return (db.select(ApiToken)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
            .options(selectinload(ApiToken.created_by), selectinload(ApiToken.organisation),
                     selectinload(ApiToken.establishment)))


def tokens_of(organisation: Organisation, establishment_ids: set[int] | None = None):
    """A SELECT of an EJ's tokens, those of some EG only when `establishment_ids` is given."""
    query = every_token().where(ApiToken.organisation_id == organisation.id)
    if establishment_ids is not None:
        query = query.where(ApiToken.establishment_id.in_(establishment_ids))
    return query


def people_in_scope(token: ApiToken):
    """A SELECT of the ids of the people with an active attachment within the token's scope."""
    query = db.select(Membership.user_id).where(Membership.ended_at.is_(None))
    if token.organisation_id is not None:
        query = query.where(Membership.organisation_id == token.organisation_id)
    if token.establishment_id is not None:
        query = query.where(Membership.establishment_id == token.establishment_id)
    return query
