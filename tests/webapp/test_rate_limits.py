"""Limits that hold across workers and servers, that nobody can turn into a lockout, and that
never take a page down when their storage is away."""

import inspect
import logging
import threading
import time
import uuid

import flask_limiter
import pytest
from limits.storage import MemoryStorage

from tests.conftest import IsolatedClient, app_config
from tests.factories import PASSWORD, make_person
from webapp import create_app
from webapp.extensions import limiter
from webapp.memory_limits import SweptMemoryStorage


def limited_app(database_url, **overrides):
    app = create_app(app_config(database_url, RATELIMIT_ENABLED=True, **overrides))
    app.test_client_class = IsolatedClient
    return app


def address() -> str:
    """An address of its own: repeated runs against one Redis never share counts."""
    return "10." + ".".join(str(byte) for byte in uuid.uuid4().bytes[:3])


def sign_in(client, email, password, source):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": source}).status_code


def test_failures_from_elsewhere_never_block_the_holder(database_url):
    """After an attacker's 14 wrong passwords, does the holder still sign in from their address,
    while the attacker is stopped after 5?"""
    app = limited_app(database_url)
    with app.app_context():
        make_person("claire@exemple.fr")
        attacker, holder = app.test_client(), app.test_client()
        source = address()
        codes = [sign_in(attacker, "claire@exemple.fr", "faux-123", source) for _ in range(14)]
        assert codes == [422] * 5 + [429] * 9
        assert sign_in(holder, "claire@exemple.fr", PASSWORD, address()) == 303


def test_limits_fall_back_to_memory_when_redis_is_down(database_url, caplog, monkeypatch):
    """With Redis unreachable, do sign-in and /verify keep working, limits still counted in
    memory, with a warning in the log?"""
    app = limited_app(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
                      LOGIN_LIMIT_PER_ACCOUNT="3 per minute")
    # Alembic's logging setup (the migrations of the test database) disables existing loggers.
    monkeypatch.setattr(logging.getLogger("flask-limiter"), "disabled", False)
    with app.app_context(), caplog.at_level(logging.WARNING):
        make_person("claire@exemple.fr")
        client = app.test_client()
        assert client.get("/verify/0000-0000-0000-0000-0000-0000-0000").status_code == 404
        assert client.get("/verify").status_code == 200
        assert sign_in(client, "claire@exemple.fr", PASSWORD, "10.0.0.1") == 303
        other = app.test_client()
        codes = [sign_in(other, "claire@exemple.fr", "faux-123", "10.0.0.2") for _ in range(4)]
        assert codes == [422, 422, 422, 429]  # counted per process while Redis is away
    assert "falling back to in-memory storage" in caplog.text


def test_the_override_of_flask_limiter_still_applies(database_url):
    """Flask-Limiter's before-request check is skipped (no default limits are resolved) while
    the limits on views hold: fails if an upgrade renames the private method we override."""
    parent = inspect.signature(flask_limiter.Limiter._check_request_limit)
    assert list(parent.parameters) == ["self", "callable_name", "in_middleware"]
    app = limited_app(database_url, RATELIMIT_DEFAULT="1 per minute",
                      VERIFY_LIMIT_PER_IP="2 per minute")
    try:
        with app.app_context():
            client = app.test_client()
            # A default limit would refuse the second page: our override never resolves it on
            # a view without limits of its own.
            assert [client.get("/").status_code for _ in range(3)] == [200] * 3
            assert [client.get("/verify").status_code for _ in range(3)] == [200, 200, 429]
    finally:
        limiter.limit_manager.set_default_limits([])  # the extension outlives this app


@pytest.mark.parametrize("uri", ["memory://", "redis://127.0.0.1:1/0"])
def test_a_sign_in_answers_with_any_storage(database_url, uri):
    app = limited_app(database_url, RATELIMIT_STORAGE_URI=uri)
    with app.app_context():
        make_person("claire@exemple.fr")
        assert sign_in(app.test_client(), "claire@exemple.fr", PASSWORD, address()) == 303


def test_in_memory_counts_start_no_thread_and_still_forget(database_url, monkeypatch):
    """Do in-memory limits count without a thread per sweep (limits' own starts one every
    10 ms under load), and still forget the windows gone by? Fails if limits renames the
    private methods webapp/memory_limits.py overrides."""
    assert hasattr(MemoryStorage, "_MemoryStorage__schedule_expiry")
    assert hasattr(MemoryStorage, "_MemoryStorage__expire_events")
    app = limited_app(database_url, RATELIMIT_STORAGE_URI="memory://")
    with app.app_context():
        assert isinstance(limiter.storage, SweptMemoryStorage)
    timers, timer = [], threading.Timer
    monkeypatch.setattr(threading, "Timer", lambda *args: timers.append(args) or timer(*args))
    storage = SweptMemoryStorage()
    storage.incr("gone", 0.01)
    for _ in range(20):  # 40 ms of hits: limits' own would have started a thread or three
        storage.incr("counted", 60)
        time.sleep(0.002)
    assert storage.get("counted") == 20 and len(timers) == 1  # the one its constructor starts
    storage.timer.join()
    storage.incr("gone", 0.01)
    time.sleep(0.02)
    storage.swept_at -= 60  # the next hit comes a minute later: it sweeps
    storage.incr("counted", 60)
    assert "gone" not in storage.storage and storage.get("counted") == 21
