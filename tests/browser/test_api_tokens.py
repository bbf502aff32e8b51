"""An RL creates an API token in place, copies it, uses it, and revokes it."""

import re

import pytest

from .helpers import FOCUS_IN, axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser


def test_an_rl_creates_uses_and_revokes_a_token(page, live_server):
    """Does the token appear once, in place, focused and accessible; does it answer for the
    structure's certified gestionnaire; does revoking close it?"""
    sign_in(page, live_server, "rl.centralise@demo.test")
    page.goto(f"{live_server}/structures/")
    page.locator("table a").first.click()
    page.get_by_role("link", name=re.compile("Gérer les jetons d'API")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jetons d'API")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.evaluate("window.__noNavigation = true")  # a full page load would lose it
    section = page.locator("#api-tokens")

    section.get_by_role("button", name="Créer le jeton").click()
    expect(section.get_by_role("alert")).to_contain_text("Donnez un nom au jeton")
    section.get_by_label("Nom du jeton").fill("Logiciel RH (essai)")
    section.get_by_role("button", name="Créer le jeton").click()

    field = section.get_by_label("Jeton d'API (à copier et à garder secret)")
    expect(field).to_have_value(re.compile(r"^rppsp_[A-Za-z0-9_-]{43}$"))
    expect(section.get_by_role("status")).to_contain_text("il ne sera plus jamais affiché")
    assert page.evaluate("window.__noNavigation") is True
    page.wait_for_function(FOCUS_IN, arg="#api-tokens")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    token = field.input_value()
    api = f"{live_server}/api/v1/people/elearning?email=gestionnaire3@demo.test"
    answer = page.request.get(api, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["elearning"]["done"] is True

    row = section.get_by_role("row").filter(has_text="Logiciel RH (essai)")
    row.locator("summary", has_text="Révoquer").click()  # revoking asks to confirm
    row.get_by_role("button", name=re.compile("Confirmer la révocation")).click()
    expect(page.get_by_role("status").first).to_contain_text("est révoqué")
    expect(page.locator("#api-tokens").get_by_role("row").filter(
        has_text="Logiciel RH (essai)")).to_contain_text("Révoqué le")
    answer = page.request.get(api, headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 401
