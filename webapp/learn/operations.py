"""Reading progress: what a person has read, and marking a lesson read. Flush only."""

from functools import cache

from sqlalchemy import Select, bindparam, literal
from sqlalchemy.exc import IntegrityError

from courses.model import Course, Lesson
from courses.progress import CourseProgress, course_progress

from ..catalogue import banks
from ..extensions import db
from ..models import LessonProgress, QuizAttempt, User


@cache
def progress_query() -> Select:
    """Lessons read and module quizzes passed, in one round trip: every course page runs it.

    Built once: composing a SELECT costs more than running this one on SQLite.
    """
    person, course = bindparam("user_id"), bindparam("course_slug")
    return (
        db.select(LessonProgress.lesson_key, literal("lesson"))
        .where(LessonProgress.user_id == person, LessonProgress.course_slug == course)
        .union_all(
            db.select(QuizAttempt.module_slug, literal("quiz"))
            .where(QuizAttempt.user_id == person, QuizAttempt.course_slug == course,
                   QuizAttempt.kind == "module", QuizAttempt.passed.is_(True))
        )
    )


def progress_of(person: User, course: Course) -> CourseProgress:
    """The person's progress in the course: lessons read and module quizzes passed."""
    rows = db.session.execute(
        progress_query(), {"user_id": person.id, "course_slug": course.slug}).all()
    keys = {key for key, kind in rows if kind == "lesson"}
    passed = {key for key, kind in rows if kind == "quiz"}
    all_open = person.modules_opened_at is not None or person.is_admin or person.is_trainer
    return course_progress(course, keys, quiz_modules=banks(course.slug).keys(),
                           passed_quizzes=passed, all_open=all_open)


def mark_read(person: User, course: Course, lesson: Lesson) -> bool:
    """Record that `person` read `lesson`; False if it was already recorded."""
    exists = db.session.scalar(
        db.select(LessonProgress.id).filter_by(
            user_id=person.id, course_slug=course.slug, lesson_key=lesson.key)
    )
    if exists is not None:
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
