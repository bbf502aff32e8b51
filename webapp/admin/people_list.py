"""Admin's list of people: each one's roles (on the platform and in structures), their
structures, and the filters by role and region."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, or_

from directory.geography import REGIONS, region
from directory.structures import StructureRole

from ..extensions import db
from ..models import Membership, Organisation, PlatformRole, User

# The role filter: platform roles, then roles in a structure (an active attachment).
ROLE_FILTERS = {
    PlatformRole.ADMIN.value: PlatformRole.ADMIN.label,
    PlatformRole.TRAINER.value: PlatformRole.TRAINER.label,
    StructureRole.LEGAL_REP.value: StructureRole.LEGAL_REP.label,
    StructureRole.DELEGATE.value: StructureRole.DELEGATE.label,
    StructureRole.GESTIONNAIRE.value: StructureRole.GESTIONNAIRE.label,
}
REGION_FILTERS = {r.code: r.name for r in REGIONS}


@dataclass(frozen=True)
class PeopleFilters:
    """The search and filters typed (unknown values dropped, so a link never breaks)."""

    search: str = ""
    role: str = ""
    region: str = ""

    @classmethod
    def from_args(cls, args) -> PeopleFilters:
        role, code = args.get("role", ""), args.get("region", "")
        return cls(search=args.get("q", "").strip()[:100],
                   role=role if role in ROLE_FILTERS else "",
                   region=code if code in REGION_FILTERS else "")

    @property
    def args(self) -> dict[str, str]:
        values = {"q": self.search, "role": self.role, "region": self.region}
        return {name: value for name, value in values.items() if value}


def attached(*conditions):
    """SQL: the person has an active attachment meeting `conditions`."""
    return exists().where(Membership.user_id == User.id, Membership.ended_at.is_(None),
                          *conditions)


def people_query(filters: PeopleFilters):
    """SELECT the people the filters keep, by name."""
    query = db.select(User).order_by(User.last_name, User.first_name, User.id)
    if filters.search:
        query = query.where(User.matching(filters.search))
    if filters.role in (PlatformRole.ADMIN.value, PlatformRole.TRAINER.value):
        query = query.where(User.platform_role == filters.role)
    elif filters.role:
        query = query.where(attached(Membership.role == filters.role))
    if filters.region:
        query = query.where(or_(
            and_(User.platform_role == PlatformRole.TRAINER.value,
                 User.region_code == filters.region),
            attached(Membership.organisation_id.in_(
                db.select(Organisation.id).where(Organisation.region_code == filters.region)))))
    return query


@dataclass
class PersonRoles:
    """What a person is: their roles (French labels) and the structures they are attached to."""

    roles: list[str] = field(default_factory=list)
    structures: list[Organisation] = field(default_factory=list)


def roles_of(people: list[User]) -> dict[int, PersonRoles]:
    """Each person's roles and structures, for a page of people (one query)."""
    found = defaultdict(PersonRoles)
    memberships = db.session.scalars(
        db.select(Membership).where(Membership.user_id.in_([p.id for p in people]),
                                    Membership.ended_at.is_(None))
        .order_by(Membership.started_at, Membership.id)).all() if people else []
    by_person = defaultdict(list)
    for membership in memberships:
        by_person[membership.user_id].append(membership)
    for person in people:
        entry = found[person.id]
        if person.role is PlatformRole.ADMIN:
            entry.roles.append(PlatformRole.ADMIN.label)
        elif person.role is PlatformRole.TRAINER:
            place = region(person.region_code).name if person.region_code in REGION_FILTERS \
                else "sans région"
            entry.roles.append(f"Formateur GRADeS ({place})")
        for role in StructureRole:
            if any(m.role == role.value for m in by_person[person.id]):
                entry.roles.append("RL" if role is StructureRole.LEGAL_REP else role.label)
        if not entry.roles:
            entry.roles.append(PlatformRole.LEARNER.label)
        for membership in by_person[person.id]:
            if membership.organisation not in entry.structures:
                entry.structures.append(membership.organisation)
    return found
