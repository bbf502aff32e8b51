"""The `exam-burst` benchmark: a webinar ends and N learners submit their final exam at once.

Not a steady load like the others: N exam-ready learners (made in the bench database with the
app's own operations), each signed in and with an exam started over HTTP, then all N
submissions fired together through a pool of connections. Printed: submissions/s, p50 and p95
latency, submissions sent vs attempts stored and graded (must be equal), errors. The table row
compares submissions/s with bare Flask measured just before and after the burst.

On SQLite always; on PostgreSQL too when BENCH_DATABASE_URL names a server (a database is
created on it for the run, then dropped).

With `--kill-workers SECONDS`, a gunicorn worker is killed (`kill -9`) every SECONDS during the
burst; a learner whose submission failed sends it again, as a person would, and the database
is then counted per learner: stored, lost (no submitted exam), doubled (two submitted exams or
two attestations), and every pass with its attestation and its « e-learning réalisé » flag.
"""

import http.client
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .bursts import app_on, per_database, percentile, send
from .harness import Options, form_token, killing_workers, server, sign_in, workers_cpu_seconds
from .load import Result
from .report import Comparison

LEARNERS = 300
CONCURRENCY = 50  # connections firing the burst; gunicorn queues what its workers cannot take
SETUP_THREADS = 8  # signing in is slow on purpose (Argon2): spread it over the workers
PASSWORD = "mot-de-passe-du-banc-d-essai"
DOMAIN = "@banc.test"
COURSE = "devenir-gestionnaire"
EXAM = f"/formation/{COURSE}/examen"
# 300 sign-ins from one address would trip the per-IP login limit of production.
SERVER_ENV = {"LOGIN_LIMIT_PER_IP": "100000 per minute"}
# With --kill-workers: how many times a learner sends a submission that failed.
TRIES = 5


@dataclass
class Learner:
    email: str
    cookie: str = ""
    token: str = ""
    submit_path: str = ""
    body: str = ""
    retries: int = 0


def run(options: Options) -> list[Comparison]:
    """One burst per database (SQLite, and PostgreSQL when configured), bare Flask around each."""
    if options.kill_workers:
        scenario = f"{LEARNERS} exam submissions, kill -9 every {options.kill_workers:g} s"
        return per_database(options, scenario,
                            lambda name, env: burst(name, env, options.kill_workers))
    return per_database(options, f"{LEARNERS} exam submissions", burst)


def burst(name: str, env: dict, kill_every: float | None = None) -> Result:
    """Make the learners ready, start their exams, fire every submission at once; report."""
    learners = [Learner(f"apprenant{n}{DOMAIN}") for n in range(LEARNERS)]
    with app_on(env) as app:
        make_learners(app, learners)
        # Killed workers are replaced at once when they fork from a master that loaded the app.
        options = ("--preload",) if kill_every else ()
        with server("webapp:create_app()", {**env, **SERVER_ENV}, "/healthz", options) as real:
            with ThreadPoolExecutor(SETUP_THREADS) as pool:
                list(pool.map(lambda learner: start_exam(real, learner), learners))
            build_submissions(app, learners)
            tries = TRIES if kill_every else 1
            started, cpu = time.perf_counter(), workers_cpu_seconds(real)
            with (killing_workers(real, kill_every) as killed,
                  ThreadPoolExecutor(CONCURRENCY) as pool):
                outcomes = list(pool.map(lambda learner: submit(real, learner, tries), learners))
            elapsed = time.perf_counter() - started
            cpu = (workers_cpu_seconds(real) - cpu) / len(learners) * 1000
        if kill_every:
            retried = sum(learner.retries > 0 for learner in learners)
            print_fault_run(name, kill_every, killed, outcomes, retried, count_per_learner(app))
        stored, graded = count_stored(app)
    latencies = sorted(latency for latency, _ in outcomes)
    failures = [status for _, status in outcomes if status != "ok"]
    rate = len(learners) / elapsed
    sent = len(learners)
    verdict = "OK" if stored == graded == sent else "LOST OR UNGRADED SUBMISSIONS"
    print(f"{name}: {sent} submissions in {elapsed:.2f} s through {CONCURRENCY} connections\n"
          f"  {rate:.1f} submissions/s; latency p50 {percentile(latencies, 0.50):.0f} ms, "
          f"p95 {percentile(latencies, 0.95):.0f} ms, max {latencies[-1] * 1000:.0f} ms\n"
          f"  sent {sent}, stored {stored}, graded all right {graded}: {verdict}; "
          f"errors {len(failures)}" + (f" {sorted(set(failures))}" if failures else "")
          + ("" if kill_every else f"\n  server CPU {cpu:.1f} ms per submission"), flush=True)
    return Result(len(learners), rate, percentile(latencies, 0.50), percentile(latencies, 0.99),
                  len(failures), "python", p95_ms=percentile(latencies, 0.95))


# --- The database, from the bench process: the app's own code, not HTTP -------------------

def make_learners(app, learners: list[Learner]) -> None:
    """Confirmed learners with every module done, as the test suite makes them."""
    from tests.webapp.steps import make_exam_ready
    from webapp.auth.passwords import hash_password
    from webapp.people import create_person
    from webapp.timekeeping import utcnow

    password_hash = hash_password(PASSWORD)  # Argon2 is slow on purpose: once for all
    for learner in learners:
        person = create_person(learner.email, "Camille", "Banc", send_activation=False)
        person.password_hash, person.email_confirmed_at = password_hash, utcnow()
        make_exam_ready(person)  # commits


def build_submissions(app, learners: list[Learner]) -> None:
    """Each learner's form: every drawn question answered right, as the exam page posts it."""
    from tests.webapp.steps import right_values
    from webapp.extensions import db
    from webapp.models import QuizAttempt, User

    rows = db.session.execute(db.select(User.email, QuizAttempt).join(
        QuizAttempt, QuizAttempt.user_id == User.id).filter(
        QuizAttempt.kind == "exam", QuizAttempt.submitted_at.is_(None))).all()
    attempts = dict(rows)
    for learner in learners:
        attempt = attempts[learner.email]
        learner.submit_path = f"{EXAM}/{attempt.id}/submit"
        learner.body = urllib.parse.urlencode(
            [("csrf_token", learner.token)] + [
                (f"q-{d['question_id']}", value) for d in attempt.drawn
                for value in right_values(d["question_id"])])
    # Outside a request the app begins IMMEDIATE on SQLite: an open transaction here would
    # hold the write lock through the burst. (Committing first would expire the attempts,
    # and reading them again would open a new one.)
    db.session.commit()


def count_stored(app) -> tuple[int, int]:
    """The learners' exam attempts submitted (at most one each), and those graded all right."""
    from webapp.extensions import db
    from webapp.models import QuizAttempt, User

    submitted = db.select(QuizAttempt).join(User).filter(
        QuizAttempt.kind == "exam", QuizAttempt.submitted_at.is_not(None),
        User.email.endswith(DOMAIN))  # the demo seed has exams of its own
    attempts = db.session.scalars(submitted).all()
    learners = len({a.user_id for a in attempts})
    graded = sum(a.score is not None and a.score == a.total for a in attempts)
    db.session.commit()
    if learners != len(attempts):
        raise RuntimeError("a learner has two submitted exams")
    return len(attempts), graded


# --- HTTP, as a browser would ---------------------------------------------------------------

def start_exam(base_url: str, learner: Learner) -> None:
    """Sign in, open the exam page (for a CSRF token) and start the exam, as a learner does."""
    learner.cookie = sign_in(base_url, learner.email, PASSWORD)
    status, _, learner.cookie, page = send(base_url, "GET", EXAM, learner.cookie)
    learner.token = form_token(page)
    if status != 200 or learner.token is None:
        raise RuntimeError(f"{EXAM} answered {status} to {learner.email} without a form")
    body = urllib.parse.urlencode({"csrf_token": learner.token})
    status, location, learner.cookie, _ = send(base_url, "POST", EXAM, learner.cookie, body)
    if status != 303 or not location.endswith(EXAM):
        raise RuntimeError(f"starting the exam of {learner.email}: HTTP {status} → {location}")


def submit(base_url: str, learner: Learner, tries: int = 1) -> tuple[float, str]:
    """Submit the exam (again on failure, up to `tries` times); the latency in seconds and "ok"
    (a 303 to the result) or what failed last. `learner.retries` counts the sends again."""
    started = time.perf_counter()
    for attempt in range(tries):
        learner.retries = attempt
        try:
            status, location, _, _ = send(base_url, "POST", learner.submit_path, learner.cookie,
                                          learner.body)
            # To the exam page (its result; after a pass, the attestation first: no anchor).
            ok = status == 303 and location.split("#")[0].endswith(EXAM)
            outcome = "ok" if ok else f"HTTP {status}"
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
        if outcome == "ok":
            break
    return time.perf_counter() - started, outcome


# --- A fault run (--kill-workers): what the database holds, learner by learner -------------

def count_per_learner(app) -> dict[str, int]:
    """Learners with a submitted exam, with two, passes, and passes with attestation and flag."""
    from sqlalchemy import func

    from webapp.extensions import db
    from webapp.models import Attestation, ElearningFlag, QuizAttempt, User

    ours = db.select(User.id).filter(User.email.endswith(DOMAIN)).scalar_subquery()
    submitted = dict(db.session.execute(
        db.select(QuizAttempt.user_id, func.count()).filter(
            QuizAttempt.kind == "exam", QuizAttempt.submitted_at.is_not(None),
            QuizAttempt.user_id.in_(ours)).group_by(QuizAttempt.user_id)).all())
    passed = set(db.session.scalars(db.select(QuizAttempt.user_id).filter(
        QuizAttempt.kind == "exam", QuizAttempt.user_id.in_(ours),
        QuizAttempt.score == QuizAttempt.total)))
    attestations = dict(db.session.execute(
        db.select(Attestation.user_id, func.count()).filter(Attestation.user_id.in_(ours))
        .group_by(Attestation.user_id)).all())
    flags = set(db.session.scalars(db.select(ElearningFlag.user_id).filter(
        ElearningFlag.user_id.in_(ours))))
    db.session.commit()
    return {
        "stored": len(submitted),
        "doubled": sum(n > 1 for n in submitted.values())
        + sum(n > 1 for n in attestations.values()),
        "passes": len(passed),
        "with_attestation": len(passed & attestations.keys()),
        "with_flag": len(passed & flags),
    }


def print_fault_run(name: str, every: float, killed: list[int], outcomes: list, retried: int,
                    counts: dict) -> None:
    """Sent / stored / lost / doubled, and every pass with its attestation and flag."""
    sent = len(outcomes)
    lost = sent - counts["stored"]
    failed = sum(status != "ok" for _, status in outcomes)
    sound = (lost == counts["doubled"] == 0
             and counts["passes"] == counts["with_attestation"] == counts["with_flag"])
    print(f"{name}, kill -9 of a worker every {every:g} s: {len(killed)} worker(s) killed\n"
          f"  sent {sent}, stored {counts['stored']}, lost {lost}, doubled {counts['doubled']}"
          f"; sent again after a failure: {retried}, still failing after {TRIES} tries: "
          f"{failed}\n"
          f"  passes {counts['passes']}: with attestation {counts['with_attestation']}, "
          f"with flag {counts['with_flag']}: {'OK' if sound else 'FAULT'}", flush=True)
