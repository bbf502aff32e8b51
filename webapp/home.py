"""The home page of each role, the public pages, and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import func, text
from sqlalchemy.exc import SQLAlchemyError

from directory.geography import region
from directory.structures import StructureRole

from .access import STRUCTURE_MANAGERS, visible_organisations
from .attestations.identity import pending_in_scope
from .auth.sessions import LearnerStanding, learner_standing
from .catalogue import courses
from .extensions import db, limiter
from .learn.path import journey_of
from .models import Habilitation, Organisation, OutboxMessage, PlatformRole, User
from .models.habilitations import in_force, scope_key
from .structures.checklist import contract_scopes, to_do_list
from .structures.habilitations import habilitation_scope

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """The landing page, or the signed-in person's home."""
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")
    person = current_user
    # The same list the navigation reads: one query for both.
    memberships = sorted(person.active_memberships, key=lambda m: m.organisation.name)
    context = {
        "memberships": memberships,
        "roles": role_labels(person, memberships),
        "journeys": [journey_of(person, course) for course in courses().values()]
        if person.role is PlatformRole.LEARNER else [],
        "attestation": person.elearning_flag.attestation if person.elearning_flag else None,
        "checklists": structure_checklists(memberships),
    }
    if person.is_admin:
        context["counts"] = {
            "organisations": db.session.scalar(db.select(func.count(Organisation.id))),
            "people": db.session.scalar(db.select(func.count(User.id))),
            "pending_emails": db.session.scalar(
                db.select(func.count(OutboxMessage.id)).filter_by(status="pending")
            ),
        }
    if person.is_admin or person.is_trainer:
        context["pending_corrections"] = db.session.scalar(
            db.select(func.count()).select_from(pending_in_scope(person).subquery()))
    if person.is_trainer:
        context["region"] = region(person.region_code) if person.region_code else None
        context["organisations"] = db.session.scalars(
            visible_organisations(person).order_by(Organisation.name).limit(50)
        ).all()
    return render_template("home/index.html", **context)


def role_labels(person: User, memberships) -> dict[int, str]:
    """The person's role in each of their structures, by attachment: a gestionnaire's
    habilitation is « à venir » until the RL records it on that scope."""
    habilitated = set()
    if learner_standing(person) is LearnerStanding.HABILITATED:  # else none in force: no query
        habilitated = {tuple(row) for row in db.session.execute(
            db.select(Habilitation.organisation_id, Habilitation.scope_key)
            .where(Habilitation.user_id == person.id, in_force()))}
    labels = {}
    for membership in memberships:
        label = membership.structure_role.label
        if membership.structure_role is StructureRole.GESTIONNAIRE:
            scope = habilitation_scope(membership)
            if (membership.organisation_id,
                    scope_key(scope.id if scope else None)) not in habilitated:
                label += " (habilitation à venir)"
        labels[membership.id] = label
    return labels


def structure_checklists(memberships) -> list:
    """The to-do list of each scope the person manages (RL, mandataire), for their home."""
    lists, seen = [], set()
    for membership in memberships:
        if membership.role not in STRUCTURE_MANAGERS:
            continue
        organisation = membership.organisation
        ids = None if membership.establishment_id is None else {membership.establishment_id}
        for scope in contract_scopes(organisation, ids):
            key = (organisation.id, scope.id if scope else None)
            if key not in seen:
                seen.add(key)
                lists.append(to_do_list(organisation, scope))
    return lists


@bp.get("/accessibilite")
def accessibility():
    """The accessibility statement (RGAA 4.1)."""
    return render_template("home/accessibility.html")


@bp.get("/mentions-legales")
def legal_notice():
    """Legal notice and personal data."""
    return render_template("home/legal.html")


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """For load balancers: 200 when the database answers, 503 with the reason otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        reason = type(getattr(error, "orig", None) or error).__name__
        return jsonify(status="unavailable", reason=f"database unreachable ({reason})"), 503
    return jsonify(status="ok")
