"""Passwords: common and guessable ones are refused, with a French reason; old ones renewed."""


import pytest

from tests.factories import make_person
from webapp.auth.passwords import hash_password, password_problem, verify_password
from webapp.extensions import db
from webapp.models import User

from .steps import text

WEAK = ["123456789012", "password1234", "azertyuiop12", "motdepasse123", "rppsplus2026",
        "aaaaaaaaaaaaaaaa"]
STRONG = "cheval agrafe correct batterie"



@pytest.mark.parametrize("password", WEAK)
def test_registration_refuses_a_guessable_password(client, password):
    """Is a common or guessable password refused at registration, saying why in French?"""
    response = client.post("/register", data={
        "first_name": "Léa", "last_name": "Martin", "email": "lea@exemple.fr",
        "password": password, "password_confirmation": password})
    page = text(response)
    assert response.status_code == 422
    assert "Ce mot de passe est trop facile à deviner" in page
    assert "common" not in page.lower()  # zxcvbn's English advice is not shown
    assert db.session.scalar(db.select(User).filter_by(email="lea@exemple.fr")) is None


def test_the_persons_own_names_and_address_count():
    """Is a password built on the person's name or e-mail refused, and the same one fine for
    someone else?"""
    password = "Sebastien-Lefebvre-26"
    problem = password_problem(password, email="slefebvre@exemple.fr",
                               names=("Sébastien", "Lefebvre"))
    assert problem and "votre nom, votre adresse e-mail" in problem
    assert password_problem("LeaMartin2026", email="lea@exemple.fr",
                            names=("Léa", "Martin")) is not None
    assert password_problem("slefebvre2026!", email="slefebvre@exemple.fr") is not None
    assert password_problem("Santé2026Santé!", email="x@exemple.fr") is not None
    assert password_problem(STRONG, email="slefebvre@exemple.fr",
                            names=("Sébastien", "Lefebvre")) is None


def test_reset_and_change_use_the_same_rules(client, auth):
    """Do the reset link's form and the account's form refuse a weak password too?"""
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    auth.login(person.email)
    from tests.factories import PASSWORD
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "password": "azertyuiop12",
        "password_confirmation": "azertyuiop12"})
    assert response.status_code == 422 and "trop facile à deviner" in text(response)
    from webapp.auth.tokens import issue_token
    token = issue_token(person, "reset_password")
    db.session.commit()
    auth.logout()
    response = client.post(f"/reset-password/{token}", data={
        "password": "LeaMartin2026", "password_confirmation": "LeaMartin2026"})
    assert response.status_code == 422 and "trop facile à deviner" in text(response)


def test_a_weak_password_is_changed_at_next_sign_in(client, auth):
    """Is someone whose old password is now refused sent to change it, and kept there?"""
    person = make_person("lea@exemple.fr")
    person.password_hash = hash_password("motdepasse123")
    db.session.commit()
    response = auth.login(person.email, "motdepasse123")
    assert response.status_code == 303 and response.location.startswith("/account/")
    # Every other page sends them back, with the reason, until the password is changed.
    elsewhere = client.get("/formation/")
    assert elsewhere.status_code == 303 and elsewhere.location.startswith("/account/")
    page = text(client.get("/account/"))
    assert "trop facile à deviner" in page and 'id="password-change-required"' in page
    changed = client.post("/account/password", data={
        "current_password": "motdepasse123", "password": STRONG,
        "password_confirmation": STRONG})
    assert changed.status_code == 303
    db.session.refresh(person)
    assert verify_password(person.password_hash, STRONG)
    assert client.get("/formation/").status_code == 200
    assert 'id="password-change-required"' not in text(client.get("/account/"))


def test_a_good_password_signs_in_as_before(client, auth):
    person = make_person("lea@exemple.fr")
    response = auth.login(person.email)
    assert response.status_code == 303 and response.location == "/"
    assert client.get("/formation/").status_code == 200
