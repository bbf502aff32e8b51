"""The roster of a structure: where each person of a page stands, in few queries.

`roster_filters.people_query` picks the page of people (filters, search, sort, pagination in
SQL); then one query per kind of fact loads them for the whole page, whatever its size: the
number of statements is bounded, not proportional to the people shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import contains_eager, joinedload

from courses.progress import course_progress

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
    Reminder,
    User,
)
from .roster_filters import PER_PAGE, SORTS, STATES, RosterFilters, people_query
from .scope import Scope
from .standing import Attachment, RosterRow

__all__ = ["PER_PAGE", "SORTS", "STATES", "RosterFilters", "RosterRow", "people_query",
           "rows_for"]

# Between lesson keys or module slugs grouped in SQL: `NN-words/NN-words`, never a space.
KEY_SEPARATOR = " "


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
               Membership.ended_at.is_(None), Establishment.finess)
        .outerjoin(Establishment, Membership.establishment_id == Establishment.id)
        .where(Membership.user_id.in_(ids), scope.covers(Membership)))
    if not left:
        attachments = attachments.where(Membership.ended_at.is_(None))
    for user_id, role, establishment, active, finess in db.session.execute(attachments):
        label = scope.organisation.name if establishment is None else establishment
        rows[user_id].attachments.append(Attachment(role, label, active,
                                                    finess or scope.organisation.finess))

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
    for user_id, sent_at in db.session.execute(
            select(Reminder.user_id, func.max(Reminder.sent_at))
            .where(Reminder.user_id.in_(ids)).group_by(Reminder.user_id)):
        rows[user_id].reminded_at = sent_at
    return [rows[person.id] for person in people]


def touch(row: RosterRow, moment: datetime | None) -> None:
    if moment is not None and (row.last_activity is None or moment > row.last_activity):
        row.last_activity = moment
