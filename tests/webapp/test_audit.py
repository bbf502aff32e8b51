"""The audit log is append-only, in the application and in the database itself."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.factories import make_person
from webapp import audit
from webapp.extensions import db
from webapp.models import AuditEvent
from webapp.timekeeping import Clock, use_clock


def test_sign_in_is_recorded_with_actor_time_and_address(client, auth):
    """Does signing in write who, when and from where?"""
    person = make_person("claire@exemple.fr")
    auth.login("claire@exemple.fr")
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="auth.signed_in"))
    assert event.actor_id == person.id and event.target_id == person.id
    assert event.occurred_at.tzinfo is not None
    assert event.ip_address == "127.0.0.1"


def test_the_orm_refuses_to_change_an_event(app):
    """Can the application change or delete an audit event?"""
    event = audit.record("auth.signed_in", label="x")
    db.session.commit()
    event.action = "auth.sign_in_failed"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_to_change_an_event(app):
    """Does the database itself refuse UPDATE and DELETE on the audit log (migration trigger)?"""
    audit.record("auth.signed_in", label="x")
    db.session.commit()
    for statement in ("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with db.engine.begin() as connection:
                connection.exec_driver_sql(statement)
    assert db.session.scalar(db.select(AuditEvent.action)) == "auth.signed_in"


def test_an_event_is_dated_when_recorded_not_when_written(app):
    """An event recorded, then flushed under a later clock (the demo's learners study on a
    clock started days before): is it dated when it was recorded?"""
    recorded_at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    person = make_person("horloge@exemple.fr")
    with use_clock(Clock(recorded_at)):
        event = audit.record("person.updated", person, actor=person)
    with use_clock(Clock(recorded_at + timedelta(days=3))):
        db.session.flush()
    assert db.session.get(AuditEvent, event.id).occurred_at == recorded_at
