"""Fixtures: one app per backend and pytest worker, each test on a freshly migrated database
(SQLite always, PostgreSQL when TEST_DATABASE_URL is set), a client, a CLI runner and a sign-in
helper."""

import contextlib
import contextvars
import copy
import dataclasses
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from argon2 import profiles
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade

from tests.pdfs import stand_in_renderer
from webapp import create_app, pdfs
from webapp.auth import passwords
from webapp.extensions import db, limiter
from webapp.timekeeping import Clock, use_clock

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
SECRET = "test-secret-key-that-is-long-enough-for-production"


CHEAP_HASHING = pytest.StashKey[contextlib.ExitStack]()


def pytest_configure(config):
    """Argon2id at the production cost takes 20 ms a hash: the suite signs in thousands of
    times, so it hashes with argon2's cheapest parameters (`real_password_hashing` for a test
    about the real ones)."""
    config.stash[CHEAP_HASHING] = stack = contextlib.ExitStack()
    stack.enter_context(passwords.hashing_with(profiles.CHEAPEST))


def pytest_unconfigure(config):
    config.stash[CHEAP_HASHING].close()


@pytest.fixture
def real_password_hashing():
    """Passwords hashed with the production parameters during the test."""
    with passwords.hashing_with(passwords.PARAMETERS):
        yield


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
def database_url(request, tmp_path_factory):
    """A migrated, empty database for one test.

    SQLite: the worker's own file, replaced by a copy of the migrated template (unlinked first,
    so that a connection some test forgot to close keeps the old file, never reads the new one).
    PostgreSQL: the worker's database, emptied after the test.
    """
    if request.param == "sqlite":
        path = tmp_path_factory.getbasetemp() / "test.sqlite3"
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_database")
    yield url
    empty_postgres(url)


def empty_postgres(url: str) -> None:
    """Empty every table but Alembic's, and restart the sequences."""
    fill_postgres(url, PostgresContents(tables={}, sequences={}))


@dataclasses.dataclass(frozen=True)
class PostgresContents:
    """What a PostgreSQL database holds: each table's rows (COPY format), each sequence's
    last value (None when never used)."""

    tables: dict[str, bytes]
    sequences: dict[str, int | None]


def read_postgres(url: str) -> PostgresContents:
    """Every row of every table but Alembic's, and where each sequence stands."""
    with raw_postgres(url) as connection, connection.cursor() as cursor:
        tables = {}
        for table in user_tables(cursor):
            with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                tables[table] = b"".join(bytes(chunk) for chunk in copy)
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                       "WHERE schemaname = 'public'")
        return PostgresContents(tables=tables, sequences=dict(cursor.fetchall()))


def fill_postgres(url: str, contents: PostgresContents) -> None:
    """Replace every table's rows and every sequence's position with `contents`.

    DELETE, not TRUNCATE: on tables this small it is several times faster (TRUNCATE makes new
    files for each table); foreign keys are not checked while rows go in, as in a restore.
    """
    with raw_postgres(url) as connection, connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for table in user_tables(cursor):
            cursor.execute(f'DELETE FROM "{table}"')
        for table, rows in contents.tables.items():
            if rows:
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(rows)
        cursor.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
        for (sequence,) in cursor.fetchall():
            value = contents.sequences.get(sequence)
            if value is None:
                cursor.execute(f'ALTER SEQUENCE "{sequence}" RESTART')
            else:
                cursor.execute("SELECT setval(%s, %s)", (f'"{sequence}"', value))
        cursor.execute("SET session_replication_role = DEFAULT")
        connection.commit()


def user_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                   "AND tablename <> 'alembic_version'")
    return [table for (table,) in cursor.fetchall()]


@contextlib.contextmanager
def raw_postgres(url: str):
    """A plain psycopg connection to the database of `url`."""
    import psycopg

    backend = sa.engine.make_url(url)
    connection = psycopg.connect(backend.set(drivername="postgresql").render_as_string(
        hide_password=False))
    try:
        yield connection
    finally:
        connection.close()


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


@pytest.fixture(scope="session")
def shared_apps():
    """The apps built so far in this worker, by database URL: building one costs its URL map,
    its Jinja compiles and SQLAlchemy's statement caches, so every test of a backend reuses one.
    """
    apps = {}
    yield apps
    for app, _config in apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(database_url, shared_apps):
    """The application on a fresh database, with an app context for the test's own queries.

    The configuration a test changes is put back afterwards; a test that needs another set-up
    at start (CSRF, rate limits, production) builds its own app with `app_config`.
    """
    if database_url not in shared_apps:
        built = create_app(app_config(database_url))
        built.test_client_class = IsolatedClient
        # No PDF rendered unless the test reads it (tests/pdfs.py): `real_pdfs` to render.
        built.extensions[pdfs.EXTENSION] = stand_in_renderer
        shared_apps[database_url] = (built, copy.deepcopy(dict(built.config)))
    app, config = shared_apps[database_url]
    # The limiter is one object for every app: a test's own app with limits on switched it on.
    limiter.enabled = config["RATELIMIT_ENABLED"]
    with app.app_context():
        db.engine.dispose()  # no pooled connection to the previous test's database
        yield app
        db.session.remove()
        db.engine.dispose()
    app.config.clear()
    app.config.update(copy.deepcopy(config))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def real_pdfs(app):
    """The app renders its PDFs for real in this test (for tests that count renders)."""
    stand_in = app.extensions.pop(pdfs.EXTENSION)
    yield
    app.extensions[pdfs.EXTENSION] = stand_in


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def clock():
    """Time stands still until the test moves it (the live server of browser tests, in the same
    process, reads it too)."""
    with use_clock(Clock()) as clock:
        yield clock


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


# Worlds: the data a module's tests share, built once per module and backend, then restored
# from a copy of the database before each test (building one costs a second or more: accounts,
# structures, passed exams).


@pytest.fixture(scope="session")
def world_snapshots():
    """Saved worlds of this worker, by (module, builder, database URL)."""
    return {}


def world_fixture(build, *, shared=False):
    """Make `build(app)` a fixture whose result is built once per module and backend (once per
    backend when `shared`: the same world for every module).

    The first test builds the world and the database is saved; each later test gets the saved
    database back and the same world, its rows loaded afresh. A world holds rows, plain values,
    and dicts, lists or tuples of them.
    """

    @pytest.fixture(name=build.__name__)
    def fixture(request, app, database_url, world_snapshots):
        key = (None if shared else request.module.__name__, build.__name__, database_url)
        if key not in world_snapshots:
            world = build(app)
            db.session.commit()
            references = as_references(world)
            world_snapshots[key] = (references, save_database(database_url, len(world_snapshots)))
        else:
            references, snapshot = world_snapshots[key]
            restore_database(database_url, snapshot)
        return from_references(references)

    fixture.__doc__ = build.__doc__
    return fixture


def seeded_demo(app):
    """The demo of DESIGN.md, as `flask demo seed` makes it (seeded once per worker and
    backend, then restored: a seed takes seconds)."""
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output


seeded_demo = world_fixture(seeded_demo, shared=True)


def as_references(value):
    """The world with each row replaced by (model, primary key)."""
    if isinstance(value, db.Model):
        return RowReference(type(value), sa.inspect(value).identity)
    if isinstance(value, dict):
        return {key: as_references(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(as_references(item) for item in value)
    return value


def from_references(value):
    """The world again, its rows loaded in the test's session."""
    if isinstance(value, RowReference):
        return db.session.get(value.model, value.identity)
    if isinstance(value, dict):
        return {key: from_references(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(from_references(item) for item in value)
    return value


@dataclasses.dataclass(frozen=True)
class RowReference:
    model: type
    identity: tuple


def save_database(url: str, number: int) -> str:
    """Save the test's database: a file copy for SQLite, its rows in memory for PostgreSQL."""
    db.session.remove()
    db.engine.dispose()
    backend = sa.engine.make_url(url)
    if backend.get_backend_name() == "sqlite":
        path = Path(backend.database)
        with sqlite3.connect(path) as connection:  # fold the WAL in: one file to copy
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        saved = path.with_name(f"world-{number}.sqlite3")
        shutil.copy(path, saved)
        return saved
    return read_postgres(url)


def restore_database(url: str, snapshot) -> None:
    """Put a saved database back in place of the test's."""
    db.session.remove()
    db.engine.dispose()
    backend = sa.engine.make_url(url)
    if backend.get_backend_name() == "sqlite":
        path = Path(backend.database)
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        shutil.copy(snapshot, path)
        return
    fill_postgres(url, snapshot)
