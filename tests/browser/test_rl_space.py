"""The RL's space in Chromium: the roster, a refused habilitation, a granted one, a departure."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from .helpers import FOCUS_IN, axe_violations, describe, expect, htmx_ready, sign_in

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_an_rl_is_refused_then_grants_and_records_a_departure(page, live_server):
    """Can an RL filter the roster, be refused a habilitation (with what is missing), grant
    one to a trained gestionnaire, and record a departure, then undo it?"""
    sign_in(page, live_server, "rl.centralise@demo.test")
    expect(page.locator(".checklist-panel").first).to_contain_text("étape")
    page.get_by_role("link", name=re.compile("^Qui est formé")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personnes et formation")
    assert_accessible(page)

    # Filter with htmx: the table changes, the URL says so.
    page.get_by_label("Où en sont-ils").select_option("habilite")
    expect(page).to_have_url(re.compile(r"etat=habilite"))
    roster = page.locator("#roster")
    expect(roster).to_contain_text("Troisième Inès")  # habilitated in the demo data
    expect(roster).not_to_contain_text("Premier Gaëlle")
    page.get_by_label("Où en sont-ils").select_option("")
    page.get_by_label("Rechercher (nom ou e-mail)").fill("premier")
    expect(page).to_have_url(re.compile(r"q=premier"))
    expect(roster).not_to_contain_text("Troisième Inès")
    expect(roster).to_contain_text("Premier Gaëlle")

    # Not possible yet: Gaëlle has not done the e-learning; the button says why.
    roster.get_by_role("link", name="Premier Gaëlle").click()
    button = page.get_by_role("button", name=re.compile("Enregistrer l'habilitation"))
    expect(button).to_be_disabled()
    expect(button).to_have_accessible_description(
        re.compile("Gaëlle Premier n'a pas encore réussi l'e-learning"))
    expect(page.locator("main")).to_contain_text("examen final à réussir")
    assert_accessible(page)

    # Inès passed the exam: her habilitation (the demo's) is withdrawn, then granted again.
    page.goto(f"{live_server}/structures/")
    page.get_by_role("link", name=re.compile("Association Rhône")).first.click()
    page.get_by_role("link", name=re.compile("^Qui est formé")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personnes et formation")
    # Enter, as a keyboard user does: typed in the instant htmx swaps the page in, the live
    # search could miss the keystrokes (seen once in CI); the form's submission cannot.
    search = page.get_by_label("Rechercher (nom ou e-mail)")
    search.fill("troisième")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=troisi"))
    expect(page.locator("#roster")).not_to_contain_text("Premier Gaëlle")
    page.locator("#roster").get_by_role("link", name="Troisième Inès").click()
    page.get_by_label("Motif du retrait").fill("Vérification de la procédure")
    page.get_by_role("button", name="Retirer l'habilitation").click()
    expect(page.get_by_text("Habilitation retirée.")).to_be_visible()
    page.get_by_role("button", name=re.compile("Enregistrer l'habilitation")).click()
    expect(page.get_by_text(re.compile("Habilitation « Gestionnaire RPPS\\+ » enregistrée"))
           ).to_be_visible()
    expect(page.locator("main")).to_contain_text("accordée par Claire Centrale")

    # A departure in a month, then undone.
    leaving = date.today() + timedelta(days=30)
    page.get_by_label("Date de départ").fill(leaving.isoformat())
    page.get_by_role("button", name="Enregistrer un départ").click()
    expect(page.get_by_text(re.compile(r"Départ prévu le"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Annuler ce départ").click()
    expect(page.get_by_text("Départ annulé.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Départ annulé")  # in the history too


SHOTS = Path("/tmp/rl")


def no_page_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_rl_reminds_those_not_started_and_habilitates_two_at_once(page, live_server):
    """From the to-do list, can the RL find the people not started and remind them, then
    record two habilitations in one click; does the roster fit 1,280 and 390 px?"""
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "rl.centralise@demo.test")
    page.get_by_role("link", name=re.compile("Association Rhône")).first.click()
    page.get_by_role("link", name="Voir les personnes qui n'ont pas commencé").click()
    expect(page).to_have_url(re.compile(r"etat=non-commence"))
    roster = page.locator("#roster")
    expect(roster).to_contain_text("Premier Gaëlle")
    expect(roster).to_contain_text("Huitième Nora")  # reminded last week: due again
    expect(roster).not_to_contain_text("Troisième Inès")
    assert no_page_scroll(page)
    page.screenshot(path=str(SHOTS / "browser-roster-1280.png"), full_page=True)
    assert_accessible(page)

    page.get_by_label("Sélectionner Gaëlle Premier").check()
    page.get_by_label("Sélectionner Nora Huitième").check()
    page.get_by_role("button", name="Relancer par e-mail").click()
    expect(page.get_by_text(re.compile("Relance envoyée à 2 personnes"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"etat=non-commence"))  # the filter is kept
    gaelle = page.locator("#roster tr").filter(has_text="Premier Gaëlle")
    expect(gaelle).to_contain_text("Relancé(e) le")
    # A second click the same week sends nothing more, and says so.
    page.get_by_label("Sélectionner Gaëlle Premier").check()
    page.get_by_role("button", name="Relancer par e-mail").click()
    expect(page.get_by_text(re.compile("déjà été relancé"))).to_be_visible()

    # Chosen once htmx listens: the change alone updates the list (choosing, then clicking
    # « Afficher », made two updates race, and a box ticked in the first was lost).
    htmx_ready(page, "form.search")
    page.get_by_label("Où en sont-ils").select_option("forme")
    expect(page).to_have_url(re.compile(r"etat=forme"))
    expect(roster).to_contain_text("Cinquième Karine")
    page.get_by_label("Sélectionner Karine Cinquième").check()
    page.get_by_label("Sélectionner Paule Dixième").check()
    page.get_by_role("button", name="Enregistrer leur habilitation").click()
    expect(page.get_by_text(re.compile(
        "Habilitation « Gestionnaire RPPS\\+ » enregistrée pour 2 personnes"))).to_be_visible()
    expect(page.locator("#roster")).to_contain_text("Aucune personne ne correspond")
    htmx_ready(page, "form.search")
    page.get_by_label("Où en sont-ils").select_option("habilite")
    expect(page.locator("#roster tr").filter(has_text="Dixième Paule")).to_contain_text(
        "Habilité(e)")

    htmx_ready(page, "form.search")
    page.get_by_label("Où en sont-ils").select_option("")
    expect(page).to_have_url(re.compile(r"etat=&"))
    assert no_page_scroll(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_page_scroll(page)
    expect(page.locator("#roster tr").filter(has_text="Septième Marc")).to_contain_text(
        "Attestation révoquée : habilitation à revoir")
    page.screenshot(path=str(SHOTS / "browser-roster-390.png"), full_page=True)
    assert_accessible(page)


def test_ticking_a_step_keeps_the_place_on_a_phone(new_page, live_server):
    """On a phone, does « Marquer comme fait » leave the RL where they were, the list swapped
    in place and a confirmation by the item holding the focus (no reload to the top)?"""
    page = new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "rl.decentralise@demo.test")
    page.goto(f"{live_server}/structures/2")
    panel = page.locator(".checklist-panel").first
    htmx_ready(page, ".checklist-panel form[data-hx-post]")
    page.evaluate("window.__noNavigation = true")
    button = panel.get_by_role("button", name=re.compile("^Marquer comme fait")).last
    item = button.locator("xpath=ancestor::li[contains(@class, 'checklist__item')]")
    item_id = item.get_attribute("id")
    button.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    assert before > 500
    button.click()
    confirmation = page.locator(f"#{item_id} [role=status]")
    expect(confirmation).to_contain_text("C'est noté : fait")
    page.wait_for_function(FOCUS_IN, arg=f"#{item_id}")
    assert page.evaluate("window.__noNavigation") is True
    assert abs(page.evaluate("scrollY") - before) < 400
    # Back as it was, for the other tests of the served demo.
    page.locator(f"#{item_id}").get_by_role("button", name=re.compile("^Marquer à faire")).click()
    expect(page.locator(f"#{item_id} [role=status]")).to_contain_text("remis à faire")
