"""The database away: every page a French 503 that needs no database, for everyone."""

import logging
import stat

import pytest
import sqlalchemy as sa

from tests.conftest import AuthActions, IsolatedClient, app_config
from tests.factories import make_person
from webapp import create_app
from webapp.extensions import db

# Nothing listens on port 1: the connection is refused at once.
CLOSED_PORT = "postgresql+psycopg://postgres@127.0.0.1:1/x?connect_timeout=2"
# Anonymous pages that read the database (the home page and the sign-in form need none).
ANONYMOUS_PAGES = ["/verify/" + "-".join(["ABCD"] * 7), "/verify?q=RPPSP-2026-000001"]
SIGNED_IN_PAGES = ["/", "/formation/", "/account/"]


@pytest.fixture(params=["postgresql", "sqlite"])
def dead_url(request, tmp_path):
    """A database URL whose connections fail for real: a closed port, or an unreadable file."""
    if request.param == "postgresql":
        yield CLOSED_PORT
        return
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)  # and the folder below it is missing: unreadable even for root
    yield f"sqlite:///{folder}/missing/rppsplus.sqlite3"
    folder.chmod(stat.S_IRWXU)


def swap_database(app, url: str) -> None:
    """Point the running app at `url`: as if its database had stopped under it."""
    engines = db._app_engines[app]
    engines[None].dispose()
    engines[None] = sa.create_engine(url)


def assert_outage_page(response) -> None:
    """A French 503 page with a Retry-After, the app's own, not gunicorn's."""
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert "Service momentanément indisponible" in page
    assert "base de données" in page and 'lang="fr"' in page
    assert "Internal Server Error" not in page


def test_an_anonymous_visitor_reads_french_when_the_database_is_down(dead_url):
    """Does every page answer a French 503 when the database refuses connections?"""
    for testing in (True, False):  # tests let exceptions through; production must not
        app = create_app(app_config(dead_url, TESTING=testing))
        client = app.test_client()
        for path in ANONYMOUS_PAGES:
            assert_outage_page(client.get(path))
        assert client.get("/login").status_code == 200  # what needs no database still works
        assert_outage_page(client.post("/login", data={"email": "a@b.fr", "password": "x"}))


def test_a_signed_in_learner_reads_french_when_the_database_stops(app, client, auth, caplog):
    """Does a signed-in learner get the French 503, not a bare 500, once the database stops?"""
    make_person("camille@exemple.fr")
    auth.login("camille@exemple.fr")
    assert client.get("/formation/").status_code == 200
    app.testing = False  # production's handlers: the 500 page must not need the database either
    saved = db._app_engines[app][None]
    try:
        swap_database(app, CLOSED_PORT)
        with caplog.at_level(logging.INFO, logger="webapp.requests"):
            for path in [*SIGNED_IN_PAGES, "/nulle-part"]:  # a 404's layout reads it too
                assert_outage_page(client.get(path))
            response = client.post("/formation/devenir-gestionnaire/examen")
        assert_outage_page(response)
        lines = [r.getMessage() for r in caplog.records if r.name == "webapp.requests"]
        assert len(lines) == 5
        assert "status=503" in lines[-1] and "event=request_error" in lines[-1]
        assert "rule=/formation/<course_slug>/examen" in lines[-1] or "endpoint=" in lines[-1]
        assert "camille" not in " ".join(lines)
    finally:
        db._app_engines[app][None].dispose()
        db._app_engines[app][None] = saved
    assert client.get("/formation/").status_code == 200  # and back once it returns


def test_an_htmx_request_gets_the_message_alone(app, client, auth):
    """Does a plain htmx request get the French message as a fragment app.js shows?"""
    make_person("camille@exemple.fr")
    auth.login("camille@exemple.fr")
    saved = db._app_engines[app][None]
    try:
        swap_database(app, CLOSED_PORT)
        response = client.get("/formation/", headers={"HX-Request": "true"})
    finally:
        db._app_engines[app][None].dispose()
        db._app_engines[app][None] = saved
    assert response.status_code == 503 and response.headers["Retry-After"]
    fragment = response.get_data(as_text=True)
    assert "data-error-notice" in fragment and "base de données" in fragment
    assert "<html" not in fragment


def test_the_500_page_needs_no_database(database_url):
    """Is an unexpected error in a signed-in page a French 500, even with the database gone?"""
    app = create_app(app_config(database_url))  # its own: a route is added to it
    app.test_client_class = IsolatedClient

    @app.get("/boom")
    def boom():
        db._app_engines[app][None] = sa.create_engine(CLOSED_PORT)  # gone for the error page
        raise RuntimeError("boom")

    with app.app_context():
        make_person("camille@exemple.fr")
        client = app.test_client()
        AuthActions(client).login("camille@exemple.fr")
        app.testing = False
        saved = db._app_engines[app][None]
        try:
            response = client.get("/boom")
        finally:
            db._app_engines[app][None] = saved
            db.session.remove()
            db.engine.dispose()
    assert response.status_code == 500
    assert "Erreur inattendue" in response.get_data(as_text=True)
