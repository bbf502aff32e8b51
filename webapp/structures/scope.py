"""The scope of the signed-in person on one EJ, and the 404 for anything outside it."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, select

from ..access import STRUCTURE_MANAGERS, organisation_or_404, visible_establishment_ids
from ..extensions import db
from ..models import Membership, Organisation, User


@dataclass(frozen=True)
class Scope:
    """What an RL, a mandataire, a trainer or an admin sees of one EJ."""

    organisation: Organisation
    establishment_ids: frozenset[int] | None  # None: the whole EJ

    def covers(self, model):
        """A condition on a table of EJ and EG (Membership, Habilitation…): within this scope."""
        where = [model.organisation_id == self.organisation.id]
        if self.establishment_ids is not None:
            where.append(model.establishment_id.in_(self.establishment_ids))
        return and_(*where)

    def members(self, *conditions):
        """A condition on User: attached to this scope (by a membership meeting `conditions`).

        Found from the scope's memberships (an index) rather than by testing every account:
        a small structure's roster costs little however many people the platform holds.
        """
        return User.id.in_(select(Membership.user_id).where(self.covers(Membership),
                                                            *conditions))


@dataclass(frozen=True)
class Seat:
    """Where the signed-in person sits on an EJ: what they see, and whether they may act."""

    scope: Scope
    may_act: bool  # RLs and mandataires act; trainers and admins only look

    @property
    def organisation(self):
        return self.scope.organisation

    @property
    def title(self) -> str:
        """The name the person sees for where they sit: their site's for the RL of one EG,
        the EJ's otherwise."""
        ids = self.scope.establishment_ids
        if ids is not None and len(ids) == 1:
            site = next((eg for eg in self.organisation.establishments if eg.id in ids), None)
            if site is not None:
                return site.name
        return self.organisation.name


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


def in_scope(seat: Seat, record) -> bool:
    """Whether a record of an EJ and maybe an EG (attachment, habilitation, invitation) lies
    within the seat's scope."""
    ids = seat.scope.establishment_ids
    return (record is not None and record.organisation_id == seat.organisation.id
            and (ids is None or record.establishment_id in ids))


def in_scope_or_404(seat: Seat, record):
    """The record when it lies within the seat's scope, else 404."""
    if not in_scope(seat, record):
        abort(404)
    return record


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
    memberships = db.session.scalars(
        db.select(Membership).where(Membership.user_id == person_id,
                                    seat.scope.covers(Membership))
        .order_by(Membership.started_at)).all()
    if not memberships:
        abort(404)
    return memberships[0].user, memberships
