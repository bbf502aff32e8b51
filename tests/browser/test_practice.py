"""The registration simulator in Chromium: two cases played through, the role finder, the sheet.

Screenshots go to /tmp/simulator/ (390 and 1280 px) for a person to look at.
"""

import re
from pathlib import Path

import pytest

from tests.pdfs import pdf_text

from .helpers import FOCUS_IN, OVERFLOW, axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/simulator")


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def assert_fits(page):
    assert not page.evaluate(OVERFLOW), f"{page.url} plus large que l'écran"


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def verify(page):
    page.get_by_role("button", name="Vérifier cette étape").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bilan")


def continue_to(page, number):
    page.get_by_role("link", name=f"Continuer : étape {number}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Étape {number}")


def test_two_cases_played_end_to_end_and_the_sheet_downloaded(page, live_server):
    """Can a learner fix a shared phone and a wrong role after feedback, go back without losing
    anything, finish; then see that not registering is right; and download the sheet?"""
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "gestionnaire1@demo.test")
    expect(page.locator("#practice-home-title")).to_be_visible()
    page.get_by_role("link", name="Voir les cas et ceux que vous avez faits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("S'entraîner à enregistrer")
    expect(page.locator("main")).to_contain_text("0 cas terminé sur 13")
    expect(page.locator(".simulation-notice")).to_contain_text("rien n'est envoyé")
    assert_accessible(page)
    shot(page, "index-1280")

    # Case 1: the team's phone, then a wrong role, both fixed after their feedback.
    page.locator(".case-card", has_text="Un téléphone de service partagé").get_by_role(
        "button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avant de commencer")
    page.get_by_label("Créer un nouvel enregistrement").check()
    verify(page)
    expect(page.get_by_role("status")).to_contain_text("Rien à corriger")
    continue_to(page, 1)
    page.get_by_label("Monsieur").check()
    page.get_by_label("Masculin").check()
    page.get_by_label("Nom de naissance", exact=True).fill("Dupuis")
    page.get_by_label("Prénoms", exact=True).fill("Jérôme Paul")
    page.get_by_label("Date de naissance").fill("1990-06-21")
    page.get_by_label("Pays de naissance").fill("France")
    page.get_by_label("Commune de naissance").fill("Bayeux")
    assert_accessible(page)
    shot(page, "step1-1280")
    verify(page)
    continue_to(page, 2)
    page.get_by_label("Mail").fill("jerome.dupuis@foyer-les-saules.fictif")
    page.get_by_label("Téléphone mobile").fill("06 80 11 22 33")
    verify(page)
    expect(page.get_by_role("status")).to_contain_text("1 champ à corriger")
    expect(page.locator(".verdict--wrong")).to_contain_text("équipe de nuit — refusé")
    assert_accessible(page)
    shot(page, "feedback-phone-1280")
    page.get_by_role("link", name="Corriger cette étape").click()
    expect(page.get_by_label("Téléphone mobile")).to_have_value("06 80 11 22 33")
    page.get_by_label("Téléphone mobile").fill("06 45 78 12 90")
    verify(page)
    expect(page.get_by_role("status")).to_contain_text("Rien à corriger")
    continue_to(page, 3)
    expect(page.get_by_role("link", name=re.compile("Quel rôle RPPS\\+"))).to_have_attribute(
        "href", "/entrainement/quel-role")
    page.get_by_role("textbox", name="Nom d'exercice", exact=True).fill("Dupuis")
    page.get_by_label("Prénom d'exercice").fill("Jérôme")
    page.get_by_label("Établissement (EG)").fill("140555012")
    page.get_by_label("Date de prise de fonction").fill("2026-01-05")
    page.get_by_label("Profession").fill("Accompagnant éducatif et social")
    page.get_by_label("Rôle RPPS+").select_option("GENR11")
    page.get_by_label("Salarié").check()
    verify(page)
    expect(page.locator(".verdict--wrong")).to_contain_text("L'AES n'est pas dans les exemples")
    page.get_by_role("link", name="Corriger cette étape").click()
    page.get_by_label("Rôle RPPS+").select_option("GENR10")
    verify(page)
    expect(page.get_by_role("status")).to_contain_text("Rien à corriger")
    continue_to(page, 4)
    # « Revenir à l'étape précédente »: step 3 as it was left.
    page.get_by_label("Je confirme l'exactitude").check()
    page.get_by_role("button", name="Revenir à l'étape précédente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Étape 3")
    expect(page.get_by_label("Rôle RPPS+")).to_have_value("GENR10")
    expect(page.get_by_role("textbox", name="Nom d'exercice", exact=True)).to_have_value("Dupuis")
    verify(page)
    continue_to(page, 4)
    expect(page.get_by_label("Je confirme l'exactitude")).to_be_checked()
    page.get_by_label("Je confirme que j'ai rencontré").check()
    assert_accessible(page)
    verify(page)
    page.get_by_role("button", name="Terminer le cas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Résultat")
    expect(page.get_by_role("status")).to_contain_text(
        "7 champs justes sur 7, dont 2 corrigés après le bilan")
    expect(page.get_by_role("button", name="Recommencer ce cas")).to_be_visible()
    assert_accessible(page)
    shot(page, "result-1280")

    # Case 2: already registered by the Ordre: the right move is not to register.
    page.get_by_role("link", name="Choisir un autre cas").click()
    page.locator(".case-card", has_text="déjà inscrite par son Ordre").get_by_role(
        "button").click()
    page.get_by_label("Créer un nouvel enregistrement").check()
    verify(page)
    expect(page.locator(".verdict--wrong")).to_contain_text("Annuaire Santé")
    page.get_by_role("link", name="Corriger cette étape").click()
    page.get_by_label("Ne pas enregistrer cette personne").check()
    verify(page)
    expect(page.get_by_role("status")).to_contain_text("Rien à corriger")
    page.get_by_role("button", name="Terminer le cas").click()
    expect(page.get_by_role("status")).to_contain_text("1 champ juste sur 1")
    page.get_by_role("link", name="Choisir un autre cas").click()
    expect(page.locator("main")).to_contain_text("2 cas terminés sur 13")

    # The sheet, blank and prefilled for one of gestionnaire1's EG.
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la fiche de recueil (PDF, vierge)").click()
    sheet = pdf_text(Path(download.value.path()).read_bytes())
    assert "Fiche de recueil" in sheet and "Commune de naissance" in sheet
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Fiche de recueil pour")).first.click()
    assert "FINESS" in pdf_text(Path(download.value.path()).read_bytes())


def test_the_role_finder_and_the_pages_at_phone_width(new_page, live_server):
    """At 390 px, do a step, its feedback, and the role finder fit, pass axe, and answer?"""
    page = new_page(bypass_csp=True, viewport={"width": 390, "height": 800})
    sign_in(page, live_server, "gestionnaire2@demo.test")
    page.goto(f"{live_server}/formation/devenir-gestionnaire/04-enregistrer-les-professionnels/")
    links = page.locator("#practice-links-title").locator("..")
    expect(links.get_by_role("link", name=re.compile("fiche de recueil"))).to_be_visible()
    links.get_by_role("link", name=re.compile("^S'entraîner à enregistrer")).click()
    assert_fits(page)
    shot(page, "index-390")
    page.locator(".case-card", has_text="plusieurs établissements").get_by_role(
        "button").click()
    page.get_by_label("Créer un nouvel enregistrement").check()
    verify(page)
    # The step's result at the top of the screen with its way onward, not its first line at
    # the bottom edge.
    result = page.locator(".practice-status")
    expect(result).to_be_focused()
    assert result.bounding_box()["y"] < 800 / 2
    expect(page.get_by_role("link", name="Continuer : étape 1")).to_be_in_viewport()
    continue_to(page, 1)
    page.goto(page.url.replace("/etape/1", "/etape/3"))
    page.get_by_label("Établissement (EG)").fill("690123468")  # the EJ, not the EG
    page.get_by_label("Date de prise de fonction").fill("2026-10-01")
    # Refused (too long): the error comes back in place, focused, nothing typed lost.
    page.get_by_label("Profession").fill("Éducatrice " * 25)
    page.get_by_role("button", name="Vérifier cette étape").click()
    expect(page.get_by_role("alert")).to_contain_text("200 caractères au plus")
    page.wait_for_function(FOCUS_IN, arg=".error-summary")
    expect(page.get_by_label("Établissement (EG)")).to_have_value("690123468")
    assert_fits(page)
    assert_accessible(page)
    shot(page, "step3-error-390")
    page.get_by_label("Profession").fill("Éducatrice de jeunes enfants")
    verify(page)
    expect(page.locator(".verdict--wrong").first).to_contain_text("FINESS juridique")
    assert_fits(page)
    assert_accessible(page)
    shot(page, "feedback-390")

    page.goto(f"{live_server}/entrainement/quel-role")
    page.get_by_label("Métier ou fonction").select_option("Secrétariat")
    page.get_by_role("button", name="Trouver le rôle").click()
    expect(page.locator(".finder-result")).to_contain_text("(GENR09)")
    expect(page.locator(".finder-result")).to_contain_text("n'est pas encore possible")
    assert_fits(page)
    assert_accessible(page)
    shot(page, "finder-390")
    page.get_by_label("Oui").first.check()
    page.get_by_label("d'accompagnement au soin").check()
    page.get_by_role("button", name="Voir le ou les rôles").click()
    expect(page.locator(".finder-result h3")).to_have_count(2)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "finder-1280")
