"""Database engine set-up: SQLite made safe for concurrent writers."""

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def configure_engine(engine: Engine) -> None:
    """Apply SQLite pragmas and immediate write transactions; leave other databases alone."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take transaction control away from the driver so that we can BEGIN ourselves.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # A deferred transaction that reads then writes fails at once with "database is
        # locked" when another writer is active, whatever the busy timeout: a request that
        # may write takes the write lock up front and waits its turn instead.
        # Straight to the driver: SQLAlchemy's statement machinery would cost more than BEGIN.
        connection.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if may_write() else "BEGIN")


def may_write() -> bool:
    """Whether the current unit of work may write (every request but safe methods; CLI too).

    Outside requests (CLI, cron), every transaction takes the write lock: keep them short and
    commit often, or live submissions wait behind them.
    """
    if not has_request_context():
        return True
    return request.method not in READ_ONLY_METHODS or g.get("writes", False)


def begin_writing(session) -> None:
    """Let a safe request write from now on: its next transaction takes the write lock.

    For the rare GET that must write (rendering a document on first download): the read
    transaction ends here, so objects loaded so far are expired and reload on next use.
    """
    g.writes = True
    session.commit()
