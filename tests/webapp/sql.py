"""Watching the SQL a request sends, for tests about query counts and writes."""

from contextlib import contextmanager

from sqlalchemy import event

from webapp.extensions import db


@contextmanager
def statements_sent(matching):
    """The statements the database receives while the block runs, those `matching(sql)` only."""
    seen = []

    def record(_connection, _cursor, statement, *_):
        if matching(statement):
            seen.append(statement)

    event.listen(db.engine, "after_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "after_cursor_execute", record)


@contextmanager
def sqlite_statements():
    """Every statement SQLite runs while the block does, BEGIN sent by our listener included
    (it goes to the driver straight, past SQLAlchemy's events)."""
    seen = []

    def trace(dbapi_connection, *_):
        dbapi_connection.set_trace_callback(seen.append)

    def untrace(dbapi_connection, *_):
        dbapi_connection.set_trace_callback(None)

    event.listen(db.engine, "checkout", trace)
    event.listen(db.engine, "checkin", untrace)
    try:
        yield seen
    finally:
        event.remove(db.engine, "checkout", trace)
        event.remove(db.engine, "checkin", untrace)
