"""Reading progress: what a person has read, and marking a lesson read. Flush only."""

from sqlalchemy.exc import IntegrityError

from courses.model import Course, Lesson
from courses.progress import CourseProgress, course_progress

from ..catalogue import banks
from ..extensions import db
from ..models import LessonProgress, QuizAttempt, User


def progress_of(person: User, course: Course) -> CourseProgress:
    """The person's progress in the course: lessons read and module quizzes passed."""
    keys = db.session.scalars(
        db.select(LessonProgress.lesson_key).filter_by(user_id=person.id, course_slug=course.slug)
    ).all()
    passed = db.session.scalars(
        db.select(QuizAttempt.module_slug).distinct()
        .filter_by(user_id=person.id, course_slug=course.slug, passed=True)
    ).all()
    all_open = person.modules_opened_at is not None or person.is_admin or person.is_trainer
    return course_progress(course, keys, quiz_modules=banks(course.slug).keys(),
                           passed_quizzes=set(passed), all_open=all_open)


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
