"""Every page each demo account reaches is valid HTML (RGAA 8.2), checked by the W3C Nu checker.

The pages are crawled through the app, as each demo account and as a visitor, by following the
links of every page (a few of each shape: `/structures/1/personnes/7` and `/8` are one page), then
the Nu checker (the `vnu-jar` npm package, on Java) reads them all in one run.
"""

import json
import re
import shutil
import subprocess
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.conftest import world_fixture
from webapp import demo
from webapp.demo import PASSWORD, PEOPLE

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
PAGES_PER_SHAPE = 2
PAGES_PER_ACCOUNT = 120
# Links that change something or do not answer a page of HTML.
SKIPPED = re.compile(r"(logout|deconnexion|\.(pdf|csv|xlsx|ics|json|txt)$|/export|/api/)")


class Links(HTMLParser):
    """The `href` of every `<a>` of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.hrefs.append(href)


def shape(path: str) -> str:
    """A path with its numbers and codes blanked: pages of one shape are one template."""
    return re.sub(r"/[0-9A-Za-z-]*\d[0-9A-Za-z-]*", "/N", path)


def crawl(client, start: str = "/") -> dict[str, str]:
    """The HTML pages reached from `start` by following links on this site, by path."""
    pages, seen, shapes = {}, {start}, Counter()
    queue = deque([start])
    while queue and len(pages) < PAGES_PER_ACCOUNT:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[path] = html
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            url = urlsplit(urljoin(f"http://localhost{path}", href))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc != "localhost" or target in seen or SKIPPED.search(url.path):
                continue
            seen.add(target)
            if shapes[shape(url.path)] < PAGES_PER_SHAPE:
                shapes[shape(url.path)] += 1
                queue.append(target)
    return pages


@world_fixture
def seeded_demo(app):
    """The demo of DESIGN.md, as `flask demo seed` makes it."""
    with app.test_request_context(method="POST"):
        demo.seed()


def test_every_page_of_every_demo_account_is_valid_html(
        app, client, auth, database_url, seeded_demo, tmp_path):
    """Does the Nu checker find no error on any page a visitor or a demo account reaches?"""
    if not database_url.startswith("sqlite"):
        pytest.skip("le balisage ne dépend pas de la base de données")
    if shutil.which("java") is None or not VNU.exists():
        pytest.skip("le validateur Nu (vnu-jar, Java) manque : make setup l'installe")
    files = {}
    for account in (None, *PEOPLE):
        if account:
            auth.login(account.email, PASSWORD)
        for path, html in crawl(client).items():
            name = f"{len(files):03d}.html"
            (tmp_path / name).write_text(html, encoding="utf-8")
            files[name] = (account.email if account else "visiteur", path)
        if account:
            auth.logout()
    assert len(files) > 60, "le parcours des pages n'a presque rien trouvé"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = sorted(
        f"{' '.join(files[Path(urlsplit(m['url']).path).name])} l.{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages if m["type"] == "error"
    )
    assert not errors, f"{len(errors)} erreur(s) HTML :\n" + "\n".join(errors[:60])
