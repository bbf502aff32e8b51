"""Limits counted by real gunicorn servers: exact with 2 workers on Redis, and with the one
threaded worker `make run` starts on in-memory counts."""

import http.cookiejar
import os
import re
import secrets
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from bench.harness import BIN, ROOT, free_port, stop, wait_until_ready
from tests.conftest import app_config
from tests.factories import PASSWORD, make_person
from webapp import create_app
from webapp.extensions import db

EMAIL = "claire@exemple.fr"
REDIS_URL = os.environ.get("TEST_REDIS_URL")

SERVINGS = [
    pytest.param(("memory://", ["--workers", "1", "--threads", "4"]), id="make-run-memory"),
    pytest.param((REDIS_URL, ["--workers", "2"]), id="2-workers-redis", marks=pytest.mark.skipif(
        not REDIS_URL, reason="TEST_REDIS_URL non défini")),
]


@pytest.fixture
def served(request, database_url):
    """gunicorn serving the platform on `database_url`, with one account; yields its URL."""
    storage, workers = request.param
    app = create_app(app_config(database_url))
    with app.app_context():
        make_person(EMAIL)
        db.engine.dispose()
    port = free_port()
    env = {**os.environ, "RPPSPLUS_ENV": "development", "SECRET_KEY": secrets.token_hex(32),
           "DATABASE_URL": database_url, "RATELIMIT_STORAGE_URI": storage,
           # One proxy in front: X-Forwarded-For says where each request comes from.
           "TRUSTED_PROXIES": "1", "LOGIN_LIMIT_PER_IP": "1000 per minute",
           "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes"}
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", *workers, "--log-level",
         "warning", "webapp:create_app()"], cwd=ROOT, env=env, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(process, base_url + "/login")
        yield base_url
    finally:
        stop(process)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser behind the proxy, at `address`: cookies and the CSRF token."""

    def __init__(self, base_url: str, address: str):
        self.base_url, self.address = base_url, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        page = self.open("/login")[1]
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def open(self, path: str, data: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(
            self.base_url + path, headers={"X-Forwarded-For": self.address},
            data=urllib.parse.urlencode(data).encode() if data is not None else None)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, password: str) -> int:
        return self.open("/login", {"email": EMAIL, "password": password,
                                    "csrf_token": self.token})[0]


def address() -> str:
    return "10." + ".".join(str(byte) for byte in uuid.uuid4().bytes[:3])


@pytest.mark.parametrize("served", SERVINGS, indirect=True)
def test_the_account_limit_is_exact_and_never_locks_the_holder_out(served):
    """14 wrong passwords from one address: exactly 5 are judged, then 429, whichever worker
    answers; the holder, from their own address, signs in at once."""
    attacker = Browser(served, address())
    codes = [attacker.sign_in("faux-mot-de-passe") for _ in range(14)]
    assert codes == [422] * 5 + [429] * 9
    assert Browser(served, address()).sign_in(PASSWORD) == 303
