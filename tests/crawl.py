"""The pages each demo account reaches, found by following links with Flask's test client.

One crawl for the checks that read every page (tests/browser/test_every_page.py): the W3C Nu
checker, and the widths and axe-core checks in Chromium. A few pages of each URL shape are kept
(`/structures/1/personnes/7` and `/8` are one template), so that a crawl stays short.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from webapp import demo_region, demo_roster
from webapp.demo import PASSWORD, PEOPLE

PAGES_PER_SHAPE = 2
PAGES_PER_ACCOUNT = 120
# Links that change something or do not answer a page of HTML.
SKIPPED = re.compile(r"(logout|deconnexion|\.(pdf|csv|xlsx|ics|json|txt)$|/export|/api/)")
# Every demo account of the README's table: those of DESIGN.md, then the roster's states and
# the trainer's region follow-up.
ACCOUNTS = (
    *(person.email for person in PEOPLE),
    *(state[0] for state in demo_roster.ROSTER_STATES),
    *(person[0] for person in demo_region.PEOPLE),
)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


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


def crawl(client, start: str = "/", per_shape: int = PAGES_PER_SHAPE) -> dict[str, str]:
    """The HTML pages reached from `start` by following links on this site, by path (in the
    order they were found), at most `per_shape` of each shape."""
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
            if shapes[shape(url.path)] < per_shape:
                shapes[shape(url.path)] += 1
                queue.append(target)
    return pages


def sign_in(client, email: str, password: str = PASSWORD) -> None:
    """Sign a test client in through the real form, its CSRF token read from the page (the
    served app checks it)."""
    token = CSRF.search(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={
        "email": email, "password": password, **({"csrf_token": token[1]} if token else {}),
    })
    assert response.status_code in (302, 303), f"connexion impossible pour {email}"
