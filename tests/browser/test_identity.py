"""Identity corrections in Chromium: the learner's read-only identity, the trainer's decision."""

import re

import pytest

from .helpers import axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_a_pending_request_is_seen_then_approved_by_the_trainer(new_page, live_server):
    """Does gestionnaire5 see her identity read-only with her pending request, and can the
    trainer find it from home, be told a refusal needs a reason, then approve it?"""
    learner = new_page(bypass_csp=True)
    sign_in(learner, live_server, "gestionnaire5@demo.test")
    learner.goto(f"{live_server}/account/")
    expect(learner.get_by_label("Nom", exact=True)).to_have_count(0)
    expect(learner.locator("main")).to_contain_text("en attente de décision")
    assert_accessible(learner)

    page = new_page(bypass_csp=True)
    sign_in(page, live_server, "formateur@demo.test")
    page.get_by_role("link", name=re.compile("demande.? de correction d'identité")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Corrections d'identité à traiter")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Examiner la demande de Karine")).click()
    expect(page.locator("main")).to_contain_text("Cinquième-Lefort")
    assert_accessible(page)
    page.get_by_role("button", name="Refuser la demande").click()
    expect(page.get_by_role("alert")).to_contain_text("Indiquez le motif du refus")
    assert_accessible(page)
    page.get_by_role("button", name="Accepter et rééditer l'attestation").click()
    expect(page.locator("main")).to_contain_text("Correction acceptée")
    expect(page.locator("main")).to_contain_text("Aucune demande en attente")

    learner.goto(f"{live_server}/account/")
    expect(learner.locator("main")).to_contain_text("Cinquième-Lefort")
    expect(learner.locator("main")).to_contain_text("Demander une correction")
    learner.get_by_role("link", name="Demander une correction").click()
    expect(learner.get_by_label("Nom", exact=True)).to_have_value("Cinquième-Lefort")
    assert_accessible(learner)
