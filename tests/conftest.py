"""Fixtures: an app per test on a migrated database (SQLite always, PostgreSQL when
TEST_DATABASE_URL is set), a client, a CLI runner and a sign-in helper."""

import contextvars
import os
import shutil

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from webapp import create_app
from webapp.extensions import db

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
SECRET = "test-secret-key-that-is-long-enough-for-production"


def app_config(database_url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "ENVIRONMENT": "test",
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "academie.test",
        "PUBLIC_BASE_URL": "http://academie.test",
        **overrides,
    }


def migrate_database(url: str) -> None:
    """Bring an empty database to the latest migration, as production does."""
    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One migrated SQLite file, copied for each test (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate_database(f"sqlite:///{path}")
    return path


def worker_database_url(worker_id: str) -> str:
    """The given PostgreSQL database; each pytest-xdist worker gets its own next to it."""
    url = sa.engine.make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    if worker_id != "master":
        url = url.set(database=f"{url.database}_{worker_id}")
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_database(worker_id):
    """A fresh, migrated PostgreSQL database for this test session, dropped at the end."""
    url = worker_database_url(worker_id)
    name = sa.engine.make_url(url).database
    server = sa.create_engine(
        sa.engine.make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    migrate_database(url)
    yield url
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A migrated, empty database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_database")
    yield url
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        tables = connection.exec_driver_sql(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"
        ).scalars().all()
        connection.exec_driver_sql(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
    engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests each get their own app context, as in production.

    The test keeps an app context of its own for its queries: without this, Flask would reuse
    it for every request, sharing `g` (the signed-in user) and the database session.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            db.session.commit()  # end the test's transaction: SQLite would hold its lock
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # read what the request wrote, not stale copies
        return response


@pytest.fixture
def app(database_url):
    """The application on a fresh database, with an app context for the test's own queries."""
    app = create_app(app_config(database_url))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign in and out through the real forms."""

    def __init__(self, client):
        self.client = client

    def login(self, email, password=None):
        from tests.factories import PASSWORD

        return self.client.post(
            "/login", data={"email": email, "password": password or PASSWORD}
        )

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)
