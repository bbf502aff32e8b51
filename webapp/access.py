"""Who may see what: signing in first, and the scope of structures per person.

Outside their scope a person gets 404, never 403: existence does not leak.
"""

from functools import cache

from flask import abort, flash, g, request, url_for
from flask_login import current_user

from directory.structures import StructureRole

from .extensions import db, login_manager
from .htmx import see_other
from .models import Establishment, Membership, Organisation, User

login_manager.login_view = "auth.login"
# Flask-Login's "session protection" only marks a session non-fresh when the address or browser
# changes, and no page asks for a fresh one: sessions are rows on the server, revocable, with
# idle and absolute timeouts (auth/sessions.py). Its hash of both on every request buys nothing.
login_manager.session_protection = None


@login_manager.unauthorized_handler
def ask_to_sign_in():
    """Send an anonymous visitor to the login page, the whole page even from htmx."""
    if g.get("session_expired"):
        flash("Votre session a expiré : reconnectez-vous.", "info")
    next_page = request.full_path.rstrip("?") if request.method == "GET" else None
    return see_other(url_for("auth.login", next=next_page))


def sign_in_required():
    """A blueprint's guard (`bp.before_request(sign_in_required)`): every route of the
    blueprint needs a signed-in person. The one way to say it: a blueprint whose routes are
    all private declares it once, next to its name, and no view can forget it."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


STRUCTURE_MANAGERS = (StructureRole.LEGAL_REP.value, StructureRole.DELEGATE.value)


def visible_organisations(user: User):
    """A SELECT of the EJ whose page `user` may open: all (admin), region (trainer), own (RL)."""
    query = db.select(Organisation)
    if user.is_admin:
        return query
    if user.is_trainer:
        return query.where(Organisation.region_code == user.region_code)
    managed = db.select(Membership.organisation_id).where(
        Membership.user_id == user.id,
        Membership.ended_at.is_(None),
        Membership.role.in_(STRUCTURE_MANAGERS),
    )
    return query.where(Organisation.id.in_(managed))


def visible_establishment_ids(user: User, organisation: Organisation) -> set[int] | None:
    """The EG of `organisation` that `user` sees; None means all of them."""
    if user.is_admin or user.is_trainer:
        return None
    rows = db.session.scalars(
        db.select(Membership.establishment_id).where(
            Membership.user_id == user.id,
            Membership.organisation_id == organisation.id,
            Membership.ended_at.is_(None),
            Membership.role.in_(STRUCTURE_MANAGERS),
        )
    ).all()
    # Attached at EJ level (centralised): the whole EJ; at EG level: those EG only.
    return None if None in rows else set(rows)


def organisation_or_404(organisation_id: int) -> Organisation:
    """The EJ if `current_user` may see it, else 404."""
    organisation = db.session.scalar(
        visible_organisations(current_user).where(Organisation.id == organisation_id)
    )
    if organisation is None:
        abort(404)
    return organisation


def memberships_in_scope(organisation: Organisation, establishment_ids: set[int] | None):
    """A SELECT of the active memberships of `organisation` restricted to some EG (or all)."""
    query = (
        db.select(Membership)
        .where(Membership.organisation_id == organisation.id, Membership.ended_at.is_(None))
        .join(User, Membership.user_id == User.id)
        .outerjoin(Establishment, Membership.establishment_id == Establishment.id)
        .order_by(User.last_name, User.first_name)
    )
    if establishment_ids is not None:
        query = query.where(Membership.establishment_id.in_(establishment_ids))
    return query


@cache
def membership_aliases() -> tuple:
    """Two aliases of Membership, made once: a fresh alias per query costs more than the query
    (building it, and compiling it again, since SQLAlchemy's cache keys on the alias)."""
    return db.aliased(Membership), db.aliased(Membership)


def managers_of(person: User):
    """A SELECT of the RLs and mandataires whose scope covers one of `person`'s attachments.

    An RL attached to the EJ (centralised) covers the whole EJ; one attached to an EG covers
    the people of that EG.
    """
    return managers_of_id(person.id)


def managers_of_id(person_id):
    """`managers_of` the person of this id (or of a `bindparam`, for a SELECT built once)."""
    manager, attached = membership_aliases()
    return (
        db.select(User)
        .join(manager, manager.user_id == User.id)
        .join(attached, attached.organisation_id == manager.organisation_id)
        .where(
            attached.user_id == person_id,
            attached.ended_at.is_(None),
            manager.ended_at.is_(None),
            manager.role.in_(STRUCTURE_MANAGERS),
            db.or_(manager.establishment_id.is_(None),
                   manager.establishment_id == attached.establishment_id),
            User.deactivated_at.is_(None),
        )
        .distinct()
    )


def in_region(person: User, region_code: str | None):
    """Whether `person` is attached to a structure of the region (or registered in it)."""
    if region_code is None:
        return False
    if person.region_code == region_code:
        return True
    return db.session.scalar(
        db.select(Membership.id)
        .join(Organisation, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == person.id, Membership.ended_at.is_(None),
               Organisation.region_code == region_code)
        .limit(1)
    ) is not None


def may_follow(viewer: User, person: User) -> bool:
    """Whether `viewer` may see `person`'s training record: themself, an RL or mandataire of
    their structure, a trainer of their region, an admin."""
    if viewer.id == person.id or viewer.is_admin:
        return True
    if viewer.is_trainer:
        return in_region(person, viewer.region_code)
    return db.session.scalar(
        managers_of(person).where(User.id == viewer.id).with_only_columns(User.id).limit(1)
    ) is not None


def may_revoke(viewer: User, person: User) -> bool:
    """Whether `viewer` may revoke or re-issue `person`'s attestations: admins, and trainers
    of the person's region."""
    return viewer.is_admin or (viewer.is_trainer and in_region(person, viewer.region_code))
