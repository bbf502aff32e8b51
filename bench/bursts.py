"""What the burst benchmarks share: one burst per database, the app in this process, HTTP.

A burst is not a steady load: people made in the bench database with the app's own operations
fire one request each, all at once. It runs on SQLite always, and on PostgreSQL too when
BENCH_DATABASE_URL names a server (a database is created on it for the run, then dropped).
"""

import contextlib
import http.client
import os
import secrets
import subprocess
import urllib.parse
from collections.abc import Callable
from http.cookies import SimpleCookie

from .harness import BIN, ROOT, SESSION_COOKIE, Options, demo_database, probe, server
from .load import Result, load
from .report import Comparison


def per_database(options: Options, scenario: str, burst: Callable[[str, dict], Result]
                 ) -> list[Comparison]:
    """`burst(database name, env)` on each database, bare Flask measured before and after it."""
    databases = [("SQLite", demo_database)]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(("PostgreSQL", postgres_database))
    comparisons = []
    with server("bench.baseline:app") as bare:
        probe(bare + "/", expect="hello")
        for name, database in databases:
            with database() as env:
                before = load(bare + "/", options)
                subject = burst(name, env)
                after = load(bare + "/", options)
            comparisons.append(Comparison(f"{scenario}, {name}", [before, after], subject))
    return comparisons


def percentile(sorted_seconds: list[float], p: float) -> float:
    """The p-th latency in ms (nearest rank)."""
    return sorted_seconds[min(len(sorted_seconds) - 1, int(p * len(sorted_seconds)))] * 1000


# --- The database, from the bench process: the app's own code, not HTTP -------------------

@contextlib.contextmanager
def app_on(env: dict):
    """The real app, in this process, on the bench database (to make and count learners)."""
    from webapp import create_app
    from webapp.config import normalise_database_url
    from webapp.extensions import db

    app = create_app({"ENVIRONMENT": "development", "SECRET_KEY": env["SECRET_KEY"],
                      "SQLALCHEMY_DATABASE_URI": normalise_database_url(env["DATABASE_URL"])})
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@contextlib.contextmanager
def postgres_database():
    """A fresh, migrated database on the BENCH_DATABASE_URL server; dropped afterwards."""
    import sqlalchemy as sa

    from webapp.config import normalise_database_url

    name = f"rppsplus_bench_{secrets.token_hex(4)}"
    server_url = sa.engine.make_url(normalise_database_url(os.environ["BENCH_DATABASE_URL"]))
    admin = sa.create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        env = {"DATABASE_URL": server_url.set(database=name).render_as_string(False),
               "RPPSPLUS_ENV": "development", "SECRET_KEY": secrets.token_hex(32)}
        done = subprocess.run([str(BIN / "flask"), "--app", "webapp", "db", "upgrade"], cwd=ROOT,
                              env={**os.environ, **env}, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask db upgrade failed:\n{done.stderr}")
        yield env
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


# --- HTTP, as a browser would ---------------------------------------------------------------

def send(base_url: str, method: str, path: str, cookie: str, body: str | None = None):
    """One request on a fresh connection (sync workers close it anyway).

    Returns the status, the Location header, the session cookie (renewed if the response set
    one: the CSRF secret lives in the session) and the page.
    """
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    headers = {"Cookie": cookie}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        page = response.read().decode()
    finally:
        connection.close()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    if SESSION_COOKIE in jar:
        cookie = f"{SESSION_COOKIE}={jar[SESSION_COOKIE].value}"
    return response.status, response.getheader("Location", ""), cookie, page
