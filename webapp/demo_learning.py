"""The demo learners' progress: lessons read at a reader's pace, quizzes and exams passed, one
hurried attempt and one failed quiz, made with the same functions as real use."""

from datetime import timedelta

from quizzes import TYPES

from .attestations.passing import issue_for_pass
from .auth.operations import find_person
from .catalogue import courses, questions
from .extensions import db
from .learn.operations import finish_lesson, lesson_minimum, open_lesson, progress_of
from .models import LessonProgress, QuizAttempt, User
from .quiz import exam, submission
from .quiz.operations import answer, start_module_quiz
from .timekeeping import Clock, use_clock, utcnow

COURSE = "devenir-gestionnaire"
# Demo learners studied in the past, at a human pace: their clock starts this long ago.
STUDIED_AGO = timedelta(days=3)
# Clicked through a first exam attempt in 40 s: what GRADeS see flagged on a learner's record.
HURRIED = ("gestionnaire2@demo.test",)
# (e-mail, modules completed, lessons read in the next module, final exam passed)
LEARNING = (
    ("gestionnaire2@demo.test", 5, 0, False),  # every module done: the exam is open
    ("gestionnaire3@demo.test", 5, 0, True),  # passed the final exam
    ("gestionnaire4@demo.test", 2, 2, False),  # halfway
    ("gestionnaire5@demo.test", 5, 0, True),
    ("gestionnaire6@demo.test", 5, 0, True),
)


def seed_learning() -> list[str]:
    """Each demo learner's progress, where LEARNING puts them (idempotent)."""
    created = []
    for email, modules_done, extra_lessons, exam_passed in LEARNING:
        person = find_person(email)
        if not db.session.scalar(db.select(LessonProgress.id).filter_by(user_id=person.id)):
            advance(person, modules_done, extra_lessons, exam_passed, email in HURRIED)
            created.append(f"progression {email}")
        elif exam_passed and person.elearning_flag is None:
            # A demo made before attestations existed: its pass gets one now.
            attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
                user_id=person.id, kind=exam.EXAM, passed=True))
            issue_for_pass(attempt, courses()[attempt.course_slug])
            created.append(f"attestation {email}")
    return created


def seed_quiz_history() -> list[str]:
    """gestionnaire4 tried the module 3 quiz before reading all of it, and failed: the quiz
    page shows the review (each answer marked, the lessons to reread) and the history."""
    person = find_person("gestionnaire4@demo.test")
    module = courses()[COURSE].modules[2]
    if db.session.scalar(db.select(QuizAttempt.id).filter_by(
            user_id=person.id, kind="module", module_slug=module.slug)) is not None:
        return []
    attempt = start_module_quiz(person, COURSE, module.slug)
    for number, item in enumerate(attempt.drawn):
        question_id = item["question_id"]
        question, right = questions(COURSE)[question_id], right_answer(COURSE, question_id)
        # Every choice question but the first answered wrong (another option), the others
        # right: a fail whatever the draw, with a right answer to show beside the wrong ones.
        if TYPES[question.type].option_marks and number:
            right = [next(o.id for o in question.options if o.id not in right)]
        answer(attempt, question_id, right)
    return ["quiz manqué gestionnaire4"]


def right_answer(course_slug: str, question_id: str) -> list[str]:
    """The form values of a question's right answer (demo learners are good students)."""
    question = questions(course_slug)[question_id]
    kind = TYPES[question.type]
    return kind.values(kind.right_response(question))


def read_lessons(person: User, course, lessons, clock: Clock) -> None:
    """Open each lesson and stay on it a little over its minimum, as a reader would."""
    for lesson in lessons:
        open_lesson(person, course, lesson)
        clock.advance(lesson_minimum(lesson) + 30)
        finish_lesson(person, course, lesson)


def advance(person: User, modules_done: int, extra_lessons: int, exam_passed: bool,
            hurried: bool = False) -> None:
    """Read and pass the first modules, read a few more lessons, maybe pass the exam (or, when
    `hurried`, hand in a blank one in 40 seconds, which the audit log flags).

    On a clock of its own, started days ago and moved forward at a reader's pace: the demo's
    reading and exam times pass the same checks as a real learner's.
    """
    course = courses()[COURSE]
    with use_clock(Clock(utcnow() - STUDIED_AGO)) as clock:
        for module in course.modules[:modules_done]:
            read_lessons(person, course, module.lessons, clock)
            attempt = start_module_quiz(person, course.slug, module.slug)
            for item in attempt.drawn:
                clock.advance(40)
                answer(attempt, item["question_id"],
                       right_answer(course.slug, item["question_id"]))
        if modules_done < len(course.modules):
            read_lessons(person, course, course.modules[modules_done].lessons[:extra_lessons],
                         clock)
        if hurried:
            status = exam.exam_status(person, course, progress_of(person, course))
            attempt = exam.start_exam(person, course, status)
            clock.advance(40)
            submission.submit_exam(attempt)
            clock.advance(days=1)  # the attempt no longer counts in the last 24 hours
        if exam_passed:
            status = exam.exam_status(person, course, progress_of(person, course))
            attempt = exam.start_exam(person, course, status)
            attempt.answers = {item["question_id"]: right_answer(course.slug,
                                                                 item["question_id"])
                               for item in attempt.drawn}
            clock.advance(minutes=25)
            submission.submit_exam(attempt)
