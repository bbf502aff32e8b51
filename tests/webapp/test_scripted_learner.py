"""A script that only sends requests cannot get the flag faster than the course's reading."""

from werkzeug.datastructures import MultiDict

from courses.reading import course_minimum_seconds
from tests.factories import make_person
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.learn.operations import lesson_minimum
from webapp.models import LessonProgress, QuizAttempt, User

from .steps import COURSE, pass_quiz, right_values

COURSE_ = courses()[COURSE]


def url(lesson, suffix=""):
    return f"/formation/{COURSE}/{lesson.module_slug}/{lesson.slug}{suffix}"


def test_posting_every_form_at_once_reads_nothing(client, auth, clock):
    """Does a script posting « J'ai lu » for every lesson (each opened first) read nothing?"""
    make_person("script@exemple.fr")
    auth.login("script@exemple.fr")
    for lesson in COURSE_.modules[0].lessons:
        client.get(url(lesson))
    statuses = {client.post(url(lesson, "/read")).status_code for lesson in COURSE_.lessons}
    assert statuses <= {403, 422}
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 0


def test_the_fastest_script_takes_the_course_minimum(client, auth, clock, app):
    """From nothing to the attestation, does the fastest script take at least the sum of the
    lessons' minimums (a second less on any lesson, and it is refused)?"""
    person = make_person("script@exemple.fr")
    auth.login("script@exemple.fr")
    began = clock.now
    for module in COURSE_.modules:
        for lesson in module.lessons:
            assert client.get(url(lesson)).status_code == 200
            clock.advance(lesson_minimum(lesson) - 1)
            assert client.post(url(lesson, "/read")).status_code == 422, lesson.key
            clock.advance(1)
            assert client.post(url(lesson, "/read")).status_code == 303, lesson.key
        pass_quiz(client, module.slug)  # quizzes and the exam take no time for a script
    exam = f"/formation/{COURSE}/examen"
    assert client.post(exam).status_code == 303
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam"))
    client.post(f"{exam}/{attempt.id}/submit", data=MultiDict(
        [(f"q-{d['question_id']}", v) for d in attempt.drawn
         for v in right_values(d["question_id"])]))
    assert db.session.get(User, person.id).elearning_flag is not None
    elapsed = (clock.now - began).total_seconds()
    minimum = course_minimum_seconds(COURSE_.lessons, app.config["READING_MINIMUM_FACTOR"])
    assert elapsed == minimum >= 15 * 60  # about 20 minutes with the default settings
