"""The real Content-Security-Policy lets the pages work, and phones get no sideways scroll."""

import pytest

from .helpers import expect, sign_in

pytestmark = pytest.mark.browser

# Runs before any page script, outside the CSP, and records what the browser blocks.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


def test_csp_is_enforced_without_breaking_pages(new_page, live_server):
    """Do the sign-in and home pages load htmx and run under the CSP without any violation?"""
    page = new_page()
    page.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

    page.goto(f"{live_server}/login")
    assert "script-src 'self'" in page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("window.__csp") == []

    sign_in(page, live_server, "gestionnaire1@demo.test")
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Gaëlle")
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("window.__csp") == []
    problems = [m for m in console if "Content Security Policy" in m or m.startswith("pageerror")]
    assert not problems, "\n".join(problems)


def test_inline_script_is_blocked(new_page, live_server):
    """Is the CSP really enforced, so that an injected inline script does not run?"""
    page = new_page()
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server}/login")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
    }""")
    assert page.evaluate("window.__injected") is None
    page.wait_for_function("window.__csp.some(v => v.startsWith('script-src'))")


@pytest.mark.parametrize("path", ["/login", "/register", "/"])
def test_no_horizontal_scroll_on_a_phone(new_page, live_server, path):
    """On a 375 px wide phone, do the signed-out pages fit without sideways scrolling?"""
    page = new_page(viewport={"width": 375, "height": 812})
    page.goto(live_server + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_admin_tables_scroll_inside_their_box_on_a_phone(new_page, live_server):
    """On a phone, does a structure page with wide tables still fit the screen's width?"""
    page = new_page(viewport={"width": 375, "height": 812})
    sign_in(page, live_server, "admin@demo.test")
    page.goto(f"{live_server}/admin/structures")
    page.locator("#organisations-table tbody a").first.click()
    expect(page.locator("#members")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # A table wider than its box says so above it, and takes the keyboard's focus to scroll.
    wide = page.locator("table.table[tabindex='0']").first
    expect(wide).to_be_attached()
    assert wide.evaluate("t => t.previousElementSibling.className") == "table-hint"
    expect(page.locator(".table-hint").first).to_contain_text("faites-le défiler")
    # At 1280 px the same tables fit: no line about scrolling is left.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator(".table-hint")).to_have_count(0)


def test_a_refused_form_shows_its_errors_in_view_at_the_page_address(new_page, live_server):
    """On a phone, a form low on a long page sent with an error: is the error summary focused
    and on screen (not the top of the page), and is the address still the page's (not the
    form's POST address, which a reload would answer 405)?"""
    page = new_page(viewport={"width": 390, "height": 844})
    sign_in(page, live_server, "rl.centralise@demo.test")
    page.goto(f"{live_server}/structures/1/personnes/5")
    address = page.url
    page.get_by_role("button", name="Enregistrer un départ").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    # At the top of the screen, the fields it names below it: not at the bottom edge.
    assert summary.bounding_box()["y"] < 844 / 2
    assert page.url == address
    page.reload()
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Action impossible")
