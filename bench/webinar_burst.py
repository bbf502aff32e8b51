"""The `webinar-burst` benchmark: 200 people register for one 100-seat webinar at once.

Not a steady load: one burst. The people (made in the bench database with the app's own
operations: accounts, attachment to an EJ of the webinar's region, the webinar published by a
trainer) are each signed in and hold a CSRF token from the webinar's page; then all their
« M'inscrire » POSTs leave together through a pool of connections. Printed: registrations/s,
p50 and p95 latency, and what the database holds: exactly 100 seats taken and 100 people
waiting, nobody twice. The table row compares registrations/s with bare Flask measured just
before and after the burst.

On a fresh SQLite database always; on PostgreSQL too when BENCH_DATABASE_URL names a server.
"""

import http.client
import re
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from .bursts import app_on, per_database, percentile, send
from .harness import Options, server, sign_in
from .load import Result
from .report import Comparison

PEOPLE = 200
CAPACITY = 100
CONCURRENCY = 50  # connections firing the burst; gunicorn queues what its workers cannot take
SETUP_THREADS = 8  # signing in is slow on purpose (Argon2): spread it over the workers
PASSWORD = "mot-de-passe-du-banc-d-essai"
DOMAIN = "@banc-webinaire.test"
REGION = "84"
# 200 sign-ins from one address would trip the per-IP login limit of production.
SERVER_ENV = {"LOGIN_LIMIT_PER_IP": "100000 per minute"}


@dataclass
class Person:
    email: str
    cookie: str = ""
    body: str = ""


def run(options: Options) -> list[Comparison]:
    """One burst per database (SQLite, and PostgreSQL when configured), bare Flask around each."""
    return per_database(options, f"{PEOPLE} registrations, {CAPACITY} seats", burst)


def burst(name: str, env: dict) -> Result:
    """Make the people and the webinar, sign everyone in, fire every registration at once."""
    people = [Person(f"personne{n}{DOMAIN}") for n in range(PEOPLE)]
    with app_on(env) as app:
        webinar_id = make_people_and_webinar(app, people)
        with server("webapp:create_app()", {**env, **SERVER_ENV}, ready_path="/healthz") as real:
            path = f"/webinaires/{webinar_id}/inscription"
            with ThreadPoolExecutor(SETUP_THREADS) as pool:
                list(pool.map(lambda person: get_ready(real, webinar_id, person), people))
            started = time.perf_counter()
            with ThreadPoolExecutor(CONCURRENCY) as pool:
                outcomes = list(pool.map(lambda person: click(real, path, person), people))
            elapsed = time.perf_counter() - started
        seated, waiting, distinct = count_registrations(app, webinar_id)
    latencies = sorted(latency for latency, _ in outcomes)
    failures = [status for _, status in outcomes if status != "ok"]
    rate = PEOPLE / elapsed
    right = (seated, waiting, distinct) == (CAPACITY, PEOPLE - CAPACITY, PEOPLE)
    print(f"{name}: {PEOPLE} registrations for {CAPACITY} seats in {elapsed:.2f} s through "
          f"{CONCURRENCY} connections\n"
          f"  {rate:.1f} registrations/s; latency p50 {percentile(latencies, 0.50):.0f} ms, "
          f"p95 {percentile(latencies, 0.95):.0f} ms, max {latencies[-1] * 1000:.0f} ms\n"
          f"  seated {seated}, waiting {waiting}, people registered {distinct}: "
          f"{'OK' if right else 'WRONG COUNT'}; errors {len(failures)}"
          + (f" {sorted(set(failures))}" if failures else ""), flush=True)
    return Result(PEOPLE, rate, percentile(latencies, 0.50), percentile(latencies, 0.99),
                  len(failures), "python", p95_ms=percentile(latencies, 0.95))


# --- The database, from the bench process: the app's own code, not HTTP -------------------

def make_people_and_webinar(app, people: list[Person]) -> int:
    """An EJ of the region with the people as gestionnaires, and a published 100-seat webinar
    of a trainer of the region; the webinar's id."""
    from directory.structures import ContractMode, StructureRole
    from tests.factories import make_finess
    from webapp.auth.passwords import hash_password
    from webapp.extensions import db
    from webapp.models import PlatformRole
    from webapp.people import create_person
    from webapp.structures.operations import attach_person, create_organisation
    from webapp.timekeeping import utcnow
    from webapp.webinars import organising

    password_hash = hash_password(PASSWORD)  # Argon2 is slow on purpose: once for all
    organisation = create_organisation("EJ du banc d'essai", make_finess("01"), REGION,
                                       ContractMode.CENTRALISED)
    trainer = create_person(f"formateur{DOMAIN}", "Fabien", "Banc", role=PlatformRole.TRAINER,
                            region_code=REGION, send_activation=False)
    for person in people:
        account = create_person(person.email, "Camille", "Banc", send_activation=False)
        account.password_hash, account.email_confirmed_at = password_hash, utcnow()
        attach_person(account, organisation, StructureRole.GESTIONNAIRE)
    webinar = organising.create_webinar(
        {"title": "Banc d'essai : 100 places", "description": "", "starts_at":
         utcnow() + timedelta(days=7), "duration_minutes": 60, "capacity": CAPACITY,
         "audience": "all", "visio_url": "https://visio.exemple.fr/banc", "modules": []},
        trainer, REGION)
    organising.publish(webinar)
    webinar_id = webinar.id
    # Outside a request the app begins IMMEDIATE on SQLite: end the transaction before the
    # burst, or it would hold the write lock through it.
    db.session.commit()
    return webinar_id


def count_registrations(app, webinar_id: int) -> tuple[int, int, int]:
    """Seats taken, people waiting, and distinct people registered for the webinar."""
    from webapp.extensions import db
    from webapp.models import Registration

    rows = db.session.execute(db.select(Registration.status, Registration.user_id).where(
        Registration.webinar_id == webinar_id)).all()
    db.session.commit()
    statuses = [status for status, _ in rows]
    return statuses.count("confirmed"), statuses.count("waiting"), len({u for _, u in rows})


# --- HTTP, as a browser would ---------------------------------------------------------------

def get_ready(base_url: str, webinar_id: int, person: Person) -> None:
    """Sign in, open the webinar's page and keep the CSRF token of its registration form."""
    person.cookie = sign_in(base_url, person.email, PASSWORD)
    status, _, person.cookie, page = send(base_url, "GET", f"/webinaires/{webinar_id}",
                                          person.cookie)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if status != 200 or token is None or f"/webinaires/{webinar_id}/inscription" not in page:
        raise RuntimeError(f"/webinaires/{webinar_id} answered {status} to {person.email} "
                           "without a registration form")
    person.body = urllib.parse.urlencode({"csrf_token": token.group(1)})


def click(base_url: str, path: str, person: Person) -> tuple[float, str]:
    """Register (the form without htmx); the latency and "ok" (a 303 to the page) or what
    failed."""
    started = time.perf_counter()
    try:
        status, location, _, _ = send(base_url, "POST", path, person.cookie, person.body)
        outcome = "ok" if status == 303 and location.endswith(path.rsplit("/", 1)[0]) \
            else f"HTTP {status}"
    except (OSError, http.client.HTTPException) as error:
        outcome = type(error).__name__
    return time.perf_counter() - started, outcome
