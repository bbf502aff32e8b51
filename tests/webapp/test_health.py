"""The health check load balancers call."""

from tests.conftest import app_config
from webapp import create_app


def test_healthz_is_ok(client):
    """Does /healthz answer 200 {"status": "ok"} when the database answers?"""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_why_when_the_database_is_down(tmp_path):
    """Does /healthz answer 503 with a reason when the database is unreachable?"""
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1"
    app = create_app(app_config(unreachable))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and "database" in body["reason"]
