"""Every page each demo account reaches: valid HTML, and no wider than the screen.

One crawl (tests/crawl.py: Flask's test client on the served app, following links, a few pages
of each URL shape) finds the pages of the visitor and of every demo account; then
- the W3C Nu checker (the `vnu-jar` npm package, on Java) reads them all in one run (RGAA 8.2);
- Chromium checks every (account, URL shape) at 390 and 320 px (a resize, no new visit);
  1280 px and axe-core run once per shape, for the first account (in the order of ACCOUNTS)
  that reaches it: the same template at a wide screen hardly depends on who reads it. That
  first page of a shape is a real visit; the account's other pages are the HTML the crawl got
  (the one the Nu checker read) written into the same tab, with the same styles and scripts: a
  third of a visit's cost; compared once with real visits of all 486 pages at both widths, it
  gave every page the same width.

The module's tests run on one pytest-xdist worker (`--dist loadfile`), so that the crawl is made
once.
"""

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawl import ACCOUNTS, crawl, shape, sign_in
from webapp.catalogue import courses
from webapp.demo_learning import COURSE

from .helpers import OVERFLOW, axe_violations, describe, resume_session

pytestmark = pytest.mark.browser

PHONES = (390, 320)
WIDE = 1280
VISITOR = "visiteur"
LESSON = "/formation/{c}/{m.slug}/{l.slug}"
VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
# One run of a few seconds: Java's quick compiler alone halves it (its deeper frames need a
# larger stack than the default, as the checker itself says).
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss2m")


@pytest.fixture(scope="module")
def pages(served, reading_server):
    """For each account (the visitor first), the HTML of the pages it reaches, by path."""
    app = served[0]
    found = {}
    for account in (VISITOR, *ACCOUNTS):
        client = app.test_client()
        if account != VISITOR:
            sign_in(client, account)
        found[account] = crawl(client)
    return found


@pytest.fixture(scope="module")
def visits(pages):
    """For each account, the first page of each shape it reaches, and whether it is the first
    account to reach that shape (then it is checked at 1280 px and by axe-core too)."""
    plan, first = {}, set()
    for account, reached in pages.items():
        shapes = {}
        for path in reached:
            shapes.setdefault(shape(path.partition("?")[0]), path)
        plan[account] = [(path, key not in first) for key, path in shapes.items()]
        first.update(shapes)
    return plan


def test_every_page_is_valid_html(pages, tmp_path):
    """Does the Nu checker find no error on any page a visitor or a demo account reaches?"""
    if shutil.which("java") is None or not VNU.exists():
        pytest.skip("le validateur Nu (vnu-jar, Java) manque : make setup l'installe")
    files = {}
    for account, reached in pages.items():
        for path, html in reached.items():
            name = f"{len(files):03d}.html"
            (tmp_path / name).write_text(html, encoding="utf-8")
            files[name] = (account, path)
    assert len(files) > 60, "le parcours des pages n'a presque rien trouvé"
    result = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(VNU), "--errors-only", "--format", "json",
         str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = sorted(
        f"{' '.join(files[Path(urlsplit(m['url']).path).name])} l.{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages if m["type"] == "error"
    )
    assert not errors, f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors[:60])


def widths(page, first_of_shape: bool = False):
    """Set the page's viewport to each width it is read at, yielding each: both phone widths,
    starting from the one it is at (a page costs one resize, not three), and 1280 px between
    them for the first page of a shape."""
    phone = page.viewport_size["width"]
    other = PHONES[1] if phone == PHONES[0] else PHONES[0]
    for width in (phone, *((WIDE,) if first_of_shape else ()), other):
        if page.viewport_size["width"] != width:
            page.set_viewport_size({"width": width, "height": 800})
        yield width


@pytest.mark.parametrize("account", [VISITOR, *ACCOUNTS])
def test_no_page_is_wider_than_the_screen(new_page, reading_server, pages, visits, account):
    """Does every page the account reaches fit 320, 390 and 1280 px, with nothing serious
    or critical for axe-core?"""
    page = new_page(viewport={"width": PHONES[0], "height": 800}, bypass_csp=True)
    if account != VISITOR:
        resume_session(page.context, reading_server, account)
    too_wide, inaccessible = defaultdict(dict), {}
    assert len(visits[account]) > 5, f"le parcours n'a presque rien trouvé pour {account}"
    for path, first_of_shape in visits[account]:
        if first_of_shape or not page.url.startswith(reading_server):
            page.goto(reading_server + path)
        else:
            page.set_content(pages[account][path])
        for width in widths(page, first_of_shape):
            if culprits := page.evaluate(OVERFLOW):
                too_wide[width][path] = culprits
            if width == PHONES[0] and first_of_shape and (violations := axe_violations(page)):
                inaccessible[path] = describe(violations)
    assert not too_wide, f"pages plus larges que l'écran : {dict(too_wide)}"
    assert not inaccessible, "\n".join(f"{p}\n{v}" for p, v in inaccessible.items())


def test_no_lesson_is_wider_than_a_phone(new_page, reading_server):
    """Do all lessons (tables, figures) fit 390 and 320 px? gestionnaire2 has every module
    open."""
    page = new_page(viewport={"width": PHONES[0], "height": 800})
    resume_session(page.context, reading_server, "gestionnaire2@demo.test")
    too_wide = defaultdict(dict)
    for module in courses()[COURSE].modules:
        for lesson in module.lessons:
            path = LESSON.format(c=COURSE, m=module, l=lesson)
            page.goto(reading_server + path)
            for width in widths(page):
                if culprits := page.evaluate(OVERFLOW):
                    too_wide[width][path] = culprits
    assert not too_wide, f"leçons plus larges qu'un téléphone : {dict(too_wide)}"
