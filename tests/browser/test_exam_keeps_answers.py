"""The exam in Chromium: a lost session loses no answer, handing in asks about unanswered
questions, ordering is done with the keyboard, and the page holds at 390 px."""

import re
import time
from pathlib import Path

import pytest

from webapp.catalogue import banks, questions
from webapp.demo import PASSWORD
from webapp.demo_learning import COURSE
from webapp.extensions import db
from webapp.models import QuizAttempt, User

from .helpers import axe_violations, describe, expect, fill_right_answer, put_in_order, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/exam")
LEARNER = "gestionnaire2@demo.test"  # every module done: the exam is open (demo data)


def start_exam(page, base_url):
    """Sign in as the demo learner ready for the exam and start it."""
    sign_in(page, base_url, LEARNER)
    page.goto(f"{base_url}/formation/{COURSE}/examen")
    page.get_by_role("button", name="Commencer l'examen").click()
    expect(page.locator("section.question")).to_have_count(20)
    return page.locator("section.question")


def open_attempt(served):
    """The learner's exam attempt in progress, read from the live server's database."""
    app = served[0]
    with app.app_context():
        person = db.session.scalar(db.select(User).filter_by(email=LEARNER))
        attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
            user_id=person.id, kind="exam", submitted_at=None))
        db.session.expunge(attempt)
        return attempt


def saved_answers(served) -> dict:
    return open_attempt(served).answers


def expect_saved(served, check, seconds: float = 5) -> None:
    """Wait for the saves in flight (htmx queues them) until the stored answers pass `check`."""
    deadline = time.monotonic() + seconds
    while not check(answers := saved_answers(served)):
        assert time.monotonic() < deadline, answers
        time.sleep(0.1)


def test_a_lost_session_keeps_the_answers_and_resends_them(page, live_server, served):
    """With the session gone mid-exam, does the bar say so at once, the page keep every answer,
    and, once signed in again in a new tab, are the unsent answers sent and saved?"""
    questions_ = start_exam(page, live_server)
    status = page.locator("#save-status")
    fill_right_answer(questions_.nth(0))
    expect(status).to_contain_text("1 réponse sur 20 enregistrée.")

    page.context.clear_cookies()  # the session is lost (idle timeout, cookies cleared…)
    page.evaluate("window.focused = []; document.addEventListener('focusin', "
                  "e => window.focused.push(e.target.id))")
    fill_right_answer(questions_.nth(1))  # (several clicks for some types: the focus may
    expect(status).to_have_attribute("data-save-state", "lost")  # come back to the question)
    expect(status).to_contain_text("Votre session a expiré")
    page.wait_for_function("window.focused.includes('save-status')")
    # Answering on is not interrupted again: the focus stays on the answer given.
    fill_right_answer(questions_.nth(2))
    page.wait_for_timeout(500)
    assert questions_.nth(2).evaluate("s => s.contains(document.activeElement)")
    expect(status).to_have_attribute("data-save-state", "lost")
    bar = page.locator("#exam-bar")
    expect(bar).to_contain_text("3 / 20 questions répondues")  # in the page, not lost
    assert len(saved_answers(served)) == 1
    page.screenshot(path=SHOTS / "lost-1280.png")

    # Signing in again, in a new tab; the exam's tab resends what it holds.
    with page.context.expect_page() as opened:
        bar.get_by_role("link", name=re.compile("Me reconnecter")).click()
    tab = opened.value
    tab.get_by_label("Adresse e-mail").fill(LEARNER)
    tab.get_by_label("Mot de passe").fill(PASSWORD)
    tab.get_by_role("button", name="Se connecter").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Vous êtes reconnecté(e)")
    page.bring_to_front()
    expect(status).to_contain_text("3 réponses sur 20 enregistrées")
    expect(bar.get_by_role("button", name="Renvoyer mes réponses")).to_be_hidden()
    assert len(saved_answers(served)) == 3

    # The page works on with the new session's token.
    fill_right_answer(questions_.nth(3))
    expect(status).to_contain_text("4 réponses sur 20 enregistrées")


def test_handing_in_after_a_lost_session_keeps_the_page(page, live_server, served):
    """Does « Rendre ma copie » without a session keep the page and its answers, and hand the
    copy in once signed in again?"""
    questions_ = start_exam(page, live_server)
    for section in questions_.all():
        fill_right_answer(section)
    expect(page.locator("#save-status")).to_contain_text("20 réponses sur 20")
    page.context.clear_cookies()
    page.get_by_role("button", name="Rendre ma copie").click()
    status = page.locator("#save-status")
    expect(status).to_contain_text("votre copie n'est pas rendue")
    expect(page).to_have_url(re.compile(r"/examen$"))
    assert open_attempt(served).is_open

    sign_in(page.context.new_page(), live_server, LEARNER)  # another tab
    page.get_by_role("button", name="Rendre ma copie").click()
    expect(page.locator("#resultat")).to_contain_text(re.compile(r"20 / 20 .* réussie"))


def test_confirmation_lists_the_unanswered_questions(page, live_server, served):
    """Does handing in with unanswered questions list them, with links, before anything is
    graded, and is the page free of serious axe violations?"""
    questions_ = start_exam(page, live_server)
    fill_right_answer(questions_.nth(0))
    fill_right_answer(questions_.nth(2))
    expect(page.locator("#save-status")).to_contain_text("2 réponses sur 20")
    page.get_by_role("button", name="Rendre ma copie").click()
    confirm = page.locator("#exam-confirm")
    expect(confirm).to_contain_text("18 questions sans réponse")
    page.wait_for_function("document.activeElement?.id === 'exam-confirm'")
    links = confirm.locator(".exam-confirm__list a")
    expect(links).to_have_count(18)
    expect(links.first).to_have_text("Question 2")
    assert open_attempt(served).is_open  # nothing graded yet
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.screenshot(path=SHOTS / "confirm-1280.png")

    page.get_by_role("button", name="Rendre ma copie quand même").click()
    expect(page.locator("#resultat")).to_contain_text("non réussie")


def put_ordering_first(served):
    """Make the first question of the attempt in progress an ordering one (drawn reversed)."""
    app = served[0]
    ordering = next(q for q in questions(COURSE).values() if q.type == "ordering")
    with app.app_context():
        person = db.session.scalar(db.select(User).filter_by(email=LEARNER))
        attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
            user_id=person.id, kind="exam", submitted_at=None))
        others = [d for d in attempt.drawn if d["question_id"] != ordering.id]
        attempt.drawn = [{"question_id": ordering.id,
                          "option_order": [o.id for o in reversed(ordering.options)],
                          "left_order": [], "right_order": []}, *others[:attempt.total - 1]]
        db.session.commit()
    return ordering


def test_an_ordering_question_answered_with_the_keyboard(page, live_server, served):
    """Can an ordering question be put right with the keyboard alone, the focus staying on the
    pressed button and each new position announced, and is the order saved?"""
    start_exam(page, live_server)
    question = put_ordering_first(served)
    page.reload()
    section = page.locator(f"#question-{question.id}")
    expect(section.locator(".question__type")).to_have_text("Remise en ordre")
    expect(section.locator("select")).to_have_count(len(question.options))
    expect(section.locator("select").first).to_be_hidden()  # JavaScript: buttons instead
    live = section.locator("[data-ordering-live]")
    right = [o.id for o in question.options]
    for target, item_id in enumerate(right):
        item = section.locator(f"[data-ordering-item='{item_id}']")
        up = item.locator("[data-move='-1']")
        current = item.evaluate("li => [...li.parentNode.children].indexOf(li)")
        for _ in range(current - target):
            up.focus()
            page.keyboard.press("Enter")
            assert up.evaluate("b => b === document.activeElement")
        if current > target:
            expect(live).to_contain_text(f"position {target + 1} sur {len(right)}")
    first_up = section.locator(f"[data-ordering-item='{right[0]}'] [data-move='-1']")
    first_up.focus()
    page.keyboard.press("Space")  # the first item cannot go higher: it says so, stays
    expect(live).to_contain_text("déjà en premier")
    assert first_up.evaluate("b => b === document.activeElement")
    shown = section.locator("[data-ordering-item]").evaluate_all(
        "items => items.map(i => i.dataset.orderingItem)")
    assert shown == right
    expect(page.locator("#save-status")).to_contain_text("1 réponse sur 20")
    nav = page.locator(f"[data-exam-nav='{question.id}']")
    expect(nav).to_have_attribute("data-answered", "true")
    expect(nav).to_contain_text("répondue")
    expect_saved(served, lambda answers: answers == {question.id: right})
    violations = axe_violations(page)
    assert not violations, describe(violations)
    section.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "ordering-1280.png")


def test_the_exam_fits_a_phone_and_keeps_its_bar_in_view(new_page, live_server):
    """At 390 px, is nothing wider than the screen, and does the bar stay in view while the
    person scrolls down the questions?"""
    SHOTS.mkdir(exist_ok=True)
    page = new_page(viewport={"width": 390, "height": 844}, bypass_csp=True)
    questions_ = start_exam(page, live_server)
    fill_right_answer(questions_.nth(0))
    expect(page.locator("#save-status")).to_contain_text("1 réponse sur 20")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    questions_.nth(12).scroll_into_view_if_needed()
    box = page.locator("#exam-bar").bounding_box()
    assert box["y"] >= 0 and box["y"] < 10, box
    page.screenshot(path=SHOTS / "scrolled-390.png")
    page.locator("#exam-bar summary").click()
    page.locator("#exam-bar [data-exam-nav]").nth(15).click()
    expect(questions_.nth(15)).to_be_in_viewport()
    page.screenshot(path=SHOTS / "nav-390.png")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # The confirmation, and a lost session, fit too.
    page.get_by_role("button", name="Rendre ma copie").click()
    expect(page.locator("#exam-confirm")).to_be_visible()
    page.screenshot(path=SHOTS / "confirm-390.png")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.context.clear_cookies()
    fill_right_answer(questions_.nth(5))
    expect(page.locator("#save-status")).to_have_attribute("data-save-state", "lost")
    page.screenshot(path=SHOTS / "lost-390.png")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    box = page.locator("#exam-bar").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844 / 2, box  # in view, not all of it


def saves_settled(page) -> None:
    """Wait until the exam form has no save in flight (htmx marks it `htmx-request` meanwhile)."""
    page.wait_for_function(
        "() => !document.querySelector('form[data-exam]').classList.contains('htmx-request')")


def test_a_server_failure_is_said_and_the_answers_resent(page, live_server, served):
    """When the server fails (5xx) or cannot be reached, does the bar say so, keep the answers
    in the page, and send them again once it answers?"""
    questions_ = start_exam(page, live_server)
    status = page.locator("#save-status")
    page.route(re.compile(r"/save$"), lambda route: route.fulfill(status=503, body="indisponible"))
    # A question may take several changes, hence several saves: each step waits for all of them.
    with page.expect_event("requestfinished", lambda request: request.url.endswith("/save")):
        fill_right_answer(questions_.nth(0))
    saves_settled(page)
    expect(status).to_have_attribute("data-save-state", "unsent")
    expect(status).to_contain_text("Le serveur ne répond pas")
    page.unroute(re.compile(r"/save$"))
    page.route(re.compile(r"/save$"), lambda route: route.abort())  # no network at all
    with page.expect_event("requestfailed", lambda request: request.url.endswith("/save")):
        fill_right_answer(questions_.nth(1))
    saves_settled(page)
    expect(status).to_contain_text("Le serveur ne répond pas")
    assert saved_answers(served) == {}
    page.unroute(re.compile(r"/save$"))
    page.get_by_role("button", name="Renvoyer mes réponses").click()
    expect(status).to_contain_text("2 réponses sur 20 enregistrées")
    assert len(saved_answers(served)) == 2


def test_a_stale_token_is_renewed_without_a_word(page, live_server, served):
    """After signing out and in again in another tab (a new session, a new token), does the
    exam's next save fetch the new token and save, with nothing asked of the person?"""
    questions_ = start_exam(page, live_server)
    other = page.context.new_page()
    other.goto(f"{live_server}/")
    other.get_by_role("button", name="Se déconnecter").click()
    expect(other.get_by_text("Vous êtes déconnecté(e).")).to_be_visible()
    sign_in(other, live_server, LEARNER, new_session=True)
    fill_right_answer(questions_.nth(0))
    expect(page.locator("#save-status")).to_contain_text("1 réponse sur 20 enregistrée.")
    assert len(saved_answers(served)) == 1


def test_a_reload_puts_the_unsent_answers_back_and_sends_them(page, live_server, served):
    """Are answers the server never got put back after the page is reloaded (the tab keeps
    them), and sent?"""
    questions_ = start_exam(page, live_server)
    status = page.locator("#save-status")
    page.route(re.compile(r"/save$"), lambda route: route.fulfill(status=502, body=""))
    fill_right_answer(questions_.nth(0))
    fill_right_answer(questions_.nth(1))
    expect(status).to_have_attribute("data-save-state", "unsent")
    expect(page.locator("#exam-bar")).to_contain_text("2 / 20 questions répondues")
    page.unroute(re.compile(r"/save$"))
    page.on("dialog", lambda dialog: dialog.accept())  # « quitter la page les perdrait »
    page.reload()
    expect(status).to_contain_text("2 réponses sur 20 enregistrées")
    expect(page.locator("#exam-bar")).to_contain_text("2 / 20 questions répondues")
    assert len(saved_answers(served)) == 2


def test_an_ordering_question_of_a_module_quiz(page, live_server, served):
    """Is an ordering question of a module quiz put in order with the same buttons, checked
    right, and shown in the order given once answered?"""
    module = "01-comprendre-le-rpps"
    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.goto(f"{live_server}/formation/{COURSE}/{module}/quiz")
    page.get_by_role("button", name="Commencer le quiz").click()
    expect(page.locator("section.question").first).to_be_visible()
    question = next(q for q in banks(COURSE)[module].questions if q.type == "ordering")
    with served[0].app_context():
        attempt = db.session.scalar(db.select(QuizAttempt).filter_by(
            kind="module", module_slug=module, submitted_at=None))
        others = [d for d in attempt.drawn if d["question_id"] != question.id]
        attempt.drawn = [{"question_id": question.id,
                          "option_order": [o.id for o in reversed(question.options)],
                          "left_order": [], "right_order": []}, *others[:attempt.total - 1]]
        db.session.commit()
    page.reload()
    section = page.locator(f"#question-{question.id}")
    right = [o.id for o in question.options]
    put_in_order(section, right)
    section.get_by_role("button", name="Valider ma réponse").click()
    section = page.locator(f"#question-{question.id}")
    expect(section.locator(".feedback")).to_contain_text("Bonne réponse")
    # The answer given, in its order (quiz/_answered.html).
    expect(section.locator(".answered-given")).to_contain_text(
        " → ".join(o.text for o in question.options))
    section.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "module-ordering-1280.png")


def test_without_javascript_ranks_and_confirmation_work(new_page, live_server, served):
    """Without JavaScript, is an ordering question answered by its rank lists, and does handing
    in with unanswered questions ask first, then grade?"""
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server, LEARNER)
    page.goto(f"{live_server}/formation/{COURSE}/examen")
    page.get_by_role("button", name="Commencer l'examen").click()
    expect(page.locator("section.question")).to_have_count(20)  # the attempt is stored
    question = put_ordering_first(served)
    page.reload()
    section = page.locator(f"#question-{question.id}")
    for rank, option in enumerate(question.options, start=1):
        section.get_by_label(f"Rang de « {option.text} »").select_option(str(rank))
    page.get_by_role("button", name="Enregistrer mes réponses").click()
    expect(page.get_by_text("Vos réponses sont enregistrées (1 sur 20).")).to_be_visible()
    expect(page.locator("#exam-bar")).to_contain_text("1 / 20 questions répondues")
    page.get_by_role("button", name="Rendre ma copie").click()
    expect(page.locator("#exam-confirm")).to_contain_text("19 questions sans réponse")
    assert saved_answers(served) == {question.id: [o.id for o in question.options]}
    # The order given is shown back, in that order, ranks kept.
    shown = page.locator(f"#question-{question.id} [data-ordering-item]").evaluate_all(
        "items => items.map(i => i.dataset.orderingItem)")
    assert shown == [o.id for o in question.options]
    page.get_by_role("button", name="Rendre ma copie quand même").click()
    expect(page.locator("#resultat")).to_contain_text("1 / 20")


def test_an_ordering_item_dragged_with_the_mouse(page, live_server, served):
    """Can an item be dragged by its handle to the top, its new rank saved?"""
    start_exam(page, live_server)
    question = put_ordering_first(served)
    page.reload()
    section = page.locator(f"#question-{question.id}")
    items = section.locator("[data-ordering-item]")
    last = question.options[0].id  # drawn reversed: the first item of the right order is last
    section.evaluate("s => s.scrollIntoView({block: 'start'})")
    handle = section.locator(f"[data-ordering-item='{last}'] .ordering__handle").bounding_box()
    top = items.first.bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(handle["x"] + 5, handle["y"] + (top["y"] + 2 - handle["y"]) * step / 10)
    page.mouse.up()
    expect(items.first).to_have_attribute("data-ordering-item", last)
    expect(section.locator("[data-ordering-live]")).to_contain_text(
        f"position 1 sur {len(question.options)}")
    expect(page.locator("#save-status")).to_contain_text("1 réponse sur 20")
    expect_saved(served, lambda answers: answers[question.id][0] == last)


def test_signing_in_again_as_someone_else_is_said(page, live_server, served):
    """Signed in again with another account, does the page say the exam is not that account's
    (its answers kept), rather than retry as if the server were down?"""
    questions_ = start_exam(page, live_server)
    page.context.clear_cookies()
    fill_right_answer(questions_.nth(0))
    status = page.locator("#save-status")
    expect(status).to_have_attribute("data-save-state", "lost")
    sign_in(page.context.new_page(), live_server, "gestionnaire1@demo.test")
    page.bring_to_front()
    page.get_by_role("button", name="Renvoyer mes réponses").click()
    expect(status).to_contain_text("n'est pas celle du compte connecté")
    expect(page.locator("#exam-bar")).to_contain_text("1 / 20 questions répondues")
    assert saved_answers(served) == {}
