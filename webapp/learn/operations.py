"""Reading progress: what a person has read, the lesson being read, marking it read. Flush only."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Result, Select, bindparam, cast, literal, null
from sqlalchemy.exc import IntegrityError

from courses.model import Course, Lesson
from courses.progress import CourseProgress, course_progress
from courses.reading import minimum_seconds
from courses.revisions import stored_keys

from ..catalogue import banks
from ..extensions import db
from ..models import LessonOpening, LessonProgress, QuizAttempt, User
from ..timekeeping import NBSP, UTCDateTime, utcnow


@cache
def progress_query() -> Select:
    """Lessons read, module quizzes passed and the lesson being read in the course (the
    person's reading clock), in one round trip: every course page runs it.

    Built once: composing a SELECT costs more than running this one on SQLite.
    """
    person, course = bindparam("user_id"), bindparam("course_slug")
    no_time = cast(null(), UTCDateTime())  # typed: PostgreSQL types a union by its first SELECT
    return (
        db.select(LessonProgress.lesson_key, literal("lesson"), no_time)
        .where(LessonProgress.user_id == person, LessonProgress.course_slug == course)
        .union_all(
            db.select(QuizAttempt.module_slug, literal("quiz"), no_time)
            .where(QuizAttempt.user_id == person, QuizAttempt.course_slug == course,
                   QuizAttempt.kind == "module", QuizAttempt.passed.is_(True)),
            db.select(LessonOpening.lesson_key, literal("clock"), LessonOpening.opened_at)
            .where(LessonOpening.user_id == person, LessonOpening.course_slug == course),
        )
    )


@cache
def opening_query() -> Select:
    """The lesson a person is reading (their reading clock), in whichever course.

    Built once, like `progress_query`: `Session.get` composes its SELECT on every call. Its
    columns, not a LessonOpening: a page reads the clock, only `open_lesson` moves it.
    """
    return db.select(LessonOpening.course_slug, LessonOpening.lesson_key,
                     LessonOpening.opened_at).where(LessonOpening.user_id == bindparam("user_id"))


class ReadingClock(NamedTuple):
    """The lesson a person's one reading clock runs on, and since when (a LessonOpening's)."""

    course_slug: str
    lesson_key: str
    opened_at: datetime


@dataclass(frozen=True)
class PersonProgress(CourseProgress):
    """A person's progress, with their reading clock when it runs in this course."""

    clock: ReadingClock | None = None


def values(query: Select, parameters: dict) -> Result:
    """Run a SELECT of plain columns on the session's connection, after flushing what the
    session holds (as `Session.execute` would): no ORM context nor result for rows of values."""
    db.session.flush()
    return db.session.connection().execute(query, parameters)


def progress_of(person: User, course: Course) -> PersonProgress:
    """The person's progress in the course: lessons read, module quizzes passed, the clock."""
    rows = values(progress_query(), {"user_id": person.id, "course_slug": course.slug}).all()
    keys = {key for key, kind, _ in rows if kind == "lesson"}
    passed = {key for key, kind, _ in rows if kind == "quiz"}
    clock = next((ReadingClock(course.slug, key, opened_at)
                  for key, kind, opened_at in rows if kind == "clock"), None)
    all_open = person.modules_opened_at is not None or person.is_admin or person.is_trainer
    progress = course_progress(course, keys, quiz_modules=banks(course.slug).keys(),
                               passed_quizzes=passed, all_open=all_open)
    return PersonProgress(**vars(progress), clock=clock)


def mark_read(person: User, course: Course, lesson: Lesson) -> bool:
    """Record that `person` read `lesson`, unchecked; False if it was already recorded.

    The routes and the demo go through `finish_lesson`, which checks the reading time.
    """
    if _already_read(person, course, lesson):
        return False
    try:
        # A double click may race this insert on PostgreSQL: the unique constraint decides.
        with db.session.begin_nested():
            db.session.add(LessonProgress(
                user_id=person.id, course_slug=course.slug, lesson_key=lesson.key,
                course_version=course.version,
                module_hash=course.module(lesson.module_slug).content_hash,
            ))
    except IntegrityError:
        return False
    return True


class ReadingTooSoon(ValueError):
    """The lesson has not been open long enough to count as read; the message says when."""

    def __init__(self, seconds_left: int, running: bool = True):
        self.seconds_left = seconds_left
        if running:
            why = f"elle le sera dans {in_words(seconds_left)}. Prenez le temps de la lire."
        else:  # the person's clock runs on another lesson (another tab, or moved on)
            why = ("le temps de lecture ne compte que sur la dernière leçon ouverte. Rouvrez-la : "
                   f"elle comptera {in_words(seconds_left)} plus tard.")
        super().__init__(f"Cette leçon n'est pas encore comptée comme lue : {why}")


@dataclass(frozen=True)
class Reading:
    """Where a person stands with one lesson: read, or when it will count as read."""

    read: bool
    minimum: int  # seconds
    counts_at: datetime | None  # None: read, or open elsewhere (the clock runs on one lesson)
    now: datetime

    @property
    def seconds_left(self) -> int:
        """Seconds before the lesson counts as read (its whole minimum if not being read)."""
        if self.read:
            return 0
        if self.counts_at is None:
            return self.minimum
        return max(0, int((self.counts_at - self.now).total_seconds() + 0.999))

    @property
    def may_finish(self) -> bool:
        return not self.read and self.seconds_left == 0

    @property
    def elsewhere(self) -> bool:
        """Unread, and the person's reading clock runs on another lesson (another tab)."""
        return not self.read and self.minimum > 0 and self.counts_at is None

    @property
    def wait(self) -> str:
        """The time left, in French words (`1 min 05 s`)."""
        return in_words(self.seconds_left)


def lesson_minimum(lesson: Lesson) -> int:
    """This deployment's minimum reading time of a lesson, in seconds."""
    config = current_app.config
    return minimum_seconds(lesson, config["READING_MINIMUM_FACTOR"],
                           config["READING_WORDS_PER_MINUTE"])


def open_lesson(person: User, course: Course, lesson: Lesson) -> Reading:
    """Start the person's reading clock on an unread `lesson`, unless it runs there already.

    A person has one clock: opening a lesson moves it there, and the lesson left behind starts
    from zero when reopened. Callers leave it alone when a lesson already read is reread.
    """
    now = utcnow()
    opening = db.session.get(LessonOpening, person.id)
    if not _is(opening, course, lesson):
        if opening is None:
            opening = LessonOpening(user_id=person.id)
            db.session.add(opening)
        opening.course_slug, opening.lesson_key, opening.opened_at = (
            course.slug, lesson.key, now)
        db.session.flush()
    return reading_on(opening, course, lesson, False, now)


def reading_of(person: User, course: Course, lesson: Lesson, read: bool) -> Reading:
    """The person's reading of `lesson` now, its clock read anew, without moving it."""
    return reading_on(values(opening_query(), {"user_id": person.id}).first(), course, lesson,
                      read)


def reading_on(clock: ReadingClock | LessonOpening | None, course: Course, lesson: Lesson,
               read: bool, now: datetime | None = None) -> Reading:
    """The reading of `lesson` now under the person's clock (None: it runs nowhere), as
    `progress_of` reads it."""
    minimum = lesson_minimum(lesson)
    counts_at = (clock.opened_at + timedelta(seconds=minimum)
                 if _is(clock, course, lesson) else None)
    return Reading(read, minimum, counts_at, now or utcnow())


def finish_lesson(person: User, course: Course, lesson: Lesson) -> bool:
    """Mark `lesson` read if it has been open its minimum time; ReadingTooSoon if not.

    False if it was already read. With a minimum of zero, no opening is needed.
    """
    if _already_read(person, course, lesson):
        return False
    reading = reading_of(person, course, lesson, read=False)
    if reading.minimum and reading.seconds_left:
        raise ReadingTooSoon(reading.seconds_left, running=reading.counts_at is not None)
    return mark_read(person, course, lesson)


def in_words(seconds: int) -> str:
    """`2 min`, `1 min 30 s`, `45 s`: a short French duration."""
    minutes, rest = divmod(max(0, seconds), 60)
    if not minutes:
        return f"{rest}{NBSP}s"
    return f"{minutes}{NBSP}min{NBSP}{rest:02d}{NBSP}s" if rest else f"{minutes}{NBSP}min"


def _is(opening: ReadingClock | LessonOpening | None, course: Course, lesson: Lesson) -> bool:
    return (opening is not None and opening.course_slug == course.slug
            and opening.lesson_key == lesson.key)


def _already_read(person: User, course: Course, lesson: Lesson) -> bool:
    """Read under its key, or under a former key of the lesson (before a content revision)."""
    return db.session.scalar(
        db.select(LessonProgress.id).filter_by(user_id=person.id, course_slug=course.slug)
        .where(LessonProgress.lesson_key.in_(stored_keys(course, lesson))).limit(1)
    ) is not None
