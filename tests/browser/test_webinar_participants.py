"""The trainer's participants and attendance in Chromium: a person of the region added by a
search, a Teams attendance report (French, UTF-16) imported, the sign-in sheet downloaded with
its signature column; the pages fit 390 and 1,280 px and axe finds nothing serious."""

import re
import subprocess
from pathlib import Path

import pytest

from .helpers import OVERFLOW, axe_violations, describe, expect, htmx_ready, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/trainer")
UPCOMING = "Désigner et habiliter ses gestionnaires RPPS+"
PAST = "Comprendre le RPPS+ et choisir sa contractualisation"
TEAMS_REPORT = "\r\n".join([
    "1. Résumé", f"Titre de la réunion\t{PAST}", "Participants\t4",
    "Heure de début\t10/12/2026 10:00:00", "Durée de la réunion\t1 h 2 min", "",
    "2. Participants",
    "Nom\tPremière arrivée\tDernier départ\tDurée de la réunion\tE-mail\t"
    "ID de participant (UPN)\tRôle",
    "Karine Cinquième\t10/12/2026 10:01\t10/12/2026 11:01\t59 min 50 s\t"
    "gestionnaire5@demo.test\tgestionnaire5@demo.test\tParticipant",
    "Louis Sixième\t10/12/2026 10:40\t10/12/2026 10:52\t12 min 4 s\tgestionnaire6@demo.test\t"
    "gestionnaire6@demo.test\tParticipant",
    "Jules Quatrième (Invité)\t10/12/2026 10:00\t10/12/2026 11:02\t1 h 02 min\t\t\tParticipant",
    "Personne Externe\t10/12/2026 10:00\t10/12/2026 10:30\t30 min\tinconnu@exemple.org\t\t"
    "Participant", "", "3. Activités de réunion",
]).encode("utf-16")


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def fits(page, name):
    """No page scroll at 390 and 1,280 px; a screenshot of each to look at."""
    SHOTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(OVERFLOW) == "", f"{name} at {width} px"
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)


def test_the_trainer_adds_a_participant_imports_teams_and_downloads_the_sheet(
        new_page, live_server, tmp_path):
    page = new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "formateur@demo.test")
    page.goto(f"{live_server}/webinaires/")
    page.get_by_role("link", name=UPCOMING).first.click()
    page.get_by_role("link", name="Gérer les participants").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Participants")

    htmx_ready(page, "form[role=search]")  # typed before htmx listens, it would go unseen
    page.get_by_label("Nom, prénom ou adresse e-mail").fill("cinqui")
    add = page.get_by_role("button", name=re.compile("^Inscrire Karine"))
    expect(add).to_be_visible()  # found by htmx as the trainer types
    assert_accessible(page)
    fits(page, "participants-search")
    add.click()
    expect(page.locator("main")).to_contain_text("est inscrit(e) et a une place")
    expect(page.get_by_role("table")).to_contain_text("gestionnaire5@demo.test")

    page.get_by_role("link", name="Émargement", exact=True).click()
    # Days before the session: nobody can be marked present, and the page says from when.
    expect(page.locator("main")).to_contain_text("les présences se marquent à partir du")
    expect(page.get_by_role("button", name=re.compile("^Marquer présent"))).to_have_count(0)
    expect(page.get_by_role("button", name="Importer le rapport")).to_have_count(0)
    assert_accessible(page)
    fits(page, "attendance-upcoming")

    page.goto(f"{live_server}/webinaires/")
    page.get_by_role("link", name=PAST).first.click()
    page.get_by_role("link", name="Émargement des participants").click()
    report = tmp_path / "Rapport de présence.csv"
    report.write_bytes(TEAMS_REPORT)
    page.get_by_label(re.compile("^Rapport de présence de la visio")).set_input_files(report)
    page.get_by_role("button", name="Importer le rapport").click()
    main = page.locator("main")
    expect(main).to_contain_text("Import Microsoft Teams enregistré")
    expect(main).to_contain_text("4 lignes, 3 personnes inscrites retrouvées, dont 2 présentes")
    expect(main).to_contain_text("inconnu@exemple.org")
    row = page.get_by_role("row", name=re.compile("Quatrième Jules"))
    expect(row).to_contain_text("présent (import visio, 62 min)")  # the guest, by name
    expect(page.get_by_role("row", name=re.compile("Sixième Louis"))).to_contain_text(
        "import visio, 12 min")
    assert_accessible(page)
    fits(page, "attendance")

    href = page.get_by_role("link", name="Feuille d'émargement (PDF)").get_attribute("href")
    sheet = page.request.get(live_server + href)
    assert sheet.ok and sheet.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "feuille.pdf"
    pdf.write_bytes(sheet.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    (SHOTS / "sheet.txt").write_text(text)
    assert "SIGNATURE" in text.upper() and "Cinquième Karine" in text
    assert "import visio" in text


def test_the_past_demo_webinar_shows_its_import_and_the_excused(new_page, live_server):
    """The demo's past webinar: the Teams import's report and « excusé(e) » on its attendance
    page; its page with the trainer's tools; the copy form. Each fits, axe finds nothing."""
    page = new_page(bypass_csp=True, viewport={"width": 1280, "height": 900})
    sign_in(page, live_server, "formateur@demo.test")
    page.goto(f"{live_server}/webinaires/")
    page.get_by_role("link", name="Comprendre le RPPS+ et choisir sa contractualisation").click()
    expect(page.locator("main")).to_contain_text("Ce webinaire a eu lieu.")
    expect(page.get_by_role("button", name="Marquer comme terminé")).to_have_count(0)
    assert_accessible(page)
    fits(page, "past-webinar")
    page.get_by_role("link", name="Émargement des participants").click()
    main = page.locator("main")
    expect(main).to_contain_text("Dernier import (Microsoft Teams)")
    expect(main).to_contain_text("Marc Externe (Invité)")
    expect(page.get_by_role("row", name=re.compile("Quatrième Jules"))).to_contain_text(
        "excusé(e)")
    expect(page.get_by_role("row", name=re.compile("Sixième Louis"))).to_contain_text(
        "absent (import visio, 22 min)")
    assert_accessible(page)
    fits(page, "past-attendance")
    page.goto(page.url.replace("/emargement", "/dupliquer"))
    expect(page.get_by_label("Titre")).to_have_value(
        "Comprendre le RPPS+ et choisir sa contractualisation")
    expect(page.get_by_label("Date")).to_have_value("")
    assert_accessible(page)
    fits(page, "duplicate")
