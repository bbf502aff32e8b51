"""axe-core finds no serious or critical WCAG 2.1 AA problem on the main pages."""

import re

import pytest

from .helpers import axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser

ROLES = [
    "admin@demo.test",
    "formateur@demo.test",
    "rl.centralise@demo.test",
    "rl.decentralise@demo.test",
    "gestionnaire1@demo.test",
    "gestionnaire3@demo.test",  # holds an attestation
]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


@pytest.mark.parametrize("path", ["/login", "/register", "/", "/verify", "/verify?q=bonjour"])
def test_signed_out_pages(page, live_server, path):
    """Are the sign-in, registration and welcome pages free of serious axe violations?"""
    page.goto(live_server + path)
    assert_accessible(page)


@pytest.mark.parametrize("email", ROLES)
def test_home_page_of_each_role(page, live_server, email):
    """Is each role's home page free of serious axe violations?"""
    sign_in(page, live_server, email)
    assert_accessible(page)


def test_account_page(page, live_server):
    """Is the account page free of serious axe violations?"""
    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.goto(f"{live_server}/account/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_admin_structures(page, live_server):
    """Are the admin structures list and a structure page free of serious axe violations?"""
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/structures")
    assert_accessible(page)

    page.locator("#organisations-table tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/admin/structures/\d+$"))
    expect(page.locator("#establishments")).to_be_visible()
    assert_accessible(page)


def test_attestation_page_with_its_forms(page, live_server, new_page):
    """Is a trainer's view of an attestation, with its forms and their errors, accessible?"""
    sign_in(page, live_server, "gestionnaire3@demo.test")
    card = page.locator(".attestation-card")
    number = re.search(r"RPPSP-\d{4}-\d{6}", card.inner_text())[0]

    trainer = new_page(bypass_csp=True)
    sign_in(trainer, live_server, "formateur@demo.test")
    trainer.goto(f"{live_server}/attestations/{number}")
    expect(trainer.get_by_text("Attestation valide.")).to_be_visible()
    assert_accessible(trainer)
    trainer.get_by_role("button", name="Révoquer l'attestation").click()
    expect(trainer.locator(".error-summary")).to_contain_text("Indiquez le motif")
    assert_accessible(trainer)
    expect(trainer.get_by_text("Attestation valide.")).to_be_visible()  # nothing revoked


def test_integrity_pages(page, live_server, new_page):
    """Are the legacy attestations list, a lesson's reading status and a GRADeS' view of a
    flagged exam attempt free of serious axe violations?"""
    sign_in(page, live_server, "admin@demo.test")
    page.get_by_role("link", name="Attestations délivrées avant les règles d'intégrité").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("avant les règles")
    assert_accessible(page)

    learner = new_page(bypass_csp=True)
    sign_in(learner, live_server, "gestionnaire4@demo.test")  # halfway: module 3 is open
    learner.goto(f"{live_server}/formation/devenir-gestionnaire/resume")
    expect(learner.locator(".reading-time")).to_contain_text("comptera comme lue dans")
    assert_accessible(learner)

    trainer = new_page(bypass_csp=True)
    sign_in(trainer, live_server, "formateur@demo.test")
    trainer.goto(f"{live_server}/structures/")
    trainer.get_by_role("link", name=re.compile("Association Rhône Solidarités")).first.click()
    trainer.get_by_role("link", name="Qui est formé, qui est habilité").click()
    trainer.get_by_role("link", name="Second Hugo").click()
    expect(trainer.locator("#fast-attempts")).to_contain_text("20 questions en 40 s")
    assert_accessible(trainer)
