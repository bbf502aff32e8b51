"""The region's progress in figures: a handful of GROUP BY queries, whatever its size.

Every figure counts people: those attached to a structure of the region by an active
membership (gestionnaire, RL or mandataire) and whose account is not deactivated. A person
attached to two structures counts once in the region's funnel, and once in each structure's
(or département's) row: rows may add up to more than the region's total.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, exists, func, or_, select
from sqlalchemy.orm import aliased

from directory.geography import DEPARTEMENTS, departement, departements_of
from directory.structures import StructureRole

from ..extensions import db
from ..models import (
    ElearningFlag,
    Establishment,
    Habilitation,
    LessonProgress,
    Membership,
    Organisation,
    QuizAttempt,
    User,
)
from ..models.habilitations import in_force, to_review

# The funnel's stages, in order: the one list that charts, tables and CSV headers read.
STAGES = (
    ("enrolled", "Inscrits"),
    ("started", "Ont commencé"),
    ("trained", "E-learning réalisé"),
    ("habilitated", "Habilités"),
)
ATTACHED_ROLES = tuple(role.value for role in StructureRole)
GESTIONNAIRE = StructureRole.GESTIONNAIRE.value
_ORDER = {d.code: index for index, d in enumerate(DEPARTEMENTS)}


def in_code_order(code: str) -> tuple[int, str]:
    """Sort key: départements as French lists have them (01…19, 2A, 2B, 21…), others last."""
    return _ORDER.get(code, len(_ORDER)), code


def percent(part: int, whole: int) -> int:
    """`part` as a whole percentage of `whole` (0 when there is no whole)."""
    return round(100 * part / whole) if whole else 0


def finess_departement(finess):
    """SQL for `departement_from_finess`: the first 2 characters, 3 overseas (97x, 98x)."""
    prefix = func.substr(finess, 1, 2)
    return case((prefix.in_(("97", "98")), func.substr(finess, 1, 3)), else_=prefix)


def attachments(region_code: str):
    """A subquery: one row per active attachment of a person to a structure of the region,
    with its département and whether the person started, is trained, is habilitated there.

    The département is the EG's when the person is attached to an EG; attached to the EJ
    itself, the EJ's first EG's (lowest id: the first registered, stable when EG are renamed),
    and the FINESS juridique's only for an EJ without any EG.
    """
    attached_eg = aliased(Establishment)
    first_eg = (select(Establishment.departement)
                .where(Establishment.organisation_id == Membership.organisation_id)
                .order_by(Establishment.id).limit(1)
                .correlate(Membership).scalar_subquery())
    started = or_(exists().where(LessonProgress.user_id == Membership.user_id),
                  exists().where(QuizAttempt.user_id == Membership.user_id))
    trained = exists().where(ElearningFlag.user_id == Membership.user_id)
    # The rule of `directory.habilitation.counts_as_habilitated`: a habilitation whose
    # attestation was revoked is not « habilité », it is counted apart, « à revoir ».
    habilitated = exists().where(Habilitation.user_id == Membership.user_id,
                                 Habilitation.organisation_id == Membership.organisation_id,
                                 in_force())
    reviewed = exists().where(Habilitation.user_id == Membership.user_id,
                              Habilitation.organisation_id == Membership.organisation_id,
                              to_review())
    return (
        select(Membership.user_id, Membership.organisation_id, Membership.role,
               func.coalesce(attached_eg.departement, first_eg,
                             finess_departement(Organisation.finess)).label("departement"),
               case((started, 1), else_=0).label("started"),
               case((trained, 1), else_=0).label("trained"),
               case((habilitated, 1), else_=0).label("habilitated"),
               case((reviewed, 1), else_=0).label("to_review"))
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(attached_eg, attached_eg.id == Membership.establishment_id)
        .where(Organisation.region_code == region_code, Membership.ended_at.is_(None),
               Membership.role.in_(ATTACHED_ROLES), User.deactivated_at.is_(None))
        .subquery("attachment")
    )


def people(attachment, *conditions):
    """SQL: how many distinct people among the attachments meeting `conditions`."""
    if not conditions:
        return func.count(distinct(attachment.c.user_id))
    return func.count(distinct(case((and_(*conditions), attachment.c.user_id))))


def stage_columns(attachment) -> list:
    """The four stages' counts, labelled by stage, and the habilitations to review apart."""
    return [people(attachment).label("enrolled"),
            people(attachment, attachment.c.started == 1).label("started"),
            people(attachment, attachment.c.trained == 1).label("trained"),
            people(attachment, attachment.c.habilitated == 1).label("habilitated"),
            people(attachment, attachment.c.to_review == 1).label("to_review")]


@dataclass
class Stages:
    """People at each stage of the funnel."""

    enrolled: int = 0
    started: int = 0
    trained: int = 0
    habilitated: int = 0
    to_review: int = 0  # a habilitation recorded on a revoked attestation: not in the funnel

    def stages(self) -> list[tuple[str, str, int, int]]:
        """(key, label, count, percentage of those enrolled) for each stage."""
        return [(key, label, getattr(self, key), percent(getattr(self, key), self.enrolled))
                for key, label in STAGES]

    @property
    def trained_percent(self) -> int:
        return percent(self.trained, self.enrolled)


@dataclass
class Funnel(Stages):
    """The region as a whole."""

    structures: int = 0


@dataclass
class DepartementFigures(Stages):
    """One département: its structures and the people attached there."""

    code: str = ""
    structures: int = 0

    @property
    def name(self) -> str:
        try:
            return departement(self.code).name
        except KeyError:
            return "Département inconnu"


def funnel(region_code: str) -> Funnel:
    """The region's structures and its people at each stage (one query)."""
    attachment = attachments(region_code)
    structures = (select(func.count(Organisation.id))
                  .where(Organisation.region_code == region_code).scalar_subquery())
    row = db.session.execute(
        select(structures.label("structures"), *stage_columns(attachment))).one()
    return Funnel(**row._mapping)


def by_departement(region_code: str) -> list[DepartementFigures]:
    """Every département of the region (and any other where its EG sit), in code order.

    A structure counts in each département where it has an EG (an EJ without EG: its FINESS
    juridique's). Two queries.
    """
    attachment = attachments(region_code)
    figures = {d.code: DepartementFigures(code=d.code) for d in departements_of(region_code)}
    for row in db.session.execute(
            select(attachment.c.departement, *stage_columns(attachment))
            .group_by(attachment.c.departement)):
        values = dict(row._mapping)
        code = values.pop("departement") or ""
        figures[code] = DepartementFigures(code=code, **values)
    places = (
        select(Establishment.organisation_id.label("organisation_id"),
               Establishment.departement.label("departement"))
        .join(Organisation, Organisation.id == Establishment.organisation_id)
        .where(Organisation.region_code == region_code)
        .union_all(
            select(Organisation.id, finess_departement(Organisation.finess))
            .where(Organisation.region_code == region_code,
                   ~exists().where(Establishment.organisation_id == Organisation.id)))
        .subquery())
    for code, structures in db.session.execute(
            select(places.c.departement, func.count(distinct(places.c.organisation_id)))
            .group_by(places.c.departement)):
        code = code or ""
        figures.setdefault(code, DepartementFigures(code=code)).structures = structures
    return sorted(figures.values(), key=lambda d: in_code_order(d.code))
