"""A learner reads a module in Chromium: catalogue, lessons, progress, resume, accessibility."""

import re

import pytest

from .helpers import FOCUS_IN, axe_violations, describe, expect, fill_right_answer, sign_in

pytestmark = pytest.mark.browser


# Longer than any lesson's minimum reading time: the server's clock moves, the test never sleeps.
READING = 120


def test_walk_the_first_module(page, live_server, clock):
    """Can a learner walk module 1 from the catalogue to its last lesson, and resume later?"""
    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.get_by_role("link", name="Formation", exact=True).click()
    # The catalogue in place first: the home page has a « Commencer » link of its own.
    expect(page.get_by_role("heading", name="Formation", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("Commencer")).click()
    expect(page.get_by_role("button", name="J'ai lu cette leçon")).to_be_visible()

    # Too soon, the read is refused in place, saying when it will count, once.
    page.get_by_role("button", name="J'ai lu cette leçon").click()
    expect(page.locator("#read-status [role=alert]")).to_contain_text(
        "n'est pas encore comptée comme lue : elle le sera dans")
    expect(page.locator("#read-status [role=status]")).to_have_count(0)

    # First lesson, once read for its minimum time: mark it read with htmx, in place.
    clock.advance(READING)
    page.evaluate("window.__noNavigation = true")
    page.get_by_role("button", name="J'ai lu cette leçon").click()
    expect(page.locator("#read-status")).to_contain_text("Leçon lue")
    expect(page.locator("#lesson-toc .toc__done")).to_have_count(1)
    assert page.evaluate("window.__noNavigation") is True
    page.wait_for_function(FOCUS_IN, arg="#read-status")

    # The following lessons of the module, through "Leçon suivante".
    while True:
        page.locator("#read-status").get_by_role("link", name=re.compile("Leçon suivante")).click()
        expect(page.locator("#read-status")).to_contain_text("comptera comme lue dans")
        clock.advance(READING)
        page.get_by_role("button", name="J'ai lu cette leçon").click()
        status = page.locator("#read-status")
        expect(status).to_contain_text("Leçon lue")
        if "toutes les leçons sont lues" in status.inner_text():
            break
    expect(page.get_by_role("heading", name=re.compile("L'essentiel du module 1"))).to_be_visible()

    # The module quiz, answered right question by question, validates the module.
    page.get_by_role("link", name=re.compile("passer le quiz")).click()
    page.get_by_role("button", name="Commencer le quiz").click()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    for section in page.locator("section.question").all():
        fill_right_answer(section)
        section.get_by_role("button", name="Valider ma réponse").click()
        expect(section.locator(".feedback")).to_contain_text("Bonne réponse.")
    expect(page.locator("#quiz-result")).to_contain_text("Quiz réussi")
    # The last answer brings the result into view, with the focus, and the attempt just made
    # into « Vos tentatives ».
    page.wait_for_function(FOCUS_IN, arg="#quiz-result")
    expect(page.locator("#quiz-result .result")).to_be_in_viewport()
    expect(page.locator("#attempt-history tbody tr")).to_have_count(1)
    expect(page.locator("#attempt-history")).to_contain_text("réussi")

    # The course page shows module 1 done; resuming lands on module 2's first lesson.
    page.get_by_role("link", name="Formation", exact=True).click()
    page.get_by_role("link", name=re.compile("Reprendre")).click()
    expect(page.locator(".breadcrumb")).to_contain_text("Module 2")

    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_locked_module_explains_what_to_do(page, live_server):
    """Does a learner opening a locked module see why, and a way back?"""
    sign_in(page, live_server, "gestionnaire4@demo.test")
    page.goto(f"{live_server}/formation/devenir-gestionnaire/05-gerer-le-turn-over/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("pas encore ouvert")
    expect(page.get_by_role("link", name=re.compile("Reprendre"))).to_be_visible()


def test_presentation_mode_by_keyboard(page, live_server):
    """Can a trainer step through a module's slides with the arrow keys or the buttons on
    screen, with no frame around the slide and the keys told on the first one?"""
    sign_in(page, live_server, "formateur@demo.test")
    page.goto(f"{live_server}/formation/devenir-gestionnaire/01-comprendre-le-rpps/presentation")
    counter = page.locator("[data-slides-counter]")
    expect(counter).to_contain_text("Diapositive 1 sur")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(counter).to_contain_text("Diapositive 3 sur")
    assert page.locator(".slide:visible").count() == 1
    # No focus frame around the slide; projection-size type.
    slide = page.locator(".slide:visible")
    assert slide.evaluate("s => s === document.activeElement && getComputedStyle(s).outlineStyle")\
        == "none"
    assert float(slide.evaluate("s => getComputedStyle(s).fontSize").rstrip("px")) >= 20
    # On-screen controls, the focus kept (and visible) on them.
    following = page.get_by_role("button", name="Suivante →")
    following.click()
    expect(counter).to_contain_text("Diapositive 4 sur")
    page.get_by_role("button", name="← Précédente").focus()
    page.keyboard.press("Enter")
    expect(counter).to_contain_text("Diapositive 3 sur")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Home")
    expect(page.locator(".slides__keys")).to_contain_text("plein écran")
    violations = axe_violations(page)
    assert not violations, describe(violations)
