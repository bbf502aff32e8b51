"""SQLite made safe for concurrent writers: WAL, busy timeout, immediate transactions."""

import threading

import pytest

from tests.conftest import app_config
from tests.factories import make_person
from webapp import create_app
from webapp.extensions import db
from webapp.models import AuditEvent


@pytest.fixture
def sqlite_app(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    app = create_app(app_config(database_url))
    with app.app_context():
        yield app


def test_sqlite_runs_in_wal_mode(sqlite_app):
    """Is the SQLite database in WAL mode with a busy timeout?"""
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_concurrent_read_then_write_requests_lose_nothing(app, database_url):
    """Do 16 simultaneous requests that read then write all succeed (no "database is locked")?"""
    make_person("claire@exemple.fr")
    db.session.commit()
    errors, statuses = [], []

    def sign_in_badly(index):
        try:
            client = app.test_client()
            statuses.append(client.post("/login", data={
                "email": "claire@exemple.fr", "password": f"mauvais-{index}"}).status_code)
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(error))

    threads = [threading.Thread(target=sign_in_badly, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [422] * 16
    failures = db.session.scalar(
        db.select(db.func.count(AuditEvent.id)).filter_by(action="auth.sign_in_failed")
    )
    assert failures == 16
