"""The `cost` benchmark: each page's CPU time per request inside one process, against bare Flask.

No gunicorn, no client, no network: the app's own share of a request, which the wrk benchmarks
measure under gunicorn's share and a shared machine's noise. Requests go straight to the WSGI
callable of the real app (on the seeded demo) and of the bare one, in interleaved rounds, and
each one is timed on the process's CPU clock. "req/s" is then what one core would serve.

Three rows are no page of the platform but what every page stands on, in the app itself: an
empty view, then the same with `/verify`'s rate limit, then also the scan's SELECT. They show
what `/verify` costs before its HTML is rendered, and so how far a page can go.
"""

import os
import statistics
import time
from unittest import mock

from werkzeug.test import EnvironBuilder

from webapp.demo import PASSWORD

from .harness import SESSION_COOKIE, Options, demo_database, form_token
from .load import Result
from .report import Comparison
from .verify import CERTIFIED, certified_attestation

MIN_ROUNDS = 5
BATCH = 200  # requests of one scenario in a row, within a round

LESSON = "/formation/devenir-gestionnaire/01-comprendre-le-rpps/01-le-numero-rpps"


def stack_floor(app):
    """Add the floor's three routes to the app: an empty view, and what `/verify` does first."""
    from certificates.codes import normalise_code
    from webapp import verify
    from webapp.extensions import limiter

    def empty(code):
        return "ok"

    def read(code):
        return "ok" if verify.verified(code=normalise_code(code)) else "inconnu"

    limited = limiter.limit(verify.verify_limit)
    app.add_url_rule("/__bench__/empty/<code>", "bench_empty", empty)
    app.add_url_rule("/__bench__/limited/<code>", "bench_limited", limited(empty))
    app.add_url_rule("/__bench__/read/<code>", "bench_read", limited(read))


def signed_in(app, email: str) -> str:
    """Sign in through the login form with Flask's test client; the session cookie's value."""
    client = app.test_client()
    token = form_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token})
    if response.status_code not in (302, 303):
        raise RuntimeError(f"signing in as {email} failed (HTTP {response.status_code})")
    return client.get_cookie(SESSION_COOKIE).value


def timed(wsgi_app, environ: dict, count: int) -> list[float]:
    """CPU seconds of each of `count` requests; the run stops on any answer but 200."""
    statuses, times = [], []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    for _ in range(count):
        started = time.process_time()
        body = wsgi_app(dict(environ), start_response)
        for _chunk in body:
            pass
        getattr(body, "close", lambda: None)()
        times.append(time.process_time() - started)
    if any(not status.startswith("200") for status in statuses):
        raise RuntimeError(f"{environ['PATH_INFO']} answered {set(statuses)}")
    return times


def result(times: list[float]) -> Result:
    ms = sorted(t * 1000 for t in times)
    percentile = lambda share: ms[min(len(ms) - 1, int(share * len(ms)))]  # noqa: E731
    return Result(requests=len(ms), requests_per_second=1000 / statistics.median(ms),
                  p50_ms=statistics.median(ms), p95_ms=percentile(0.95),
                  p99_ms=percentile(0.99), errors=0, client="in-process")


def run(options: Options) -> list[Comparison]:
    """Interleaved rounds of every scenario and of bare Flask, for `options.duration` s."""
    from bench.baseline import app as bare
    from webapp import create_app

    with demo_database() as env, mock.patch.dict(os.environ, {
            **env, "VERIFY_LIMIT_PER_IP": "1000000 per minute"}):
        app = create_app()
        stack_floor(app)
        number, code = certified_attestation(env)
        cookies = {email: f"{SESSION_COOKIE}={signed_in(app, email)}"
                   for email in ("gestionnaire1@demo.test", CERTIFIED)}
        scenarios = [
            ("empty view, the app's stack", f"/__bench__/empty/{code}", None),
            ("+ /verify's rate limit", f"/__bench__/limited/{code}", None),
            ("+ the scan's SELECT", f"/__bench__/read/{code}", None),
            ("/healthz", "/healthz", None),
            ("/verify/<code>, anonymous", f"/verify/{code}", None),
            ("attestation PDF (cached), holder", f"/attestations/{number}.pdf", CERTIFIED),
            ("lesson page, gestionnaire1", LESSON, "gestionnaire1@demo.test"),
        ]
        subjects = {name: (app.wsgi_app, EnvironBuilder(
            path=path, headers={"Cookie": cookies[email]} if email else {}).get_environ())
            for name, path, email in scenarios}
        subjects["bare"] = (bare.wsgi_app, EnvironBuilder(path="/").get_environ())
        times = {name: [] for name in subjects}
        warm_until = time.monotonic() + options.warmup
        while time.monotonic() < warm_until:  # the first PDF is rendered and stored here
            for wsgi_app, environ in subjects.values():
                timed(wsgi_app, environ, 20)
        ends, rounds = time.monotonic() + options.duration, 0
        while rounds < MIN_ROUNDS or time.monotonic() < ends:
            # The order turns from one round to the next: a slower moment weighs on each.
            names = list(subjects)
            names = names[rounds % len(names):] + names[:rounds % len(names)]
            for name in names:
                times[name] += timed(*subjects[name], BATCH)
            rounds += 1
    print(f"{rounds} interleaved rounds of {BATCH} requests each, CPU time per request",
          flush=True)
    baseline = result(times["bare"])
    return [Comparison(name, [baseline], result(times[name])) for name, *_ in scenarios]
