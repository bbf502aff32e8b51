"""The GRADeS dashboard read on a phone and a laptop; the admin's audit log searched by name."""

import csv
import io
import re
from pathlib import Path

import pytest

from webapp.demo import PASSWORD

from .helpers import axe_violations, describe, expect, htmx_ready, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/region")
WIDTHS = (390, 1280)
# The page is wider than the screen when it scrolls sideways (tables scroll in their own box).
PAGE_SCROLL = "() => document.documentElement.scrollWidth - window.innerWidth"
# Every piece of text the charts and the list to chase show, with its size on screen.
SMALLEST_TEXT = """selector => {
  const sizes = [...document.querySelectorAll(selector)]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize)
              * (e.closest('svg') ? e.closest('svg').getBoundingClientRect().width
                 / e.closest('svg').viewBox.baseVal.width : 1));
  return {count: sizes.length, smallest: Math.min(...sizes)};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_region_dashboard_starts_with_what_to_do(new_page, live_server, width):
    """At 390 and 1,280 px: does the page open on « Structures à relancer », fit the screen
    without sideways scroll, write no chart text under 12 px, and pass axe?"""
    page = new_page(bypass_csp=True, viewport={"width": width, "height": 900})
    sign_in(page, live_server, "formateur@demo.test", PASSWORD)
    page.get_by_role("link", name="Ma région").first.click()
    headings = page.get_by_role("heading", level=2)
    expect(headings.first).to_have_text("Structures à relancer")
    first = page.locator("#liste-a-relancer > li").first
    expect(first.get_by_role("heading", level=3)).to_have_text("Centre de répit Savoie (fictif)")
    expect(first).to_contain_text("Habilitation à revoir (attestation révoquée)")
    expect(first).to_contain_text("Marc Montagne")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"region-{width}.png", full_page=True)
    assert page.evaluate(PAGE_SCROLL) <= 0
    text = page.evaluate(SMALLEST_TEXT, ".chart *, .to-chase *")
    assert text["count"] > 20 and text["smallest"] >= 12, text
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_admin_finds_a_persons_history_by_name(new_page, live_server):
    """Does the admin, typing a name in the audit log, get that person's history (including
    what others did to their attestation), and export it?"""
    page = new_page(bypass_csp=True, accept_downloads=True,
                    viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "admin@demo.test", PASSWORD)
    page.get_by_role("link", name="Journal d'audit").click()
    page.get_by_label("Personne (nom ou e-mail)").fill("Nadia Onzième")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"/admin/audit\?personne=Nadia(\+|%20)Onzi%C3%A8me"))
    table = page.locator("#audit-table")
    expect(table).to_contain_text("Attestation révoquée")
    expect(table).to_contain_text("Habilitation « Gestionnaire RPPS+ » accordée")
    expect(table).to_contain_text("gestionnaire11@demo.test")
    expect(table).not_to_contain_text("gestionnaire12@demo.test")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "audit-1280.png", full_page=True)
    with page.expect_download() as download:
        table.get_by_role("link", name="Exporter").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:2] == ["Date et heure (Paris)", "Événement"]
    assert {"attestation.revoked", "habilitation.granted"} <= {row[2] for row in rows[1:]}
    page.set_viewport_size({"width": 390, "height": 900})
    page.screenshot(path=SHOTS / "audit-390.png", full_page=True)
    assert page.evaluate(PAGE_SCROLL) <= 0
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_the_admin_filters_people_by_role_and_region(new_page, live_server):
    """Does choosing a role and a region narrow the people list at once (htmx), each with
    their roles and structures?"""
    page = new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "admin@demo.test", PASSWORD)
    page.get_by_role("link", name="Personnes", exact=True).click()
    htmx_ready(page, "form.audit-filters")
    page.get_by_label("Rôle").select_option(label="Représentant légal")
    expect(page).to_have_url(re.compile(r"role=legal_rep"))
    page.get_by_label("Région").select_option(label="Auvergne-Rhône-Alpes")
    table = page.locator("#people-table")
    expect(table).to_contain_text("Centrale Claire")
    expect(table).to_contain_text("Association Rhône Solidarités (fictif)")
    expect(table).not_to_contain_text("gestionnaire1@demo.test")
    expect(table.locator("tbody tr").first).to_contain_text("RL")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "people-1280.png", full_page=True)
