"""No page is wider than the screen: at 390 px (a phone) and 1280 px, nothing is cut off."""

import pytest

from webapp.catalogue import courses
from webapp.demo import COURSE, PASSWORD

from .helpers import axe_violations, describe

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
LESSON = "/formation/{c}/{m.slug}/{l.slug}"
# Beyond the home page and its menu: the pages each account reaches, and a link to follow on
# some of them (a regex on the href) to reach a page whose address holds an id.
ACCOUNTS = {
    "gestionnaire1@demo.test": ["/formation/{c}/", LESSON, "/formation/{c}/glossaire",
                                "/formation/{c}/ressources", "/formation/{c}/sources",
                                "/account"],
    "rl.centralise@demo.test": [("/structures/", (r"^/structures/\d+$",
                                                  r"^/structures/\d+/personnes$",
                                                  r"^/structures/\d+/personnes/\d+$"))],
    "formateur@demo.test": ["/webinaires/", "/region/"],
    "admin@demo.test": ["/admin/people", "/admin/structures", "/admin/audit", "/admin/outbox"],
}
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
  return document.documentElement.scrollWidth > width ? wide.join(', ') || 'body' : '';
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


def paths_of(page, base, email):
    """The home page, its menu's links, then the account's own pages."""
    course = courses()[COURSE]
    module = course.modules[0]
    page.goto(f"{base}/")
    menu = page.eval_on_selector_all(
        "header nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    paths = ["/", *[p for p in menu if "logout" not in p and "deconnexion" not in p]]
    for entry in ACCOUNTS[email]:
        if isinstance(entry, tuple):  # follow links, one pattern after the other
            here, patterns = entry
            page.goto(base + here)
            for pattern in patterns:
                here = page.evaluate(
                    "p => [...document.querySelectorAll('main a')].map(a => a.pathname)"
                    ".find(h => new RegExp(p).test(h)) || null", pattern)
                assert here, f"aucun lien {pattern} depuis {page.url}"
                page.goto(base + here)
                paths.append(here)
        else:
            paths.append(entry.format(c=COURSE, m=module, l=module.lessons[0]))
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("email", list(ACCOUNTS))
def test_no_page_is_wider_than_the_screen(new_page, reading_server, signed_in, email, width):
    """Does every page an account reaches fit its screen width (no sideways scrolling)?"""
    page = new_page(storage_state=signed_in(email), viewport={"width": width, "height": 800},
                    bypass_csp=True)
    too_wide, inaccessible = {}, {}
    for path in paths_of(page, reading_server, email):
        page.goto(reading_server + path)
        culprits = page.evaluate(OVERFLOW)
        if culprits:
            too_wide[path] = culprits
        if width == WIDTHS[0] and (violations := axe_violations(page)):
            inaccessible[path] = describe(violations)  # scrolling tables, sticky columns
    assert not too_wide, f"pages plus larges que {width} px : {too_wide}"
    assert not inaccessible, inaccessible


def test_no_lesson_is_wider_than_a_phone(new_page, reading_server, signed_in):
    """Do all lessons (tables, figures) fit 390 px? gestionnaire2 has every module open."""
    page = new_page(storage_state=signed_in("gestionnaire2@demo.test"),
                    viewport={"width": 390, "height": 800})
    too_wide = {}
    for module in courses()[COURSE].modules:
        for lesson in module.lessons:
            path = LESSON.format(c=COURSE, m=module, l=lesson)
            page.goto(reading_server + path)
            culprits = page.evaluate(OVERFLOW)
            if culprits:
                too_wide[path] = culprits
    assert not too_wide, f"leçons plus larges que 390 px : {too_wide}"
