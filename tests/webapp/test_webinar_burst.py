"""Under load: many people click « M'inscrire » on the same webinar at the same instant.

Each person has a test client of their own; the clicks leave threads released together by a
barrier (as in test_exam_burst.py), so that they reach the database at once: on SQLite,
writers waiting on BEGIN IMMEDIATE; on PostgreSQL, transactions queueing on the webinar's row
lock. Never over capacity, never a person twice, never a lost click.
"""

from datetime import timedelta

import pytest

from tests.factories import PASSWORD, attach, make_organisation, make_person
from webapp.extensions import db
from webapp.models import OutboxMessage, PlatformRole, Registration
from webapp.timekeeping import utcnow
from webapp.webinars import organising

from .concurrency import at_once

BURST = 16
CAPACITY = 5


@pytest.fixture
def webinar(app):
    trainer = make_person("formateur@exemple.fr", role=PlatformRole.TRAINER)
    webinar = organising.create_webinar(
        {"title": "Complet en un instant", "description": "", "starts_at":
         utcnow() + timedelta(days=3), "duration_minutes": 60, "capacity": CAPACITY,
         "audience": "all", "visio_url": "https://visio.exemple.fr/x", "modules": []},
        trainer, "84")
    organising.publish(webinar)
    db.session.commit()
    return webinar


def signed_in_people(app, count, prefix="personne"):
    """People of the region, each signed in on a client of their own."""
    organisation = make_organisation()
    clients = []
    for number in range(count):
        person = make_person(f"{prefix}{number}@exemple.fr")
        attach(person, organisation)
        client = app.test_client()
        response = client.post("/login", data={"email": person.email, "password": PASSWORD})
        assert response.status_code == 303
        clients.append((person, client))
    return clients


def statuses(webinar) -> dict[str, int]:
    rows = db.session.execute(
        db.select(Registration.status, db.func.count(Registration.id))
        .where(Registration.webinar_id == webinar.id).group_by(Registration.status)).all()
    return dict(rows)


def register_url(webinar) -> str:
    return f"/webinaires/{webinar.id}/inscription"


def test_two_people_taking_the_last_seat_get_one_seat_and_one_wait(app, webinar):
    """When two people click for the last seat at the same instant, does one get it and the
    other go on the waiting list?"""
    early = signed_in_people(app, CAPACITY - 1, prefix="avance")
    for _, client in early:
        assert client.post(register_url(webinar)).status_code == 303
    (first, one), (second, two) = signed_in_people(app, 2, prefix="dernier")

    responses, failures = at_once([(one, register_url(webinar)), (two, register_url(webinar))])

    assert failures == [], [repr(f) for f in failures]
    assert [r.status_code for r in responses] == [303, 303]
    assert statuses(webinar) == {"confirmed": CAPACITY, "waiting": 1}
    last = {r.user_id: r.status for r in db.session.scalars(
        db.select(Registration).where(Registration.user_id.in_([first.id, second.id])))}
    assert sorted(last.values()) == ["confirmed", "waiting"]


def test_a_burst_fills_the_seats_and_queues_the_rest_in_order(app, webinar):
    """When many people click at the same instant, are exactly `capacity` seated, the others
    waiting in distinct places, each told once?"""
    people = signed_in_people(app, BURST)

    responses, failures = at_once([(client, register_url(webinar)) for _, client in people])

    assert failures == [], [repr(f) for f in failures]
    assert all(r.status_code == 303 for r in responses), [r.status_code for r in responses]
    assert statuses(webinar) == {"confirmed": CAPACITY, "waiting": BURST - CAPACITY}
    registrations = db.session.scalars(db.select(Registration).filter_by(
        webinar_id=webinar.id).order_by(Registration.registered_at, Registration.id)).all()
    assert len({r.user_id for r in registrations}) == BURST
    # First come, first seated: nobody waiting registered before somebody seated.
    seated = [r for r in registrations if r.status == "confirmed"]
    waiting = [r for r in registrations if r.status == "waiting"]
    assert max(r.registered_at for r in seated) <= min(r.registered_at for r in waiting)
    subjects = [m.subject.split(" :")[0] for m in db.session.scalars(db.select(OutboxMessage))]
    assert subjects.count("Inscription confirmée") == CAPACITY
    assert subjects.count("Liste d'attente") == BURST - CAPACITY


def test_a_double_click_registers_once(app, webinar):
    """Does a person whose click leaves four times at once hold one registration?"""
    ((person, first),) = signed_in_people(app, 1)
    host = app.config["SERVER_NAME"]
    cookie = first.get_cookie(app.config["SESSION_COOKIE_NAME"], domain=host)
    clients = [first]
    for _ in range(3):  # the same browser: the same session cookie
        clients.append(app.test_client())
        clients[-1].set_cookie(cookie.key, cookie.value, domain=host)

    responses, failures = at_once([(client, register_url(webinar)) for client in clients])

    assert failures == [], [repr(f) for f in failures]
    assert all(r.status_code == 303 for r in responses)
    assert statuses(webinar) == {"confirmed": 1}
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1


def test_seats_freed_during_a_burst_never_overfill(app, webinar):
    """While the seated leave and newcomers arrive at the same instant, does the webinar stay
    within capacity, the freed seats going to those waiting?"""
    seated = signed_in_people(app, CAPACITY, prefix="assis")
    for _, client in seated:
        client.post(register_url(webinar))
    waiting = signed_in_people(app, 3, prefix="attente")
    for _, client in waiting:
        client.post(register_url(webinar))
    newcomers = signed_in_people(app, 6, prefix="nouveau")
    leaving = seated[:3]

    responses, failures = at_once(
        [(client, f"/webinaires/{webinar.id}/desinscription") for _, client in leaving]
        + [(client, register_url(webinar)) for _, client in newcomers])

    assert failures == [], [repr(f) for f in failures]
    assert all(r.status_code == 303 for r in responses), [r.status_code for r in responses]
    assert statuses(webinar) == {"confirmed": CAPACITY, "cancelled": 3, "waiting": 6}
    # The three who were waiting before the burst hold the freed seats.
    promoted = db.session.scalars(db.select(Registration.user_id).where(
        Registration.webinar_id == webinar.id, Registration.status == "confirmed",
        Registration.promoted_at.is_not(None))).all()
    assert sorted(promoted) == sorted(person.id for person, _ in waiting)
