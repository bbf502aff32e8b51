"""The final exam in Chromium: a failed attempt with its review, then a pass."""

import re

import pytest

from .helpers import axe_violations, describe, expect, fill_right_answer, sign_in

pytestmark = pytest.mark.browser


def test_fail_then_pass_the_final_exam(page, live_server):
    """Can a learner fail the exam once, read the review and the score, then pass it?"""
    sign_in(page, live_server, "gestionnaire2@demo.test")  # every module done (demo data)
    page.goto(f"{live_server}/formation/devenir-gestionnaire/")
    page.get_by_role("link", name="Examen final", exact=True).click()
    page.get_by_role("button", name="Commencer l'examen").click()
    questions = page.locator("section.question")
    expect(questions).to_have_count(20)
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # First attempt: one right answer only, saved as we go; the rest left blank.
    fill_right_answer(questions.first)
    expect(page.locator("#save-status")).to_contain_text("1 réponse(s) sur 20")
    page.get_by_role("button", name="Rendre ma copie").click()
    result = page.locator("#resultat")
    expect(result).to_contain_text("1 / 20")
    expect(result).to_contain_text("non réussie")
    expect(result).to_contain_text("Modules à revoir")
    expect(result.locator(".review__item")).to_have_count(20)

    # Second attempt: every answer right.
    page.get_by_role("button", name="Commencer l'examen").click()
    expect(questions).to_have_count(20)  # .all() below does not wait for the new page
    for section in questions.all():
        fill_right_answer(section)
    page.get_by_role("button", name="Rendre ma copie").click()
    expect(page.locator("#resultat")).to_contain_text(re.compile(r"20 / 20 .* réussie"))
    expect(page.get_by_text("Vous avez réussi l'examen final.")).to_be_visible()
