"""The region's structures (EJ) in figures, and those to call first: one GROUP BY query.

Their people are counted as in `progress`; a structure's départements are those of its EG
(of its FINESS juridique when it has none), and whom to call is its RL (its mandataires when
no RL is on the platform).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select, union_all

from directory.follow_up import Gap, Staffing, gaps_of, urgency
from directory.identifiers import InvalidIdentifier, departement_from_finess
from directory.structures import ContractMode, StructureRole

from ..access import STRUCTURE_MANAGERS
from ..extensions import db
from ..models import (
    Establishment,
    Habilitation,
    LessonProgress,
    Membership,
    Organisation,
    QuizAttempt,
    User,
)
from .progress import GESTIONNAIRE, Stages, attachments, in_code_order, people, stage_columns

# What a page shows of a list of structures; the CSV has them all.
PAGE_CAP = 200


@dataclass
class Contact:
    """Whom a GRADeS calls about a structure."""

    name: str
    email: str
    role: str

    @property
    def role_label(self) -> str:
        return StructureRole(self.role).label

    @property
    def is_legal_rep(self) -> bool:
        return self.role == StructureRole.LEGAL_REP.value


@dataclass
class StructureFigures(Stages):
    """One EJ: its people at each stage, its gestionnaires, where it is, whom to call."""

    id: int = 0
    name: str = ""
    finess: str = ""
    contract_mode: str = ""
    gestionnaires: int = 0
    gestionnaires_started: int = 0
    gestionnaires_trained: int = 0
    trained_not_habilitated: int = 0
    last_activity: datetime | None = None
    departements: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

    @property
    def mode_label(self) -> str:
        return "centralisée" if self.contract_mode == ContractMode.CENTRALISED else "décentralisée"

    @property
    def staffing(self) -> Staffing:
        """Its gestionnaires by state, as the follow-up rules read them."""
        return Staffing(designated=self.gestionnaires, trained=self.gestionnaires_trained,
                        trained_not_habilitated=self.trained_not_habilitated,
                        revoked_habilitated=self.to_review,
                        last_activity=self.last_activity)

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return gaps_of(self.staffing)

    @property
    def legal_reps(self) -> list[Contact]:
        """The RLs to call; the mandataires when the structure has no RL on the platform."""
        reps = [c for c in self.contacts if c.role == StructureRole.LEGAL_REP.value]
        return reps or self.contacts


def all_structures(region_code: str) -> list[StructureFigures]:
    """Every EJ of the region with its people at each stage and its gestionnaires (one query).

    The attachments are counted by EJ first, then joined to the EJ: the EJ without anybody
    get zeros. The lists below are that one result, sorted and cut.
    """
    attachment = attachments(region_code)
    gestionnaire = attachment.c.role == GESTIONNAIRE
    counts = (
        select(attachment.c.organisation_id, *stage_columns(attachment),
               people(attachment, gestionnaire).label("gestionnaires"),
               people(attachment, gestionnaire, attachment.c.started == 1)
               .label("gestionnaires_started"),
               people(attachment, gestionnaire, attachment.c.trained == 1)
               .label("gestionnaires_trained"),
               people(attachment, gestionnaire, attachment.c.trained == 1,
                      attachment.c.habilitated == 0).label("trained_not_habilitated"))
        .group_by(attachment.c.organisation_id)
        .subquery("counts"))
    figures = [name for name in counts.c.keys() if name != "organisation_id"]
    query = (
        select(Organisation.id, Organisation.name, Organisation.finess,
               Organisation.contract_mode,
               *(func.coalesce(counts.c[name], 0).label(name) for name in figures))
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .where(Organisation.region_code == region_code))
    return [StructureFigures(**row._mapping) for row in db.session.execute(query)]


def add_last_activity(region_code: str, structures: list[StructureFigures]) -> None:
    """Fill in the latest thing each structure's people did there (one query): a lesson read,
    a quiz or exam begun by someone attached now, an attachment, a habilitation granted."""
    member = (select(Membership.organisation_id, Membership.user_id)
              .join(Organisation, Organisation.id == Membership.organisation_id)
              .where(Organisation.region_code == region_code, Membership.ended_at.is_(None))
              .subquery("member"))
    in_region = Organisation.region_code == region_code

    def latest(column, user_id):
        return (select(member.c.organisation_id, func.max(column).label("at"))
                .join(member, member.c.user_id == user_id).group_by(member.c.organisation_id))

    moments = union_all(
        latest(LessonProgress.read_at, LessonProgress.user_id),
        latest(QuizAttempt.started_at, QuizAttempt.user_id),
        select(Membership.organisation_id, func.max(Membership.started_at))
        .join(Organisation, Organisation.id == Membership.organisation_id).where(in_region)
        .group_by(Membership.organisation_id),
        select(Habilitation.organisation_id, func.max(Habilitation.granted_at))
        .join(Organisation, Organisation.id == Habilitation.organisation_id).where(in_region)
        .group_by(Habilitation.organisation_id),
    ).subquery("moments")
    latest_by_id = dict(db.session.execute(
        select(moments.c.organisation_id, func.max(moments.c.at))
        .group_by(moments.c.organisation_id)).all())
    for structure in structures:
        structure.last_activity = latest_by_id.get(structure.id)


def to_chase(structures: list[StructureFigures]) -> list[StructureFigures]:
    """« Structures à relancer »: those with a gap, the most urgent first (directory rules)."""
    return sorted((s for s in structures if s.gaps),
                  key=lambda s: (urgency(s.staffing), s.name.casefold(), s.id))


def most_enrolled(structures: list[StructureFigures]) -> list[StructureFigures]:
    """The EJ, most people enrolled first (then by name)."""
    return sorted(structures, key=lambda s: (-s.enrolled, s.name.casefold(), s.id))


def by_name(structures: list[StructureFigures]) -> list[StructureFigures]:
    return sorted(structures, key=lambda s: (s.name.casefold(), s.id))


def add_places_and_contacts(region_code: str, rows: list[StructureFigures],
                            whole_region: bool = False) -> None:
    """Fill in each structure's départements and its RLs and mandataires (two queries).

    `whole_region` reads them for every structure of the region (the CSV) rather than
    listing the ids of those shown.
    """
    if not rows:
        return
    by_id = defaultdict(list)
    for row in rows:
        by_id[row.id].append(row)
    ids = list(by_id)

    def only_shown(query, column):
        return query if whole_region else query.where(column.in_(ids))

    places = defaultdict(set)
    for organisation_id, code in db.session.execute(only_shown(
            select(Establishment.organisation_id, Establishment.departement).distinct()
            .join(Organisation, Organisation.id == Establishment.organisation_id)
            .where(Organisation.region_code == region_code),
            Establishment.organisation_id)):
        places[organisation_id].add(code)
    contacts = defaultdict(list)
    for organisation_id, role, first_name, last_name, email in db.session.execute(only_shown(
            select(Membership.organisation_id, Membership.role, User.first_name,
                   User.last_name, User.email)
            .join(User, User.id == Membership.user_id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(Organisation.region_code == region_code, Membership.ended_at.is_(None),
                   Membership.role.in_(STRUCTURE_MANAGERS), User.deactivated_at.is_(None))
            .order_by(Membership.organisation_id,
                      case((Membership.role == StructureRole.LEGAL_REP.value, 0), else_=1),
                      User.last_name, User.first_name, User.id),
            Membership.organisation_id)):
        known = contacts[organisation_id]
        if not any(c.email == email and c.role == role for c in known):
            known.append(Contact(f"{first_name} {last_name}", email, role))
    for organisation_id, same in by_id.items():
        for row in same:
            row.departements = sorted(places[organisation_id] or _seat(row.finess),
                                      key=in_code_order)
            row.contacts = contacts[organisation_id]


def _seat(finess: str) -> set[str]:
    """The département of an EJ without EG: its FINESS juridique's."""
    try:
        return {departement_from_finess(finess)}
    except InvalidIdentifier:
        return set()
