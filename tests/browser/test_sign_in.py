"""Signing in and out through the real forms, with the mouse and with the keyboard alone."""

import re

import pytest

from directory.structures import StructureRole
from webapp.auth.sessions import LearnerStanding
from webapp.demo import PASSWORD
from webapp.models import PlatformRole

from .helpers import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("email, first_name, role", [
    ("gestionnaire1@demo.test", "Gaëlle", LearnerStanding.IN_TRAINING.label),
    ("gestionnaire3@demo.test", "Inès", LearnerStanding.HABILITATED.label),
    ("rl.centralise@demo.test", "Claire", StructureRole.LEGAL_REP.label),
    ("formateur@demo.test", "Fabien", PlatformRole.TRAINER.label),
    ("admin@demo.test", "Alice", PlatformRole.ADMIN.label),
])
def test_sign_in_and_out(page, live_server, email, first_name, role):
    """Can each kind of person sign in through the form, reach their home page and sign out?"""
    page.goto(f"{live_server}/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {first_name}")
    expect(page.get_by_role("banner")).to_contain_text(role)

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_role("status")).to_contain_text("Vous êtes déconnecté(e).")
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def test_wrong_password(page, live_server):
    """Does a wrong password show the French error and keep the e-mail typed?"""
    page.goto(f"{live_server}/login")
    page.get_by_label("Adresse e-mail").fill("gestionnaire1@demo.test")
    page.get_by_label("Mot de passe").fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect.")
    expect(page.get_by_label("Adresse e-mail")).to_have_value("gestionnaire1@demo.test")
    expect(page.get_by_label("Mot de passe")).to_have_value("")
    expect(page.get_by_role("button", name="Se déconnecter")).to_have_count(0)


def focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent.trim()})"
    )


def test_keyboard_only_sign_in(page, live_server):
    """Can a learner skip to the content and sign in with the keyboard alone?"""
    page.goto(f"{live_server}/login")

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Aller au contenu"
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type("gestionnaire1@demo.test")
    page.keyboard.press("Tab")
    expect(page.locator("#password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(live_server) + "/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Gaëlle")
