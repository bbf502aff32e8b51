"""Who sees and who runs a webinar; outside that, 404."""

from flask import abort
from flask_login import current_user

from directory.structures import StructureRole

from ..access import STRUCTURE_MANAGERS
from ..extensions import db
from ..models import Audience, Membership, Organisation, User, Webinar, WebinarStatus


def regions_of(person: User) -> set[str]:
    """The regions of the structures a person is attached to (and a trainer's own)."""
    codes = set(db.session.scalars(
        db.select(Organisation.region_code).join(
            Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == person.id, Membership.ended_at.is_(None))))
    if person.region_code:
        codes.add(person.region_code)
    return codes


def runs(person: User, webinar: Webinar) -> bool:
    """Whether `person` manages the webinar: an admin, or a trainer of its region."""
    return person.is_admin or (person.is_trainer and person.region_code == webinar.region_code)


def in_audience(person: User, webinar: Webinar) -> bool:
    """Whether the webinar is meant for `person`: their region, and their role if it says so."""
    if webinar.region_code not in regions_of(person):
        return False
    roles = {m.role for m in person.active_memberships}
    if webinar.public is Audience.LEGAL_REPS:
        return bool(roles & set(STRUCTURE_MANAGERS))
    if webinar.public is Audience.GESTIONNAIRES:
        return StructureRole.GESTIONNAIRE.value in roles
    return True


def may_see(person: User, webinar: Webinar) -> bool:
    """Trainers of the region and admins see every state; others, published ones meant for
    them (done and cancelled ones stay visible to those who registered)."""
    if runs(person, webinar):
        return True
    if webinar.state is WebinarStatus.DRAFT:
        return False
    return in_audience(person, webinar)


def webinar_or_404(webinar_id: int, *, manage: bool = False) -> Webinar:
    """The webinar if the signed-in person may see it (or run it, with `manage`); else 404."""
    webinar = db.session.get(Webinar, webinar_id)
    if webinar is None:
        abort(404)
    allowed = runs(current_user, webinar) if manage else may_see(current_user, webinar)
    if not allowed:
        abort(404)
    return webinar
