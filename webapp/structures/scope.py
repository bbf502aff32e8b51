"""The scope of the signed-in person on one EJ, and the 404 for anything outside it."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from ..access import STRUCTURE_MANAGERS, organisation_or_404, visible_establishment_ids
from ..extensions import db
from ..models import Membership, User
from .roster import Scope


@dataclass(frozen=True)
class Seat:
    """Where the signed-in person sits on an EJ: what they see, and whether they may act."""

    scope: Scope
    may_act: bool  # RLs and mandataires act; trainers and admins only look

    @property
    def organisation(self):
        return self.scope.organisation


def seat_or_404(organisation_id: int) -> Seat:
    """The person's seat on the EJ, or 404 when they have none."""
    organisation = organisation_or_404(organisation_id)
    ids = visible_establishment_ids(current_user, organisation)
    may_act = db.session.scalar(db.select(Membership.id).where(
        Membership.user_id == current_user.id, Membership.organisation_id == organisation.id,
        Membership.ended_at.is_(None), Membership.role.in_(STRUCTURE_MANAGERS)).limit(1))
    return Seat(Scope(organisation, frozenset(ids) if ids is not None else None),
                may_act is not None)


def acting_seat_or_404(organisation_id: int) -> Seat:
    """The seat of an RL or mandataire who may change things here; 404 for anyone else."""
    seat = seat_or_404(organisation_id)
    if not seat.may_act:
        abort(404)
    return seat


def in_scope(seat: Seat, membership: Membership | None) -> bool:
    ids = seat.scope.establishment_ids
    return (membership is not None and membership.organisation_id == seat.organisation.id
            and (ids is None or membership.establishment_id in ids))


def membership_or_404(seat: Seat, membership_id) -> Membership:
    """An attachment within the seat's scope, else 404."""
    try:
        membership = db.session.get(Membership, int(membership_id))
    except (TypeError, ValueError):
        membership = None
    if not in_scope(seat, membership):
        abort(404)
    return membership


def person_or_404(seat: Seat, person_id: int) -> tuple[User, list[Membership]]:
    """A person attached (now or before) within the scope, with those attachments; else 404."""
    query = db.select(Membership).where(Membership.user_id == person_id,
                                        Membership.organisation_id == seat.organisation.id)
    if seat.scope.establishment_ids is not None:
        query = query.where(Membership.establishment_id.in_(seat.scope.establishment_ids))
    memberships = db.session.scalars(query.order_by(Membership.started_at)).all()
    if not memberships:
        abort(404)
    return memberships[0].user, memberships
