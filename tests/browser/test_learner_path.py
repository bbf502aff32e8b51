"""The whole path in Chromium, as a newcomer: only the primary action, from sign-in to the
downloaded attestation, through every lesson, every quiz, a failed exam and a pass."""

import re

import pytest

from tests.factories import PASSWORD, make_person
from tests.pdfs import pdf_text
from webapp.catalogue import courses, questions
from webapp.demo_learning import COURSE

from .helpers import axe_violations, describe, expect, fill_right_answer, sign_in

pytestmark = pytest.mark.browser

EMAIL = "nora.nouvelle@exemple.fr"
# A confirmation step before handing in an exam with unanswered questions, where it exists.
CONFIRM = "Rendre ma copie quand même"


@pytest.fixture
def newcomer(served, live_server):
    """A learner with nothing done, on a server whose reading minimum is off (factor 0): the
    test reads twenty lessons in seconds, which the minimum would rightly refuse."""
    app = served[0]
    factor = app.config["READING_MINIMUM_FACTOR"]
    app.config["READING_MINIMUM_FACTOR"] = 0
    with app.app_context(), app.test_request_context(method="POST"):
        make_person(EMAIL, first_name="Nora", last_name="Nouvelle")
    yield EMAIL
    app.config["READING_MINIMUM_FACTOR"] = factor


def answer_wrong(sections) -> None:
    """Answer the first single-choice question wrong (its key read from the bank)."""
    for section in sections.all():
        question = questions(COURSE)[section.get_attribute("id").removeprefix("question-")]
        if question.type == "single":
            wrong = next(o.id for o in question.options if o.id != question.answer)
            section.locator(f"#q-{question.id}-{wrong}").check()
            return


def test_a_newcomer_follows_the_primary_action_to_the_attestation(page, live_server, newcomer):
    """Does the primary action alone lead a newcomer through every lesson and quiz, a failed
    exam and a pass, to the downloaded attestation? The clicks are counted and printed."""
    course = courses()[COURSE]
    sign_in(page, live_server, newcomer, PASSWORD)
    clicks = {"n": 1}  # the sign-in

    def click(locator):
        locator.click()
        clicks["n"] += 1

    path_action = page.locator(".next-step__action")
    expect(path_action).to_have_text("Commencer la formation")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    click(path_action)

    for module in course.modules:
        for lesson in module.lessons:
            expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
            # The pager's next: the following lesson, or the module's quiz after its last one.
            click(page.locator(".pager").get_by_role(
                "button", name=re.compile(r"^(Suivante|Quiz du module)")))
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            f"Quiz du module {module.number}")
        click(page.get_by_role("button", name="Commencer le quiz"))
        sections = page.locator("section.question")
        expect(sections.first).to_be_visible()
        for number in range(sections.count()):
            section = page.locator("section.question").nth(number)
            fill_right_answer(section)
            click(section.get_by_role("button", name="Valider ma réponse"))
            expect(section.locator(".feedback")).to_contain_text("Bonne réponse.")
        result = page.locator("#quiz-result")
        expect(result).to_contain_text("Quiz réussi")
        if module.number == 1:
            violations = axe_violations(page)
            assert not violations, describe(violations)
        click(result.locator(".button:not(.button--secondary)"))  # the path's next step

    # The exam: a failed attempt (one wrong answer, the rest left blank), then a pass.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Examen final")
    click(page.get_by_role("button", name="Commencer l'examen"))
    sections = page.locator("section.question")
    expect(sections).to_have_count(20)
    answer_wrong(sections)
    click(page.get_by_role("button", name="Rendre ma copie"))
    # Unanswered questions: the page lists them and asks before grading.
    click(page.get_by_role("button", name=CONFIRM))
    expect(page.locator("#resultat")).to_contain_text("non réussie")
    click(page.get_by_role("button", name="Commencer l'examen"))
    expect(sections).to_have_count(20)
    for section in sections.all():
        fill_right_answer(section)
    click(page.get_by_role("button", name="Rendre ma copie"))

    # Passed: the attestation card is the first thing, in view without scrolling.
    card = page.locator(".attestation-card")
    expect(card).to_be_in_viewport()
    # Chromium shows the PDF (served inline): the response clicked for is the document.
    with page.expect_response(re.compile(r"/attestations/RPPSP-\d{4}-\d{6}\.pdf$")) as pdf:
        click(card.get_by_role("link", name=re.compile(r"^Télécharger (l'|mon )attestation")))
    assert pdf.value.ok and pdf.value.headers["content-type"] == "application/pdf"
    # Its bytes again through the browser's session (the viewer keeps the ones it showed).
    assert "Nora Nouvelle" in pdf_text(page.request.get(pdf.value.url).body())
    print(f"\nClics, de la connexion à l'attestation téléchargée : {clicks['n']}")
    # Back home, the path says what comes next: show the attestation to the RL.
    page.goto(f"{live_server}/")
    expect(page.locator(".next-step")).to_contain_text("représentant légal")

