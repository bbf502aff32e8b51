"""Every scheduled command may run twice at the same time (two servers' crons, a slow run
overlapping the next): each effect happens once."""

from collections import Counter
from datetime import date, timedelta
from uuid import uuid4

from flask import g

from directory.structures import StructureRole
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from tests.webapp.concurrency import together
from tests.webapp.test_mail import free_port, queue, smtp_app, start_sink
from webapp.extensions import db
from webapp.mail import deliver_pending
from webapp.models import (
    AuditEvent,
    Departure,
    DigestSent,
    OutboxMessage,
    PlatformRole,
    Registration,
    Webinar,
)
from webapp.structures import departures
from webapp.structures.digest import send_digests
from webapp.timekeeping import utcnow
from webapp.webinars.reminders import send_reminders

PEOPLE = 6


def twice_at_once(app, task):
    """Run `task` in two threads released together, each in its own app and request context
    as the CLI does; return both results."""
    db.session.commit()

    def run():
        with app.app_context(), app.test_request_context(base_url="http://academie.test"):
            g.writes = True
            result = task()
            db.session.remove()
            return result

    results, failures = together(run, run)
    assert not failures, failures
    db.session.expire_all()
    return results


def world():
    """An EJ with an RL, a mandataire and gestionnaires; a webinar tomorrow they all joined;
    a departure recorded for each gestionnaire, leaving in a week."""
    organisation = make_organisation(establishments=1)
    rl = make_legal_rep(organisation)
    attach(make_person(), organisation, StructureRole.DELEGATE)
    trainer = make_person(role=PlatformRole.TRAINER)
    webinar = Webinar(region_code="84", trainer_id=trainer.id, title="Devenir gestionnaire",
                      description="", duration_minutes=60, capacity=30, audience="all",
                      starts_at=utcnow() + timedelta(hours=20), status="published",
                      visio_url="https://visio.exemple.fr/salle", ical_uid=str(uuid4()),
                      checkin_code="123456", published_at=utcnow())
    db.session.add(webinar)
    leaving_on = date.today() + timedelta(days=7)
    for _ in range(PEOPLE):
        person = make_person()
        membership = attach(person, organisation)
        db.session.add(Registration(webinar=webinar, user_id=person.id, status="confirmed"))
        departures.record(membership, leaving_on, rl)
    db.session.commit()
    return leaving_on


def count(model, **filters) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**filters))


def test_each_scheduled_command_twice_at_once_acts_once(app):
    """Digest, reminders, departures, mail send: two runs at once, each effect once?"""
    leaving_on = world()

    assert sum(twice_at_once(app, send_digests)) == 2  # the RL and the mandataire
    assert count(DigestSent) == 2
    assert count(OutboxMessage, kind="weekly_digest") == 2

    assert sum(twice_at_once(app, send_reminders)) == PEOPLE
    assert count(OutboxMessage, kind="webinar_reminder") == PEOPLE

    assert sum(twice_at_once(app, lambda: departures.apply_due(on=leaving_on))) == PEOPLE
    assert count(Departure) == PEOPLE and db.session.scalar(db.select(db.func.count()).where(
        Departure.applied_at.is_not(None))) == PEOPLE
    assert count(AuditEvent, action="departure.applied") == PEOPLE


def test_mail_send_twice_at_once_sends_each_message_once(database_url):
    """Two `mail send` at once with a slow SMTP server: each message received once?"""
    controller, inbox = start_sink(free_port(), delay=0.1)
    app = smtp_app(database_url, controller.port)
    try:
        with app.app_context():
            queue(6)
            results = twice_at_once(app, deliver_pending)
            assert sum(counts.sent for counts in results) == 6
        assert Counter(m["Subject"] for m in inbox.messages) == Counter(
            f"Message {i}" for i in range(6))
    finally:
        controller.stop()
