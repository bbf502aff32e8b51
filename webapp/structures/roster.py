"""The roster of a structure: who is in scope and where each person stands, in few queries.

One query picks the page of people (filters, search, sort, pagination in SQL); then one query
per kind of fact loads them for the whole page, whatever its size: the number of statements is
bounded, not proportional to the people shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import contains_eager, joinedload

from courses.progress import course_progress
from directory.habilitation import TrainingState, missing_before_habilitation
from directory.structures import StructureRole

from ..catalogue import banks, mandatory_course
from ..extensions import db
from ..models import (
    Attestation,
    Departure,
    ElearningFlag,
    Establishment,
    Habilitation,
    LessonProgress,
    Membership,
    QuizAttempt,
    User,
)
from ..pagination import page_number
from .scope import Scope

PER_PAGE = 50
STATES = {
    "": "Tous",
    "non-commence": "Pas encore commencé",
    "en-cours": "En cours",
    "forme": "E-learning réalisé, sans habilitation",
    "habilite": "Habilité",
    "parti": "Parti",
}
SORTS = {"nom": "Nom", "activite": "Dernière activité", "progression": "Progression"}
# Between lesson keys or module slugs grouped in SQL: `NN-words/NN-words`, never a space.
KEY_SEPARATOR = " "


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
                                 Habilitation.withdrawn_at.is_(None))
    query = query.where({
        "": literal(True),
        "parti": literal(True),
        "non-commence": ~started,
        "en-cours": and_(started, ~flagged),
        "forme": and_(flagged, ~habilitated),
        "habilite": habilitated,
    }[filters.state])
    for word in filters.q.split()[:5]:
        pattern = f"%{escape_like(word)}%"
        query = query.where(or_(User.first_name.ilike(pattern, escape="\\"),
                                User.last_name.ilike(pattern, escape="\\"),
                                User.email.ilike(pattern, escape="\\")))
    by_name = (User.last_name, User.first_name, User.id)
    if filters.sort == "activite":
        return query.order_by(last_activity().desc().nulls_last(), *by_name)
    if filters.sort == "progression":
        read = (select(func.count(LessonProgress.id))
                .where(LessonProgress.user_id == User.id).scalar_subquery())
        return query.order_by(read.desc(), *by_name)
    return query.order_by(*by_name)


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


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class Attachment:
    """An attachment as the roster shows it: where, in which role, and whether it still holds."""

    role: str
    scope_label: str  # the EG's name, or the EJ's when attached to the EJ itself
    is_active: bool

    @property
    def structure_role(self) -> StructureRole:
        return StructureRole(self.role)


@dataclass
class RosterRow:
    """One person of the roster, with everything the RL needs to decide."""

    person: User
    attachments: list[Attachment] = field(default_factory=list)
    modules_done: int = 0
    modules_total: int = 0
    last_activity: datetime | None = None
    exam_attempts: int = 0
    best_score: int | None = None
    exam_total: int | None = None
    attestation: Attestation | None = None
    has_flag: bool = False
    habilitation: Habilitation | None = None
    departure: Departure | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.modules_done / self.modules_total) if self.modules_total else 0

    @property
    def is_legal_rep(self) -> bool:
        return any(m.role == StructureRole.LEGAL_REP.value and m.is_active
                   for m in self.attachments)

    @property
    def has_left(self) -> bool:
        return not any(m.is_active for m in self.attachments)

    @property
    def missing(self) -> list[str]:
        return missing_before_habilitation(TrainingState(
            self.modules_done, self.modules_total, self.has_flag, self.is_legal_rep))

    @property
    def establishments(self) -> list[str]:
        return sorted({m.scope_label for m in self.attachments})

    @property
    def roles(self) -> list[str]:
        return sorted({m.structure_role.label for m in self.attachments})


def rows_for(people: list[User], scope: Scope, left: bool = False) -> list[RosterRow]:
    """The roster rows of `people`: a fixed number of queries for any number of people."""
    rows = {person.id: RosterRow(person) for person in people}
    ids = list(rows)
    if not ids:
        return []
    course = mandatory_course()
    # Plain values rather than ORM objects with their EG joined: building thousands of those
    # cost more than all the learning facts together.
    attachments = (
        select(Membership.user_id, Membership.role, Establishment.name,
               Membership.ended_at.is_(None))
        .outerjoin(Establishment, Membership.establishment_id == Establishment.id)
        .where(Membership.user_id.in_(ids), scope.covers(Membership)))
    if not left:
        attachments = attachments.where(Membership.ended_at.is_(None))
    for user_id, role, establishment, active in db.session.execute(attachments):
        label = scope.organisation.name if establishment is None else establishment
        rows[user_id].attachments.append(Attachment(role, label, active))

    # Grouped by person in SQL: tens of thousands of lessons and their timestamps read one by
    # one in Python cost more than the rest of the roster together.
    lessons, quizzes = defaultdict(frozenset), defaultdict(frozenset)
    for user_id, keys, last_read in db.session.execute(
            select(LessonProgress.user_id,
                   func.aggregate_strings(LessonProgress.lesson_key, KEY_SEPARATOR),
                   func.max(LessonProgress.read_at))
            .where(LessonProgress.user_id.in_(ids), LessonProgress.course_slug == course.slug)
            .group_by(LessonProgress.user_id)):
        lessons[user_id] = frozenset(keys.split(KEY_SEPARATOR))
        touch(rows[user_id], last_read)
    passed_module = and_(QuizAttempt.kind == "module", QuizAttempt.passed.is_(True))
    for user_id, last_attempt, passed_quizzes in db.session.execute(
            select(QuizAttempt.user_id,
                   func.max(func.coalesce(QuizAttempt.submitted_at, QuizAttempt.started_at)),
                   func.aggregate_strings(case((passed_module, QuizAttempt.module_slug)),
                                          KEY_SEPARATOR))
            .where(QuizAttempt.user_id.in_(ids), QuizAttempt.course_slug == course.slug)
            .group_by(QuizAttempt.user_id)):
        touch(rows[user_id], last_attempt)
        if passed_quizzes:
            quizzes[user_id] = frozenset(passed_quizzes.split(KEY_SEPARATOR))
    for user_id, score, total in db.session.execute(
            select(QuizAttempt.user_id, QuizAttempt.score, QuizAttempt.total)
            .where(QuizAttempt.user_id.in_(ids), QuizAttempt.course_slug == course.slug,
                   QuizAttempt.kind == "exam", QuizAttempt.submitted_at.is_not(None))):
        row = rows[user_id]
        row.exam_attempts += 1
        if row.best_score is None or (score or 0) > row.best_score:
            row.best_score, row.exam_total = score or 0, total
    quiz_modules = banks(course.slug).keys()
    # Many people stand at the same place (everyone certified has read and passed it all):
    # each place's progress is computed once.
    done_at = {}
    for user_id, row in rows.items():
        place = lessons[user_id], quizzes[user_id]
        if place not in done_at:
            progress = course_progress(course, place[0], quiz_modules=quiz_modules,
                                       passed_quizzes=place[1])
            done_at[place] = (sum(m.completed for m in progress.modules), len(progress.modules))
        row.modules_done, row.modules_total = done_at[place]

    for attestation in db.session.scalars(
            select(Attestation).where(Attestation.user_id.in_(ids)).order_by(Attestation.id)):
        rows[attestation.user_id].attestation = attestation  # the latest wins
    for user_id in db.session.scalars(
            select(ElearningFlag.user_id).where(ElearningFlag.user_id.in_(ids))):
        rows[user_id].has_flag = True
    for habilitation in db.session.scalars(
            select(Habilitation).where(Habilitation.user_id.in_(ids), scope.covers(Habilitation),
                                       Habilitation.withdrawn_at.is_(None))
            .options(joinedload(Habilitation.granted_by))):
        rows[habilitation.user_id].habilitation = habilitation
    for departure in db.session.scalars(
            select(Departure).join(Membership, Departure.membership_id == Membership.id)
            .where(Membership.user_id.in_(ids), scope.covers(Membership),
                   Departure.cancelled_at.is_(None), Departure.applied_at.is_(None))
            .options(contains_eager(Departure.membership))):
        rows[departure.membership.user_id].departure = departure
    return [rows[person.id] for person in people]


def touch(row: RosterRow, moment: datetime | None) -> None:
    if moment is not None and (row.last_activity is None or moment > row.last_activity):
        row.last_activity = moment
