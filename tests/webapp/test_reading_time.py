"""A lesson counts as read only after a minimum time open, on the server's clock, one at a time."""


import pytest

from courses.reading import course_minimum_seconds
from tests.factories import make_person
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.learn.operations import in_words, lesson_minimum
from webapp.models import LessonProgress, User

from .steps import COURSE, as_read, text

LESSONS = courses()[COURSE].lessons


@pytest.fixture
def learner(client, auth):
    person = make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    return person


def url(lesson, suffix=""):
    return f"/formation/{COURSE}/{lesson.module_slug}/{lesson.slug}{suffix}"


def read_keys() -> set[str]:
    return set(db.session.scalars(db.select(LessonProgress.lesson_key)))



def test_every_lesson_has_a_minimum_proportional_to_its_length(app):
    """Is each lesson's minimum half a 230-words-a-minute reading of it, about a minute?"""
    minimums = [lesson_minimum(lesson) for lesson in LESSONS]
    assert all(40 <= seconds <= 90 for seconds in minimums), minimums
    longest = max(LESSONS, key=lambda lesson: len(lesson.body.split()))
    shortest = min(LESSONS, key=lambda lesson: len(lesson.body.split()))
    assert lesson_minimum(longest) > lesson_minimum(shortest)
    assert sum(minimums) == course_minimum_seconds(LESSONS, 0.5)


def test_a_bare_post_before_the_minimum_is_refused(client, learner, clock):
    """Is « J'ai lu » posted straight away (or before the minimum) refused in French, 422?"""
    first = LESSONS[0]
    refused = client.post(url(first, "/read"))
    assert refused.status_code == 422
    assert "n'est pas encore comptée comme lue" in text(refused)
    client.get(url(first))
    clock.advance(lesson_minimum(first) - 1)
    early = client.post(url(first, "/read"), headers={"HX-Request": "true"})
    assert early.status_code == 422
    # Said once: the refusal says when, the reading time is not repeated below it.
    status = text(early).split("</div>", 1)[0]
    assert status.count("dans 1 s") == 1 and "reading-time" not in status
    assert read_keys() == set()
    clock.advance(1)
    assert client.post(url(first, "/read")).status_code == 303
    assert read_keys() == {first.key}


def test_twenty_tabs_count_as_one_lesson(client, learner, clock):
    """Opening several lessons and waiting once: does only the last one opened count?"""
    for lesson in LESSONS[:4]:
        assert client.get(url(lesson)).status_code == 200
    clock.advance(max(lesson_minimum(lesson) for lesson in LESSONS[:4]) + 60)
    statuses = [client.post(url(lesson, "/read")).status_code for lesson in LESSONS[:4]]
    assert statuses == [422, 422, 422, 303]
    assert read_keys() == {LESSONS[3].key}
    refused = text(client.post(url(LESSONS[0], "/read")))
    assert "le temps de lecture ne compte que sur la dernière leçon ouverte" in refused


def test_opening_another_lesson_restarts_the_clock(client, learner, clock):
    """Does going to another lesson and back start the first one's minimum again?"""
    first, second = LESSONS[:2]
    client.get(url(first))
    clock.advance(lesson_minimum(first) - 5)
    client.get(url(second))
    client.get(url(first))
    clock.advance(10)
    assert client.post(url(first, "/read")).status_code == 422
    clock.advance(lesson_minimum(first))
    assert client.post(url(first, "/read")).status_code == 303


def test_the_page_says_when_the_lesson_will_count(client, learner, clock):
    """Does the lesson page say, in a status region, when the reading will count?"""
    first = LESSONS[0]
    page = text(client.get(url(first)))
    minimum = as_read(in_words(lesson_minimum(first)))
    assert f"Cette leçon comptera comme lue dans {minimum}." in page
    assert '<p class="reading-time" role="status">' in page
    clock.advance(30)
    later = text(client.get(url(first)))
    assert as_read(f"comptera comme lue dans {in_words(lesson_minimum(first) - 30)}.") in later
    clock.advance(lesson_minimum(first))
    assert "Cette leçon peut maintenant compter comme lue." in text(client.get(url(first)))


def test_next_moves_on_and_marks_the_lesson_once_read(client, learner, clock):
    """Does « Suivante » always lead on, marking the lesson read only past its minimum?"""
    first, second, third = LESSONS[:3]
    client.get(url(first))
    early = client.post(url(first, "/read"), data={"suivante": "1"})
    assert early.status_code == 303 and early.headers["Location"] == url(second)
    assert read_keys() == set()
    assert "n'est pas encore comptée comme lue" in text(client.get(url(second)))
    clock.advance(lesson_minimum(second))
    moved = client.post(url(second, "/read"), data={"suivante": "1"})
    assert moved.headers["Location"] == url(third) and read_keys() == {second.key}


def test_a_deployment_may_turn_the_minimum_off(client, learner, app):
    """With READING_MINIMUM_FACTOR=0, does a lesson count as read at once?"""
    app.config["READING_MINIMUM_FACTOR"] = 0
    assert client.post(url(LESSONS[0], "/read")).status_code == 303
    assert read_keys() == {LESSONS[0].key}


def test_extra_time_never_lengthens_the_minimum(client, learner, clock):
    """Does a person with extra time for the exam read with the same minimum as anyone?"""
    learner.exam_time_factor = 2
    db.session.commit()
    first = LESSONS[0]
    client.get(url(first))
    clock.advance(lesson_minimum(first))
    assert client.post(url(first, "/read")).status_code == 303
    assert db.session.get(User, learner.id).exam_time_factor == 2


def test_the_last_lesson_of_a_module_leads_to_its_quiz(client, learner, clock):
    """Does moving on from a module's last lesson (read or not yet) lead to the module's quiz?"""
    last = courses()[COURSE].modules[0].lessons[-1]
    page = text(client.get(url(last)))
    assert "Quiz du module 1 →" in page and "en cours, encore" in page
    quiz = f"/formation/{COURSE}/{last.module_slug}/quiz"
    assert client.post(url(last, "/read"), data={"suivante": "1"}).headers["Location"] == quiz
    clock.advance(lesson_minimum(last))
    assert client.post(url(last, "/read"), data={"suivante": "1"}).headers["Location"] == quiz
    assert read_keys() == {last.key}
