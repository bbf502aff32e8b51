"""Webinars in Chromium: a trainer creates and publishes one, a learner registers in one click.

Each flow is a function of its own (attendance, the sign-in sheet and the survey come in
functions of their own too).
"""

import re
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from webapp.timekeeping import PARIS

from .helpers import FOCUS_IN, axe_violations, describe, expect, sign_in

pytestmark = pytest.mark.browser

TITLE = "Webinaire navigateur : désigner ses gestionnaires"


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def session_day() -> date:
    return (datetime.now(PARIS) + timedelta(days=10)).date()


def create_and_publish(page, live_server) -> str:
    """As the trainer: the form refused once, then a draft, then published; the page's URL."""
    sign_in(page, live_server, "formateur@demo.test")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Webinaires").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webinaires")
    assert_accessible(page)
    page.get_by_role("link", name="Créer un webinaire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau webinaire")

    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Description (facultative)").fill(
        "Au programme :\n\n- le **rôle du RL**\n- les habilitations\n\n<b>sans HTML</b>")
    page.get_by_label("Date").fill(session_day().isoformat())
    page.get_by_label("Heure de début").fill("14:30")
    page.get_by_label("Durée, en minutes").fill("90")
    page.get_by_label("Nombre de places").fill("0")
    page.get_by_role("radio", name="Gestionnaires RPPS+").check()
    page.get_by_label("Lien de la visio").fill("http://visio.exemple.fr/salle")
    page.get_by_label("Module 3 : Désigner les gestionnaires RPPS+").check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Il faut au moins 1 place.")
    expect(summary).to_contain_text("https://")
    expect(page.get_by_label("Nombre de places")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Lien de la visio")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Titre")).to_have_value(TITLE)
    expect(page.get_by_label("Module 3 : Désigner les gestionnaires RPPS+")).to_be_checked()
    page.wait_for_function(FOCUS_IN, arg=".error-summary")
    assert_accessible(page)

    page.get_by_label("Nombre de places").fill("30")
    page.get_by_label("Lien de la visio").fill("https://visio.exemple.fr/salle")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Brouillon")
    page.get_by_role("button", name="Publier le webinaire").click()
    expect(page.get_by_text("Webinaire publié")).to_be_visible()
    expect(page.locator("main")).to_contain_text("rôle du RL")
    expect(page.locator("main")).to_contain_text("<b>sans HTML</b>")
    assert_accessible(page)
    return page.url


def test_a_trainer_publishes_a_webinar_and_a_learner_registers(new_page, live_server):
    """Can a trainer create (after a refusal), and publish a webinar, and a learner of the
    region register in one click, the button swapping in place with focus on the outcome,
    then download an invitation at the Paris time of the session?"""
    trainer = new_page(bypass_csp=True)
    webinar_url = create_and_publish(trainer, live_server)
    webinar_id = webinar_url.rstrip("/").rsplit("/", 1)[-1]

    page = new_page(bypass_csp=True)
    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Webinaires").click()
    card = page.locator("article").filter(has_text=TITLE)
    expect(card).to_contain_text("30 places disponibles sur 30")
    assert_accessible(page)

    # A swap keeps this marker; a full page load would lose it.
    page.evaluate("window.__noNavigation = true")
    card.get_by_role("button", name=re.compile("^M'inscrire")).click()
    expect(card).to_contain_text("Vous êtes inscrit(e)")
    assert page.evaluate("window.__noNavigation") is True
    page.wait_for_function(FOCUS_IN, arg=f"#inscription-{webinar_id}")
    invitation = card.get_by_role("link", name=re.compile("Ajouter à mon agenda"))
    expect(invitation).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("Me désinscrire"))).to_be_visible()

    card.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Vous êtes inscrit(e)")
    expect(page.locator("main")).to_contain_text("15 minutes avant le début")
    expect(page.locator("main")).not_to_contain_text("visio.exemple.fr")
    assert_accessible(page)

    href = page.get_by_role("link", name=re.compile("Ajouter à mon agenda")).get_attribute(
        "href")
    response = page.request.get(live_server + href)
    assert response.status == 200 and response.headers["content-type"].startswith(
        "text/calendar")
    (event,) = Calendar.from_ical(response.body()).walk("VEVENT")
    start = event.decoded("dtstart").astimezone(PARIS)
    assert (start.date(), start.hour, start.minute) == (session_day(), 14, 30)


def test_a_learner_checks_in_and_the_trainer_downloads_the_sign_in_sheet(new_page, live_server):
    """A webinar starting in ten minutes: can a registered learner check in with the code the
    trainer shows, and does the trainer's sign-in sheet (PDF, read back) say so?"""
    from tests.pdfs import pdf_text

    start = datetime.now(PARIS) + timedelta(minutes=10)
    trainer = new_page(bypass_csp=True)
    sign_in(trainer, live_server, "formateur@demo.test")
    trainer.goto(f"{live_server}/webinaires/nouveau")
    trainer.get_by_label("Titre").fill("Session du jour : émargement")
    trainer.get_by_label("Date").fill(start.date().isoformat())
    trainer.get_by_label("Heure de début").fill(start.strftime("%H:%M"))
    trainer.get_by_label("Durée, en minutes").fill("60")
    trainer.get_by_label("Nombre de places").fill("10")
    trainer.get_by_role("radio", name="Tous les publics").check()
    trainer.get_by_label("Lien de la visio").fill("https://visio.exemple.fr/jour")
    trainer.get_by_role("button", name="Enregistrer le brouillon").click()
    trainer.get_by_role("button", name="Publier le webinaire").click()
    expect(trainer.get_by_text("Webinaire publié")).to_be_visible()
    webinar_url = trainer.url

    learner = new_page(bypass_csp=True)
    sign_in(learner, live_server, "gestionnaire4@demo.test")
    learner.goto(webinar_url)
    learner.get_by_role("button", name=re.compile("^M'inscrire")).click()
    expect(learner.locator("main")).to_contain_text("Vous êtes inscrit(e)")
    learner.reload()
    expect(learner.locator("main")).to_contain_text("visio.exemple.fr/jour")  # 15 min before

    trainer.get_by_role("link", name="Émargement des participants").click()
    code = trainer.locator(".checkin-code strong").inner_text()
    assert_accessible(trainer)

    learner.get_by_role("link", name="Signaler ma présence").click()
    learner.get_by_label("Code de présence").fill("nimporte")
    learner.get_by_role("button", name="Je suis présent(e)").click()
    expect(learner.get_by_role("alert")).to_be_visible()
    learner.get_by_label("Code de présence").fill(code.lower())
    learner.get_by_role("button", name="Je suis présent(e)").click()
    # Checked in ten minutes before the start: the attestation waits for the start itself.
    expect(learner.locator("main")).to_contain_text("Votre présence est enregistrée")
    expect(learner.locator("main")).to_contain_text(
        "Votre attestation de présence pourra être téléchargée ici dès le début du webinaire")
    expect(learner.get_by_role("link", name=re.compile("attestation de présence"))).to_have_count(0)
    assert_accessible(learner)

    trainer.reload()
    expect(trainer.locator("main")).to_contain_text("Quatrième Jules")
    href = trainer.get_by_role("link", name="Feuille d'émargement (PDF)").get_attribute("href")
    sheet = trainer.request.get(live_server + href)
    assert sheet.ok and sheet.headers["content-type"] == "application/pdf"
    text = pdf_text(sheet.body())
    assert "Session du jour" in text and "Quatrième Jules" in text and "émargé" in text
