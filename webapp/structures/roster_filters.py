"""The roster's search, filters, sort and page: one SQL SELECT of the people to show.

The facts about each person (progress, attestation, habilitation) are loaded afterwards for the
page only (`roster.rows_for`): the number of statements stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, literal, or_, select, union_all

from ..models import (
    Attestation,
    ElearningFlag,
    Habilitation,
    LessonProgress,
    Membership,
    QuizAttempt,
    User,
)
from ..models.attestations import AttestationStatus
from ..models.habilitations import in_force, to_review
from ..pagination import page_number
from .scope import Scope

PER_PAGE = 50
STATES = {
    "": "Tous",
    "non-commence": "Pas encore commencé",
    "en-cours": "En cours",
    "forme": "E-learning réalisé, sans habilitation",
    "habilite": "Habilité",
    "a-revoir": "Attestation révoquée",
    "parti": "Parti",
}
SORTS = {"nom": "Nom", "activite": "Dernière activité", "progression": "Progression"}


@dataclass(frozen=True)
class RosterFilters:
    """The roster's search, filter, sort and page, read from the query string (never a 500)."""

    q: str = ""
    state: str = ""
    sort: str = "nom"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> RosterFilters:
        state = args.get("etat", "")
        sort = args.get("tri", "nom")
        page = page_number(args)
        return cls(q=" ".join(args.get("q", "").split())[:100],
                   state=state if state in STATES else "",
                   sort=sort if sort in SORTS else "nom", page=page)

    def args(self, **changes) -> dict:
        """The query string of these filters (with changes), defaults left out."""
        values = {"q": self.q, "etat": self.state, "tri": self.sort, "page": self.page}
        values.update(changes)
        defaults = {"q": "", "etat": "", "tri": "nom", "page": 1}
        return {key: value for key, value in values.items() if value != defaults[key]}


def people_query(scope: Scope, filters: RosterFilters):
    """A SELECT of the people of the roster, filtered and sorted (not paginated)."""
    active = scope.members(Membership.ended_at.is_(None))
    query = select(User)
    if filters.state == "parti":
        query = query.where(scope.members(), ~active)
    else:
        query = query.where(active)
    started = or_(exists().where(LessonProgress.user_id == User.id),
                  exists().where(QuizAttempt.user_id == User.id))
    flagged = exists().where(ElearningFlag.user_id == User.id)
    habilitated = exists().where(Habilitation.user_id == User.id, scope.covers(Habilitation),
                                 in_force())
    reviewed = exists().where(Habilitation.user_id == User.id, scope.covers(Habilitation),
                              to_review())
    query = query.where({
        "": literal(True),
        "parti": literal(True),
        "non-commence": ~started,
        "en-cours": and_(started, ~flagged),
        "forme": and_(flagged, ~habilitated),
        "habilite": habilitated,
        "a-revoir": reviewed,
    }[filters.state])
    if filters.q:
        query = query.where(User.matching(filters.q))
    by_name = (User.last_name, User.first_name, User.id)
    if filters.sort == "activite":
        return query.order_by(last_activity().desc().nulls_last(), *by_name)
    if filters.sort == "progression":
        read = (select(func.count(LessonProgress.id))
                .where(LessonProgress.user_id == User.id).scalar_subquery())
        return query.order_by(read.desc(), *by_name)
    return query.order_by(*by_name)


def with_valid_attestation(scope: Scope, filters: RosterFilters):
    """A SELECT: whether anyone of the filtered roster, on any page, holds a valid attestation
    (what the attestations' ZIP would hold)."""
    people = people_query(scope, filters).with_only_columns(User.id).order_by(None)
    return select(exists().where(Attestation.user_id.in_(people),
                                 Attestation.status == AttestationStatus.VALID.value))


def last_activity():
    """A correlated subquery: the person's last lesson read or attempt started."""
    # The latest of each table's latest: two rows per person to compare, not all they did
    # (half the time of sorting 5,000 people).
    moments = union_all(
        select(func.max(LessonProgress.read_at).label("at"))
        .where(LessonProgress.user_id == User.id),
        select(func.max(QuizAttempt.started_at).label("at")).where(QuizAttempt.user_id == User.id),
    ).subquery()
    return select(func.max(moments.c.at)).scalar_subquery()
