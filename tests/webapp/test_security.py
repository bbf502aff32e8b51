"""Headers, cookies, CSRF and rate limits: the protections every request gets."""

import os
import re
import uuid

import pytest

from tests.conftest import app_config
from tests.factories import PASSWORD, make_person
from webapp import create_app
from webapp.extensions import db

PAGES = ["/", "/login", "/register", "/healthz", "/accessibilite", "/nope"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, path):
    """Does every response, even a 404, carry the security headers?"""
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_inline_script_in_pages(client, auth):
    """Do pages load scripts only from files (the CSP would block inline ones)?"""
    make_person("claire@exemple.fr")
    auth.login("claire@exemple.fr")
    page = client.get("/").get_data(as_text=True)
    assert "<script>" not in page and "onclick" not in page
    assert "/static/vendor/htmx.min.js" in page


def test_session_cookie_flags(client):
    """Is the session cookie HttpOnly and SameSite=Lax, and not Secure over plain HTTP?"""
    make_person("claire@exemple.fr")
    response = client.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(client):
    """Over HTTPS, is the session cookie marked Secure (and HSTS sent)?"""
    make_person("claire@exemple.fr")
    response = client.post("/login", base_url="https://academie.test",
                           data={"email": "claire@exemple.fr", "password": PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]
    assert "max-age" in response.headers["Strict-Transport-Security"]


@pytest.fixture
def csrf_client(database_url):
    app = create_app(app_config(database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        yield app, app.test_client()


def test_every_change_needs_a_csrf_token(csrf_client):
    """Is every POST route refused without a CSRF token (nothing written)?"""
    app, client = csrf_client
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 10
    for rule in posts:
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        url = re.sub(r"<\w+>", "abc", url)
        response = client.post(url, data={"email": "x@exemple.fr"})
        assert response.status_code == 400, rule.rule
        assert "Le formulaire a expiré" in response.get_data(as_text=True)


def test_csrf_token_accepted_from_the_htmx_header(csrf_client):
    """Does a change sent by htmx with the X-CSRFToken header pass the CSRF check?"""
    app, client = csrf_client
    token = page_token(client, "/login")
    response = client.post("/login", data={"email": "x@exemple.fr", "password": "faux"},
                           headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 422


def page_token(client, path="/"):
    """The CSRF token of a page's form (a visitor's first page has no htmx header: no session)."""
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_a_session_keeps_its_signed_csrf_token_until_it_ends(csrf_client):
    """Is one session's token the same on every page, still accepted, and new after sign-in
    and sign-out (never the token of a session that ended)?"""
    app, client = csrf_client
    make_person("claire@exemple.fr")
    db.session.commit()
    anonymous = page_token(client, "/login")
    assert page_token(client, "/login") == anonymous
    client.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD,
                                "csrf_token": anonymous})
    signed_in = page_token(client)
    assert signed_in != anonymous and page_token(client, "/formation/") == signed_in
    # The token kept from an earlier page is the session's: changes pass with it.
    response = client.post("/logout", headers={"X-CSRFToken": signed_in})
    assert response.status_code == 303
    assert page_token(client, "/login") not in (anonymous, signed_in)
    refused = client.post("/login", data={"email": "x@exemple.fr", "password": "faux",
                                          "csrf_token": signed_in})
    assert "Le formulaire a expiré" in refused.get_data(as_text=True)


def limited_app(database_url, **overrides):
    app = create_app(app_config(database_url, RATELIMIT_ENABLED=True, **overrides))
    return app


def test_login_is_rate_limited_per_account(database_url):
    """After 5 failures on one account from one address, is that address refused even with the
    right password? (From elsewhere it is not: tests/webapp/test_rate_limits.py.)"""
    app = limited_app(database_url, RATELIMIT_STORAGE_URI="memory://")
    with app.app_context():
        make_person("claire@exemple.fr")
        client = app.test_client()
        for _ in range(5):
            client.post("/login", data={"email": "claire@exemple.fr", "password": "faux-123"})
        response = client.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD})
        assert response.status_code == 429
        assert "Trop de tentatives" in response.get_data(as_text=True)
        # Another account from the same address is not blocked by this one's failures.
        make_person("denis@exemple.fr")
        ok = client.post("/login", data={"email": "denis@exemple.fr", "password": PASSWORD})
        assert ok.status_code == 303


def test_login_is_rate_limited_per_ip(database_url):
    """Does one address trying many accounts get stopped?"""
    app = limited_app(database_url, LOGIN_LIMIT_PER_IP="3 per minute")
    with app.app_context():
        client = app.test_client()
        codes = [
            client.post("/login", data={"email": f"p{i}@exemple.fr", "password": "x"}).status_code
            for i in range(4)
        ]
    assert codes == [422, 422, 422, 429]


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL non défini")
def test_rate_limits_can_live_in_redis(database_url):
    """With RATELIMIT_STORAGE_URI pointing at Redis, do two app servers share the counts?"""
    url = os.environ["TEST_REDIS_URL"]
    config = {"LOGIN_LIMIT_PER_IP": "3 per minute", "RATELIMIT_STORAGE_URI": url}
    # An address and an account of their own: parallel and repeated runs share the server.
    address = ".".join(str(byte) for byte in uuid.uuid4().bytes[:4])
    email = f"{uuid.uuid4().hex}@exemple.fr"
    first, second = limited_app(database_url, **config), limited_app(database_url, **config)
    codes = []
    for app in (first, second, first, second):
        with app.app_context():
            codes.append(app.test_client().post(
                "/login", data={"email": email, "password": "x"},
                environ_base={"REMOTE_ADDR": address}).status_code)
    assert codes == [422, 422, 422, 429]
