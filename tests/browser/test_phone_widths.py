"""No page is wider than the screen: at 320 and 390 px (phones) and 1280 px, nothing is cut off.

The pages are those each demo account reaches, found by the crawler of tests/crawl.py with
Flask's test client on the served app (no browser), then visited in Chromium. Every
(account, URL shape) is visited at 390 px and checked at 320 px too (a resize, no new visit);
1280 px and axe-core run once per shape, for the first account (in the order of ACCOUNTS)
that reaches it: the same template at a wide screen hardly depends on who reads it.
"""

from collections import defaultdict

import pytest

from tests.crawl import ACCOUNTS, crawl, shape, sign_in
from webapp.catalogue import courses
from webapp.demo import COURSE, PASSWORD

from .helpers import axe_violations, describe

pytestmark = pytest.mark.browser

PHONES = (390, 320)
WIDE = 1280
VISITOR = "visiteur"
LESSON = "/formation/{c}/{m.slug}/{l.slug}"
# Nothing when the page fits; else up to 3 elements that stick out, to name in the failure.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return '';
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
  return wide.join(', ') || 'body';
}"""


@pytest.fixture(scope="module")
def signed_in(browser, reading_server, tmp_path_factory):
    """One sign-in per account, its cookies kept (Playwright storage_state) for every page."""
    states = {}

    def state_of(email):
        if email not in states:
            context = browser.new_context(locale="fr-FR")
            page = context.new_page()
            page.goto(f"{reading_server}/login")
            page.get_by_label("Adresse e-mail").fill(email)
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url(f"{reading_server}/")
            states[email] = str(tmp_path_factory.mktemp("states") / "state.json")
            context.storage_state(path=states[email])
            context.close()
        return states[email]

    return state_of


@pytest.fixture(scope="module")
def visits(served, reading_server):
    """For each account, the first page of each shape it reaches, and whether it is the first
    account to reach that shape (then it is checked at 1280 px and by axe-core too)."""
    app = served[0]
    plan, first = {}, set()
    for account in (VISITOR, *ACCOUNTS):
        client = app.test_client()
        if account != VISITOR:
            sign_in(client, account)
        shapes = {shape(path.partition("?")[0]): path for path in crawl(client, per_shape=1)}
        plan[account] = [(path, key not in first) for key, path in shapes.items()]
        first.update(shapes)
    return plan


@pytest.mark.parametrize("account", [VISITOR, *ACCOUNTS])
def test_no_page_is_wider_than_the_screen(new_page, reading_server, signed_in, visits, account):
    """Does every page the account reaches fit 320, 390 and 1280 px, with nothing serious
    or critical for axe-core?"""
    state = None if account == VISITOR else signed_in(account)
    page = new_page(storage_state=state, viewport={"width": PHONES[0], "height": 800},
                    bypass_csp=True)
    too_wide, inaccessible = defaultdict(dict), {}
    assert len(visits[account]) > 5, f"le parcours n'a presque rien trouvé pour {account}"
    for path, first_of_shape in visits[account]:
        page.goto(reading_server + path)
        for width in (*PHONES, *((WIDE,) if first_of_shape else ())):
            if width != PHONES[0]:
                page.set_viewport_size({"width": width, "height": 800})
            if culprits := page.evaluate(OVERFLOW):
                too_wide[width][path] = culprits
            if width == PHONES[0] and first_of_shape and (violations := axe_violations(page)):
                inaccessible[path] = describe(violations)
        page.set_viewport_size({"width": PHONES[0], "height": 800})
    assert not too_wide, f"pages plus larges que l'écran : {dict(too_wide)}"
    assert not inaccessible, "\n".join(f"{p}\n{v}" for p, v in inaccessible.items())


def test_no_lesson_is_wider_than_a_phone(new_page, reading_server, signed_in):
    """Do all lessons (tables, figures) fit 390 and 320 px? gestionnaire2 has every module
    open."""
    page = new_page(storage_state=signed_in("gestionnaire2@demo.test"),
                    viewport={"width": PHONES[0], "height": 800})
    too_wide = defaultdict(dict)
    for module in courses()[COURSE].modules:
        for lesson in module.lessons:
            path = LESSON.format(c=COURSE, m=module, l=lesson)
            page.goto(reading_server + path)
            for width in PHONES:
                page.set_viewport_size({"width": width, "height": 800})
                if culprits := page.evaluate(OVERFLOW):
                    too_wide[width][path] = culprits
            page.set_viewport_size({"width": PHONES[0], "height": 800})
    assert not too_wide, f"leçons plus larges qu'un téléphone : {dict(too_wide)}"
