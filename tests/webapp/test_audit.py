"""The audit log is append-only, in the application and in the database itself."""

import pytest
import sqlalchemy as sa

from tests.factories import make_person
from webapp import audit
from webapp.extensions import db
from webapp.models import AuditEvent


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
