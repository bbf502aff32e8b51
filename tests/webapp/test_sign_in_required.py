"""One way to say « signed in »: a private blueprint declares it once, and every one of its
routes sends an anonymous visitor to the login page."""

import re
from pathlib import Path

from webapp.access import sign_in_required

# Blueprints whose routes are public (each view decides what a signed-in person sees more):
# signing in and out, the home and legal pages, the verification page, an invitation's link,
# and the JSON API (a bearer token, never a session).
PUBLIC = {"auth", "home", "verify", "invitations", "api"}
WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
# The exam page's own requests answer 401, which the page acts on (it keeps the answers and
# offers to sign in again in a new tab): a redirect would take the page away.
TOLD_PLAINLY = {"quiz.csrf_token"}


def url_of(rule) -> str:
    """A URL the rule matches, with made-up values for its parts."""
    url = re.sub(r"<int:\w+>", "1", rule.rule)
    return re.sub(r"<(?:\w+:)?\w+>", "abc", url)


def test_every_private_route_sends_anonymous_visitors_to_sign_in(app, client):
    """Does every route outside the public blueprints answer an anonymous request, whatever
    its method, with a redirect to the login page (never a page, a 404 or a 500)?"""
    checked = 0
    for rule in app.url_map.iter_rules():
        blueprint = rule.endpoint.rpartition(".")[0]
        if rule.endpoint == "static" or blueprint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url_of(rule), method=method)
            if rule.endpoint in TOLD_PLAINLY:
                assert response.status_code == 401, rule.endpoint
                continue
            assert response.status_code in (302, 303), (method, rule.rule, rule.endpoint)
            assert response.headers["Location"].startswith("/login"), (method, rule.rule)
            checked += 1
    assert checked >= 60  # the admin, structures, webinars, region, learning… routes


def test_each_private_blueprint_says_it_once(app):
    """Is `sign_in_required` the guard of every private blueprint, and of no public one?"""
    blueprints = set(app.blueprints)
    assert PUBLIC <= blueprints
    for name in blueprints:
        guards = app.before_request_funcs.get(name, [])
        assert (sign_in_required in guards) == (name not in PUBLIC), name


def test_no_view_says_it_another_way():
    """No per-view decorator nor hand-written check duplicates the blueprint's guard."""
    for path in WEBAPP.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "login_required" not in source, path
        assert "return login_manager.unauthorized()" not in source or path.name == "access.py", path


def test_public_pages_stay_public(client):
    for url in ("/", "/login", "/verify", "/accessibilite", "/api/v1/openapi.json"):
        assert client.get(url).status_code == 200, url
