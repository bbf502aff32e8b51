"""Reading progress: what a person has read, and marking a lesson read. Flush only."""

from sqlalchemy import literal
from sqlalchemy.exc import IntegrityError

from courses.model import Course, Lesson
from courses.progress import CourseProgress, course_progress

from ..catalogue import banks
from ..extensions import db
from ..models import LessonProgress, QuizAttempt, User


def progress_of(person: User, course: Course) -> CourseProgress:
    """The person's progress in the course: lessons read and module quizzes passed."""
    # One round trip for both: this runs on every page of the course.
    rows = db.session.execute(
        db.select(LessonProgress.lesson_key, literal("lesson"))
        .filter_by(user_id=person.id, course_slug=course.slug)
        .union_all(
            db.select(QuizAttempt.module_slug, literal("quiz"))
            .filter_by(user_id=person.id, course_slug=course.slug, kind="module", passed=True)
        )
    ).all()
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
