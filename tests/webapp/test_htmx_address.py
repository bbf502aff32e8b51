"""A boosted form answered in place keeps the page's address (htmx would push the POST's)."""

BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}
WRONG = {"email": "personne@exemple.fr", "password": "pas le bon mot de passe"}


def test_a_refused_boosted_form_tells_htmx_not_to_push_its_address(client):
    """Does the answer say « HX-Push-Url: false », so that a reload asks for the page (GET),
    not the form's address (which only takes POST: 405)?"""
    response = client.post("/login", data=WRONG, headers=BOOSTED)
    assert response.status_code == 422
    assert response.headers["HX-Push-Url"] == "false"


def test_the_address_is_left_alone_elsewhere(client):
    """A boosted link (GET) and a form sent without htmx: nothing added."""
    assert "HX-Push-Url" not in client.get("/login", headers=BOOSTED).headers
    assert "HX-Push-Url" not in client.post("/login", data=WRONG).headers
