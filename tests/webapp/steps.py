"""What a learner does, step by step, through the real routes (for tests that need progress).

Reading takes time: these steps move an injected clock (`webapp.timekeeping.Clock`) forward by
each lesson's minimum, never sleep. Without a clock of the test's, each step uses its own.
"""

from contextlib import nullcontext
from html import unescape

from quizzes import TYPES
from webapp.catalogue import courses, questions
from webapp.extensions import db
from webapp.models import QuizAttempt
from webapp.timekeeping import Clock, use_clock

COURSE = "devenir-gestionnaire"
EXAM = f"/formation/{COURSE}/examen"


def text(response) -> str:
    """The page as a person reads it: HTML entities decoded, a non-breaking space (« 14 h 30 »
    kept on one line) read as a space."""
    return as_read(unescape(response.get_data(as_text=True)))


def as_read(words: str) -> str:
    """Words as a person reads them: a non-breaking space is a space."""
    return words.replace("\u00a0", " ")


def start_exam(client) -> QuizAttempt:
    """Start the final exam through its route; the attempt in progress."""
    assert client.post(EXAM).status_code == 303
    return db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam", submitted_at=None))


def right_values(question_id: str, course_slug: str = COURSE) -> list[str]:
    """The form values of the right answer to a question."""
    question = questions(course_slug)[question_id]
    kind = TYPES[question.type]
    return kind.values(kind.right_response(question))


def clock_for(clock: Clock | None):
    """The test's clock, or a fresh one in use for the step."""
    return nullcontext(clock) if clock is not None else use_clock(Clock())


def read_lesson(client, lesson, clock: Clock, course_slug: str = COURSE) -> None:
    """Open a lesson, stay its minimum reading time (clock moved), and mark it read."""
    from webapp.learn.operations import lesson_minimum

    url = f"/formation/{course_slug}/{lesson.module_slug}/{lesson.slug}"
    assert client.get(url).status_code == 200, lesson.key
    clock.advance(lesson_minimum(lesson))
    response = client.post(f"{url}/read")
    assert response.status_code == 303, lesson.key


def read_module(client, module_slug: str, course_slug: str = COURSE,
                clock: Clock | None = None) -> None:
    """Read every lesson of a module, each for its minimum time."""
    module = courses()[course_slug].module(module_slug)
    with clock_for(clock) as clock:
        for lesson in module.lessons:
            read_lesson(client, lesson, clock, course_slug)


def read_through(person, course, lessons, clock: Clock) -> None:
    """Read these lessons through the app's own operations, each for its minimum time."""
    from webapp.learn.operations import finish_lesson, lesson_minimum, open_lesson

    for lesson in lessons:
        open_lesson(person, course, lesson)
        clock.advance(lesson_minimum(lesson))
        finish_lesson(person, course, lesson)


def pass_quiz(client, module_slug: str, course_slug: str = COURSE) -> QuizAttempt:
    """Take a module's quiz and answer every question right."""
    quiz = f"/formation/{course_slug}/{module_slug}/quiz"
    assert client.post(quiz).status_code == 303
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
        module_slug=module_slug, submitted_at=None).order_by(QuizAttempt.id.desc()))
    for item in attempt.drawn:
        question_id = item["question_id"]
        client.post(f"{quiz}/{attempt.id}/{question_id}",
                    data={f"q-{question_id}": right_values(question_id, course_slug)})
    db.session.refresh(attempt)
    assert attempt.passed
    return attempt


def complete_module(client, module_slug: str, course_slug: str = COURSE,
                    clock: Clock | None = None) -> None:
    """Read every lesson of a module and pass its quiz."""
    read_module(client, module_slug, course_slug, clock)
    pass_quiz(client, module_slug, course_slug)


def make_exam_ready(person, course_slug: str = COURSE, clock: Clock | None = None) -> None:
    """Every lesson read and every module quiz passed, through the app's own operations."""
    from webapp.quiz.operations import answer, start_module_quiz

    course = courses()[course_slug]
    for module in course.modules:
        with clock_for(clock) as moving:
            read_through(person, course, module.lessons, moving)
        attempt = start_module_quiz(person, course_slug, module.slug)
        for item in attempt.drawn:
            answer(attempt, item["question_id"], right_values(item["question_id"], course_slug))
        assert attempt.passed
    db.session.commit()


def pass_exam(person, course_slug: str = COURSE):
    """Pass the final exam with every answer right, through the app's own operations.

    The person must be ready for it (see `make_exam_ready`); returns the passing attempt. It
    runs in a request context, as the submission does (the e-mails it queues need one).
    """
    from flask import current_app

    from webapp.learn.operations import progress_of
    from webapp.quiz import exam, submission

    course = courses()[course_slug]
    with current_app.test_request_context(method="POST"):
        attempt = exam.start_exam(person, course,
                                  exam.exam_status(person, course, progress_of(person, course)))
        attempt.answers = {item["question_id"]: right_values(item["question_id"], course_slug)
                           for item in attempt.drawn}
        submission.submit_exam(attempt)
        db.session.commit()
    return attempt
