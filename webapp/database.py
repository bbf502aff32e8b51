"""Database engine set-up: SQLite made safe for concurrent writers."""

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session

from .extensions import db

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Execution options of a connection that runs one SELECT and closes: SQLite reads it in a
# transaction of its own, so no BEGIN is sent (nor, the driver knowing none is open, ROLLBACK).
SINGLE_READ = {"single_read": True}


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
        if connection.get_execution_options().get("single_read"):
            return
        # A deferred transaction that reads then writes fails at once with "database is
        # locked" when another writer is active, whatever the busy timeout: a request that
        # may write takes the write lock up front and waits its turn instead.
        # Straight to the driver: SQLAlchemy's statement machinery would cost more than BEGIN.
        connection.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if may_write() else "BEGIN")


def may_write() -> bool:
    """Whether the current unit of work may write (every request but safe methods and views
    that read first; CLI too).

    Outside requests (CLI, cron), every transaction takes the write lock: keep them short and
    commit often, or live submissions wait behind them.
    """
    if not has_request_context():
        return True
    writes = g.get("writes")
    if writes is not None:
        return writes
    if request.method in READ_ONLY_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return not getattr(view, "reads_first", False)


def reads_first(view):
    """Mark a view that changes data but reads all it needs first: its first transaction does
    not take SQLite's write lock, and the view calls `begin_writing` once it has read.

    For the busy writes (an exam handed in at the end of a webinar): the lock is held for the
    writes alone, not for the session lookup, the grading and the reads around them.
    """
    view.reads_first = True
    return view


def begin_writing(session, *, expire: bool = True) -> None:
    """Let a request that has read write from now on: its next transaction takes the write lock.

    For the rare GET that must write (rendering a document on first download) and the views
    marked `reads_first`: the read transaction ends here, and objects loaded so far are expired
    and reload on next use, unless `expire` is False (a view that re-reads under lock whatever
    its decision rests on, and would only pay for reloading the rest).
    """
    g.writes = True
    if expire:
        session.commit()
        return
    current = session() if isinstance(session, scoped_session) else session
    current.expire_on_commit = False
    try:
        current.commit()
    finally:
        current.expire_on_commit = True


def expire_loaded(model, key, attributes: list[str] | None = None) -> None:
    """Expire this session's copy of a row (or those `attributes` of it), if it holds one: a
    Core statement changed the row, and the copy must be read anew on next use."""
    loaded = db.session.identity_map.get(db.inspect(model).identity_key_from_primary_key((key,)))
    if loaded is not None:
        db.session.expire(loaded, attributes)
