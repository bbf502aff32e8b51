"""Two instances, one PostgreSQL, one Redis: a learner's whole path, alternating between them.

`python -m bench.two_instances` starts two gunicorn instances of the real app (2 sync workers
each, production settings) on one PostgreSQL database made for the run (on the server of
BENCH_DATABASE_URL, dropped after) and one Redis (BENCH_REDIS_URL, for the limits). A learner
made with the app's own operations then signs in, reads every lesson, passes every module quiz,
takes the final exam and downloads the attestation, each request going to the other instance
than the one before. Every check is printed; the exit status is 1 if one fails.

Not a measurement: a check of what several servers share (sessions, CSRF, the PDF cache, the
limits). It is not in `python -m bench`'s list.
"""

import http.client
import itertools
import os
import re
import secrets
import sys
import urllib.parse

from .bursts import app_on, postgres_database, send
from .harness import form_token, server, sign_in

DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
COURSE = "devenir-gestionnaire"
PASSWORD = "mot-de-passe-du-banc-d-essai"
EMAIL = "deux.instances@banc.test"


class Path:
    """The learner's requests, sent in turn to each instance; every check printed."""

    def __init__(self, instances: list[str]):
        self.instances = itertools.cycle(instances)
        self.names = {url: f"instance {'AB'[n]}" for n, url in enumerate(instances)}
        self.cookie = ""
        self.token = ""
        self.sent = dict.fromkeys(instances, 0)

    def request(self, method: str, path: str, fields: list | None = None, expect: int = 200):
        """Send to the next instance; fail unless the status is `expect`; the page."""
        base = next(self.instances)
        body = None
        if fields is not None:
            body = urllib.parse.urlencode([("csrf_token", self.token), *fields])
        status, location, self.cookie, page = send(base, method, path, self.cookie, body)
        self.sent[base] += 1
        if status != expect:
            raise Check(f"{method} {path} on {self.names[base]}: HTTP {status} "
                        f"(expected {expect}) {location}")
        self.token = form_token(page) or self.token
        return page, location


    def download(self, path: str) -> bytes:
        """A document (the PDF), from the next instance."""
        base = next(self.instances)
        parts = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": self.cookie})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        self.sent[base] += 1
        if response.status != 200:
            raise Check(f"GET {path} on {self.names[base]}: HTTP {response.status}")
        return body


class Check(Exception):
    """A check that failed."""


def ok(message: str) -> None:
    print(f"  ok  {message}", flush=True)


def main() -> int:
    database = os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    print(f"two instances on one PostgreSQL ({database}, a database made for the run) and one "
          f"Redis ({redis})", flush=True)
    with postgres_database() as env:
        make_learner(env)
        env = {**env, "RPPSPLUS_ENV": "production", "RATELIMIT_STORAGE_URI": redis,
               # Lessons may ask for a minimum reading time (READING_MINIMUM_FACTOR, added by
               # the learner-path work): none here, the path reads at machine speed.
               "READING_MINIMUM_FACTOR": "0"}
        with server("webapp:create_app()", env, "/healthz") as first, \
                server("webapp:create_app()", env, "/healthz") as second:
            try:
                path = Path([first, second])
                walk(path)
                check_shared_limits(first, second)
            except Check as failure:
                print(f"  FAILED  {failure}", flush=True)
                return 1
    print(f"every check passed; requests per instance: {', '.join(map(str, path.sent.values()))}")
    return 0


def make_learner(env: dict) -> None:
    """A confirmed learner, made with the app's own operations."""
    from webapp.auth.passwords import hash_password
    from webapp.extensions import db
    from webapp.people import create_person
    from webapp.timekeeping import utcnow

    with app_on(env):
        person = create_person(EMAIL, "Dominique", "Deux-Instances", send_activation=False)
        person.password_hash, person.email_confirmed_at = hash_password(PASSWORD), utcnow()
        db.session.commit()


def walk(path: Path) -> None:
    """Sign in, read, pass the quizzes, take the exam, download the attestation."""
    from tests.webapp.steps import right_values
    from webapp.catalogue import courses

    first = next(path.instances)  # sign in on A; the next request goes to B
    path.cookie = sign_in(first, EMAIL, PASSWORD)
    page, _ = path.request("GET", "/")
    if "Dominique" not in page:
        raise Check("the session made on one instance is not known to the other")
    ok("signed in on one instance, recognised by the other (shared SECRET_KEY and database)")
    course = courses()[COURSE]
    base = f"/formation/{COURSE}"
    for module in course.modules:
        for lesson in module.lessons:
            path.request("GET", f"{base}/{module.slug}/{lesson.slug}")
            path.request("POST", f"{base}/{module.slug}/{lesson.slug}/read", [], expect=303)
        path.request("POST", f"{base}/{module.slug}/quiz", [], expect=303)
        page, _ = path.request("GET", f"{base}/{module.slug}/quiz")
        actions = re.findall(rf'action="({base}/{module.slug}/quiz/\d+/([^"/]+))"', page)
        if not actions:
            raise Check(f"no question in the quiz of {module.slug}")
        for action, question in actions:
            path.request("POST", action, [(f"q-{question}", v) for v in right_values(question)],
                         expect=303)
        page, _ = path.request("GET", f"{base}/{module.slug}/quiz")
        ok(f"module {module.slug}: {len(module.lessons)} lesson(s) read, quiz of "
           f"{len(actions)} question(s) answered (CSRF token of one instance taken by the other)")
    path.request("POST", f"{base}/examen", [], expect=303)
    page, _ = path.request("GET", f"{base}/examen")
    submit = re.search(rf'action="({base}/examen/\d+/submit)"', page)
    questions = sorted(set(re.findall(r'name="q-([^"]+)"', page)))
    if submit is None or not questions:
        raise Check("the exam page has no form to submit")
    answers = [(f"q-{q}", v) for q in questions for v in right_values(q)]
    _, location = path.request("POST", submit.group(1), answers, expect=303)
    if not location.split("#")[0].endswith("/examen"):
        raise Check(f"the exam submission went to {location}")
    ok(f"final exam of {len(questions)} question(s) submitted")
    home, _ = path.request("GET", "/")
    pdf = re.search(r'href="(/attestations/[^"]+\.pdf)"', home)
    verify = re.search(r'href="(/verify/[^"]+)"', home)
    if pdf is None or verify is None:
        raise Check("no attestation on the home page after passing the exam")
    documents = [path.download(pdf.group(1)) for _ in range(2)]
    if not documents[0].startswith(b"%PDF-") or documents[0] != documents[1]:
        raise Check("the attestation PDF differs between the instances, or is no PDF")
    ok(f"attestation {pdf.group(1)} downloaded from both instances: the same PDF")
    path.cookie = ""
    page, _ = path.request("GET", verify.group(1))
    if "Attestation valide" not in page:
        raise Check("the public verification page does not say the attestation is valid")
    ok(f"{verify.group(1)}: « Attestation valide », without signing in")


def check_shared_limits(first: str, second: str) -> None:
    """Failed sign-ins of one address, alternating instances: the limit counts them all."""
    email = f"inconnu-{secrets.token_hex(4)}@banc.test"
    statuses = []
    for n in range(6):
        base = (first, second)[n % 2]
        status, _, cookie, page = send(base, "GET", "/login", "")
        token = form_token(page)
        body = urllib.parse.urlencode({"email": email, "password": "faux", "csrf_token": token})
        statuses.append(send(base, "POST", "/login", cookie, body)[0])
    if statuses[:5] != [422] * 5 or statuses[5] != 429:
        raise Check(f"sign-in limit not shared by the instances: {statuses}")
    ok("5 failed sign-ins spread over both instances, the 6th refused (429): limits in Redis")


if __name__ == "__main__":
    sys.exit(main())
