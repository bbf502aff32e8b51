"""htmx forms: errors and successes swap their section in place, and focus follows."""

import re

import pytest

from directory.identifiers import luhn_is_valid

from .helpers import FOCUS_IN, expect, sign_in

pytestmark = pytest.mark.browser

BAD_KEY = "691849591"  # the demo EJ's number with its last digit changed


def fresh_finess(payload: str = "69123456") -> str:
    """A Rhône FINESS number with a valid key, unused by the demo data."""
    return next(f"{payload}{d}" for d in range(10) if luhn_is_valid(f"{payload}{d}"))



def test_add_establishment_in_place(page, live_server):
    """Does the admin's EG form show its errors, then the new EG, without leaving the page?"""
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/structures")
    page.locator("#organisations-table tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/admin/structures/\d+$"))
    # A full page load would lose this marker: only a swap keeps it.
    page.evaluate("window.__noNavigation = true")
    section = page.locator("#establishments")

    section.get_by_label("Nom de l'établissement").fill("Foyer du Parc (fictif)")
    section.get_by_label("FINESS géographique").fill(BAD_KEY)
    section.get_by_role("button", name="Ajouter l'établissement").click()

    expect(section.get_by_role("alert")).to_contain_text("clé de contrôle")
    expect(section.get_by_label("Nom de l'établissement")).to_have_value("Foyer du Parc (fictif)")
    expect(section.get_by_label("FINESS géographique")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.__noNavigation") is True
    page.wait_for_function(FOCUS_IN, arg="#establishments")

    finess = fresh_finess()
    section.get_by_label("FINESS géographique").fill(finess)
    section.get_by_role("button", name="Ajouter l'établissement").click()

    expect(section.get_by_role("status")).to_contain_text("Foyer du Parc (fictif)")
    row = section.get_by_role("row").filter(has_text=finess)
    expect(row).to_contain_text("Foyer du Parc (fictif)")
    expect(section.get_by_role("alert")).to_have_count(0)
    assert page.evaluate("window.__noNavigation") is True
    page.wait_for_function(FOCUS_IN, arg="#establishments")
