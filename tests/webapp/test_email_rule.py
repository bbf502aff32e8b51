"""One rule for an e-mail address, on every form that takes a new one and in invitations."""

import pytest

from tests.factories import make_organisation, make_person
from webapp.email_addresses import InvalidEmail, checked_email
from webapp.extensions import db
from webapp.models import PlatformRole, User
from webapp.structures.invitations import InvitationRefused, check_address

ACCEPTED = [
    ("lea@exemple.fr", "lea@exemple.fr"),
    ("  Léa.Martin@Exemple.FR ", "léa.martin@exemple.fr"),
    ("gestionnaire9@demo.test", "gestionnaire9@demo.test"),  # the demo's reserved domain
]
REFUSED = ["pas-une-adresse", "lea@", "lea@exemple", "lea@@exemple.fr", "lea@localhost",
           "lea martin@exemple.fr", "x" * 250 + "@exemple.fr"]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_the_rule_accepts_and_normalises(typed, stored):
    assert checked_email(typed) == stored
    assert check_address(typed) == stored  # invitations: the same rule


@pytest.mark.parametrize("typed", REFUSED)
def test_the_rule_refuses_the_same_everywhere(typed):
    with pytest.raises(InvalidEmail):
        checked_email(typed)
    with pytest.raises(InvitationRefused):
        check_address(typed)


def post_each_form(client, auth, domain):
    """Post an address at `domain` to each form that creates or attaches an account."""
    statuses = {}
    auth.logout()
    statuses["register"] = client.post("/register", data={
        "first_name": "Léa", "last_name": "Martin", "email": f"inscription@{domain}",
        "password": "un long mot de passe 2026 !", "password_confirmation":
        "un long mot de passe 2026 !"}).status_code
    admin = make_person(role=PlatformRole.ADMIN)
    organisation = make_organisation()
    auth.login(admin.email)
    statuses["person"] = client.post("/admin/people/new", data={
        "first_name": "Léa", "last_name": "Martin", "email": f"compte@{domain}",
        "platform_role": "learner", "region_code": ""}).status_code
    statuses["attach"] = client.post(f"/admin/structures/{organisation.id}/members", data={
        "email": f"rattachement@{domain}", "first_name": "Léo", "last_name": "Martin",
        "role": "gestionnaire", "establishment_id": ""}).status_code
    return statuses


def test_each_form_gives_the_same_answer(client, auth, app):
    """Do registration, the admin's new person and the attachment form accept a demo-style
    address and refuse a malformed one alike (they did not: `.test` was refused by two)?"""
    ok = post_each_form(client, auth, "demo.test")
    assert ok == {"register": 303, "person": 303, "attach": 200}, ok
    assert db.session.scalar(db.select(User.id).filter_by(email="rattachement@demo.test"))
    refused = post_each_form(client, auth, "localhost")
    assert refused == {"register": 422, "person": 422, "attach": 422}, refused
