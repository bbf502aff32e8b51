"""htmx errors are never hidden: the answer is shown where the person looks, and focused."""

import re

import pytest

from webapp.catalogue import courses
from webapp.demo_learning import COURSE

from .helpers import expect, sign_in

pytestmark = pytest.mark.browser

# The focused element's box lies inside the viewport (at least its top-left corner).
FOCUSED_IN_VIEW = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  const box = element.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.left >= 0 &&
    box.top < window.innerHeight && box.left < window.innerWidth;
}"""


def expect_focused_in_view(page, text: str) -> None:
    """Wait until the element holding the focus says `text`, then check it is in the viewport."""
    page.wait_for_function("t => document.activeElement?.textContent.includes(t)", arg=text)
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # In view once the page has scrolled to it (a loaded machine may lag a frame or two).
    try:
        page.wait_for_function(FOCUSED_IN_VIEW, timeout=2_000)
    except PlaywrightTimeout:
        raise AssertionError("le message a le focus mais reste hors de l'écran") from None


def test_locked_module_link_shows_why(page, live_server):
    """Does a (boosted) link to a locked module show its page, focused and in view?"""
    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.goto(f"{live_server}/formation/{COURSE}/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # Module 3 is locked for gestionnaire1: a link to it, from the bottom of the page.
    href = f"/formation/{COURSE}/{courses()[COURSE].modules[2].slug}/"
    page.evaluate(
        """href => { const a = document.createElement('a'); a.href = href; a.id = 'bas';
        a.textContent = 'module 3'; document.querySelector('main').appendChild(a);
        htmx.process(a); a.scrollIntoView(); }""", href)
    page.locator("#bas").click()
    expect_focused_in_view(page, "n'est pas encore ouvert")
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


@pytest.mark.parametrize("query, message", [
    ("RPPSP-2026-999999", "Aucune attestation ne porte ce numéro"),
    ("pas-un-code", "RPPSP-AAAA-NNNNNN"),
])
def test_bad_verify_query_shows_the_servers_message(page, live_server, query, message):
    """Does /verify answer an unknown number or a malformed code with its own message, focused?"""
    page.goto(f"{live_server}/verify")
    page.get_by_label("Numéro d'attestation ou code de vérification").fill(query)
    page.get_by_role("button", name="Vérifier").click()
    expect_focused_in_view(page, message)
    expect(page.get_by_role("alert")).to_contain_text(message)


def test_expired_session_on_htmx_request_leads_to_sign_in(page, live_server):
    """Does a plain htmx request without a session lead to the sign-in page, not silence?"""
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/outbox")
    page.context.clear_cookies()
    with page.expect_response(re.compile(r"/admin/outbox")) as answer:
        page.evaluate("htmx.ajax('GET', location.pathname, {target: '#outbox-table', "
                      "swap: 'outerHTML'})")
    assert answer.value.headers.get("hx-redirect", "").startswith("/login")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_label("Adresse e-mail")).to_be_visible()


def test_failed_fragment_request_says_so_next_to_its_target(page, live_server):
    """Does a 5xx answer to a plain htmx request show the server's message by its target?"""
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/outbox")
    page.route(re.compile(r"/admin/outbox"), lambda route: route.fulfill(
        status=503, content_type="text/html",
        body='<div class="notice" data-error-notice><p>Base injoignable, réessayez.</p></div>'))
    page.evaluate("document.getElementById('outbox-table').scrollIntoView()")
    page.evaluate("htmx.ajax('GET', location.pathname, {target: '#outbox-table', "
                  "swap: 'outerHTML'})")
    expect_focused_in_view(page, "Base injoignable, réessayez.")
    assert page.evaluate("(t => t.contains(document.activeElement) || "
                         "document.activeElement.nextElementSibling === t)"
                         "(document.getElementById('outbox-table'))")
