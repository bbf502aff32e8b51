"""The weekly digest to each RL and mandataire: who started, who passed, who is missing.

Sent by `flask --app webapp digest send` (cron, e.g. every Monday morning); an RL never gets
the same week twice, whatever the number of runs.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from directory.structures import StructureRole

from ..access import STRUCTURE_MANAGERS
from ..extensions import db
from ..mail import queue_email
from ..models import Attestation, DigestSent, ElearningFlag, LessonProgress, Membership, User
from ..timekeeping import PARIS, utcnow
from ..urls import public_url

WEEK = timedelta(days=7)


def week_of(moment: datetime) -> str:
    year, week, _ = moment.astimezone(PARIS).isocalendar()
    return f"{year}-W{week:02d}"


def gestionnaires_of(manager: Membership) -> list[User]:
    """The gestionnaires attached to the manager's scope, by name."""
    query = (db.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == manager.organisation_id, Membership.ended_at.is_(None),
        Membership.role == StructureRole.GESTIONNAIRE.value, User.deactivated_at.is_(None))
        .order_by(User.last_name, User.first_name).distinct())
    if manager.establishment_id is not None:
        query = query.where(Membership.establishment_id == manager.establishment_id)
    return db.session.scalars(query).all()


def digest_of(manager: Membership, now: datetime) -> dict:
    """What the week brought on one scope."""
    people = gestionnaires_of(manager)
    ids = [person.id for person in people]
    first_read = dict(db.session.execute(
        db.select(LessonProgress.user_id, func.min(LessonProgress.read_at))
        .where(LessonProgress.user_id.in_(ids)).group_by(LessonProgress.user_id)).all())
    passed = set(db.session.scalars(db.select(Attestation.user_id).where(
        Attestation.user_id.in_(ids), Attestation.passed_at >= now - WEEK)))
    flagged = set(db.session.scalars(
        db.select(ElearningFlag.user_id).where(ElearningFlag.user_id.in_(ids))))
    return {
        "scope": manager.scope_label,
        "organisation_id": manager.organisation_id,
        "started": [p for p in people if p.id in first_read
                    and first_read[p.id] >= now - WEEK],
        "passed": [p for p in people if p.id in passed],
        "missing": [p for p in people if p.id not in flagged],
        "total": len(people),
    }


def send_digests(now: datetime | None = None) -> int:
    """Queue this week's digest for every RL and mandataire not yet served; how many."""
    now = now or utcnow()
    week = week_of(now)
    served = set(db.session.scalars(db.select(DigestSent.user_id).filter_by(week=week)))
    scopes, sent = defaultdict(list), 0
    for membership in db.session.scalars(
            db.select(Membership).join(User, Membership.user_id == User.id).where(
                Membership.role.in_(STRUCTURE_MANAGERS), Membership.ended_at.is_(None),
                User.deactivated_at.is_(None))
            .order_by(Membership.id)):
        if membership.user_id not in served:
            scopes[membership.user_id].append(membership)
    for user_id, memberships in scopes.items():
        if not claim_week(user_id, week, now):
            continue  # another run served this RL since we looked
        manager = memberships[0].user
        digests = [digest_of(membership, now) for membership in memberships]
        queue_email(manager.email, f"RPPS+ Académie : le point de la semaine ({week})",
                    "weekly_digest", manager=manager, digests=digests,
                    urls={d["organisation_id"]: public_url("structures.people",
                                                           organisation_id=d["organisation_id"])
                          for d in digests})
        db.session.commit()  # one RL at a time: a crash half-way resends nobody
        sent += 1
    return sent


def claim_week(user_id: int, week: str, now: datetime) -> bool:
    """Record the RL's digest of the week before writing it; False when a concurrent run did.

    The unique (user, week) row is the lock: on PostgreSQL a second insert waits for the first
    transaction, then fails, and this run moves on to the next RL.
    """
    try:
        with db.session.begin_nested():
            db.session.add(DigestSent(user_id=user_id, week=week, sent_at=now))
    except IntegrityError:
        return False
    return True
