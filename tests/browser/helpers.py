"""Shared steps of the browser tests: signing in, and asking axe-core what it finds."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from tests.webapp.steps import right_values
from webapp.catalogue import questions
from webapp.demo import PASSWORD
from webapp.demo_learning import COURSE

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips every test, with the reason
    expect = None

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__tests__/axe.min.js"  # where the served platform of the tests answers it
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Focus moves once htmx has settled a swap: tests wait for it rather than race it.
FOCUS_IN = "s => !!document.querySelector(s)?.contains(document.activeElement)"
# Nothing when the page fits; else up to 3 elements that stick out, to name in the failure.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return '';
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
  return wide.join(', ') || 'body';
}"""


# The session cookie of each demo account, signed in once on the served demo before it was
# saved (tests/browser/conftest.py): every test's database holds these open sessions.
DEMO_SESSIONS: dict[str, str] = {}
SESSION_COOKIE = "rppsplus_session"


def resume_session(context, base_url: str, email: str) -> None:
    """Give a browser context the open session of a demo account."""
    context.add_cookies([
        {"name": SESSION_COOKIE, "value": DEMO_SESSIONS[email], "url": base_url}])


def sign_in(page, base_url: str, email: str, password: str = PASSWORD, *,
            new_session: bool = False) -> None:
    """Sign in and wait for the home page: a demo account with its open session, as a returning
    visitor (test_sign_in.py tests the form); anyone else, or a `new_session`, through the real
    form."""
    if password == PASSWORD and email in DEMO_SESSIONS and not new_session:
        resume_session(page.context, base_url, email)
        page.goto(f"{base_url}/")
    else:
        page.goto(f"{base_url}/login")
        page.get_by_label("Adresse e-mail").fill(email)
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour")


def htmx_ready(page, selector: str) -> None:
    """Wait until htmx has processed `selector` (after a boosted navigation the new body is in
    the page a moment before htmx listens to it: a change made then would go unseen)."""
    page.wait_for_function(
        "s => { const e = document.querySelector(s); return !!(e && e['htmx-internal-data']); }",
        arg=selector)


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    assert AXE.exists(), f"axe-core introuvable ({AXE}) : lancez `npm ci` (ou `make setup`)"
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.add_script_tag(url=origin + AXE_PATH)
    # Only the violations: axe skips building its (larger) lists of passes and incompletes.
    results = page.evaluate(
        "values => axe.run(document, {runOnly: {type: 'tag', values}, "
        "resultTypes: ['violations']})", WCAG_AA,
    )
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    """A readable account of axe violations, for assertion messages."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
    return "\n".join(lines)


def fill_right_answer(section) -> None:
    """Fill a quiz or exam question (its <section>) with the right answer, read from the bank."""
    question_id = section.get_attribute("id").removeprefix("question-")
    question = questions(COURSE)[question_id]
    field = f"q-{question_id}"
    values = right_values(question_id)
    if question.type in ("single", "multiple", "true_false"):
        for value in values:
            section.locator(f"#{field}-{value}").check()
    elif question.type == "ordering":
        put_in_order(section, values)
    else:  # matching: one select per left item
        for pair in values:
            section.locator(f"#{field}-{pair.split(':')[0]}").select_option(pair)


def put_in_order(section, order: list[str]) -> None:
    """Put an ordering question's items in `order` with its « Monter » buttons (app.js)."""
    for target, item_id in enumerate(order):
        item = section.locator(f"[data-ordering-item='{item_id}']")
        current = item.evaluate("li => [...li.parentNode.children].indexOf(li)")
        for _ in range(current - target):
            item.locator("[data-move='-1']").click()
