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
