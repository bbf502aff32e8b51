"""The outbox pages, as an admin and a GRADeS trainer use them."""

import pytest

from .helpers import axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser


def test_admin_filters_the_outbox(page, live_server):
    """Does choosing a state filter the table in place, and is the page accessible?"""
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/outbox")
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mails envoyés")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_label("État").select_option("failed")
    expect(page).to_have_url(f"{live_server}/admin/outbox?etat=failed&q=")
    expect(page.locator("#outbox-table")).to_contain_text("Aucun e-mail ne correspond")


def test_trainer_reads_the_regions_undelivered_attestation_emails(page, live_server):
    """Does the region's menu lead to the list of undelivered attestation e-mails?"""
    sign_in(page, live_server, "formateur@demo.test")
    page.goto(f"{live_server}/region/")
    page.get_by_role("link", name="E-mails d'attestation non remis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("E-mails d'attestation non remis")
    violations = axe_violations(page)
    assert not violations, describe(violations)
