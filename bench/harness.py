"""Reusable pieces: gunicorn servers, a seeded database, signing in, probing a page."""

import contextlib
import http.cookiejar
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SESSION_COOKIE = "rppsplus_session"
# A form's CSRF field, its attributes in either order.
CSRF_FIELD = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
WORKERS = 2
# Sync workers, as `make run` serves: the figures describe the deployment we ship.
WORKER_CLASS = "sync"
# The gunicorn master of each base URL served (to find its workers).
MASTERS: dict[str, int] = {}


@dataclass(frozen=True)
class Options:
    """How hard and how long to load each measurement."""

    duration: float = 10.0
    connections: int = 20
    threads: int = 2
    warmup: float = 2.0
    client: str = "auto"  # auto (wrk when installed), wrk or python
    kill_workers: float | None = None  # exam-burst: kill -9 a worker every so many seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(target: str, env: dict | None = None, ready_path: str = "/", options=()):
    """Serve the WSGI `target` with gunicorn on a free port; yield its base URL."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
               "--worker-class", WORKER_CLASS, "--log-level", "warning", *options, target]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                               start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    MASTERS[base_url] = process.pid
    try:
        wait_until_ready(process, base_url + ready_path)
        yield base_url
    finally:
        MASTERS.pop(base_url, None)
        stop(process)


def wait_until_ready(process: subprocess.Popen, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2):
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers (the whole process group), by force if need be."""
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)
            return


def worker_pids(base_url: str) -> list[int]:
    """The gunicorn workers serving `base_url`: the children of its master, found in /proc."""
    master, workers = MASTERS.get(base_url), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                # The parent's pid is the 2nd field after the name (which is in parentheses).
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == master:
                    workers.append(int(entry.name))
    return workers


def workers_cpu_seconds(base_url: str) -> float:
    """User and system CPU time the workers serving `base_url` have used so far, from /proc.

    On a shared machine the clock times drift with the other programs; the CPU a request
    costs hardly does. Workers killed or replaced in between take their time with them.
    """
    ticks = 0
    for pid in worker_pids(base_url):
        with contextlib.suppress(OSError):
            # utime and stime: the 12th and 13th fields after the name (in parentheses).
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def killing_workers(base_url: str, every: float | None):
    """While the block runs, `kill -9` one worker of `base_url` every `every` seconds.

    Yields the list of pids killed (filled as it goes); gunicorn's master starts new workers.
    """
    killed: list[int] = []
    done = threading.Event()

    def kill_one_then_wait():
        while not done.wait(every):
            workers = worker_pids(base_url)
            if workers:
                victim = workers[len(killed) % len(workers)]
                with contextlib.suppress(ProcessLookupError):
                    os.kill(victim, signal.SIGKILL)
                    killed.append(victim)

    killer = threading.Thread(target=kill_one_then_wait, daemon=True) if every else None
    if killer:
        killer.start()
    try:
        yield killed
    finally:
        done.set()
        if killer:
            killer.join()


@contextlib.contextmanager
def demo_database():
    """A fresh SQLite database, migrated and seeded; yield the environment of the real app."""
    with tempfile.TemporaryDirectory(prefix="rppsplus-bench-") as folder:
        env = {
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "RPPSPLUS_ENV": "development",
            "SECRET_KEY": secrets.token_hex(32),
        }
        flask = [str(BIN / "flask"), "--app", "webapp"]
        for args in (["db", "upgrade"], ["demo", "seed"]):
            done = subprocess.run(flask + args, cwd=ROOT, env={**os.environ, **env},
                                  capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr}")
        yield env


def form_token(page: str) -> str | None:
    """The CSRF token of the first form of an HTML page, if it has one."""
    match = CSRF_FIELD.search(page)
    return match and (match.group(1) or match.group(2))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base_url: str, email: str, password: str) -> str:
    """Sign in through the login form; return the `Cookie` header value of the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    # No User-Agent, like wrk and the Python client: the session is bound to the browser that
    # signed in, and another one would make the app rewrite the cookie on every response.
    opener.addheaders = []
    with opener.open(base_url + "/login") as response:
        page = response.read().decode()
    token = form_token(page)
    if token is None:
        raise RuntimeError("no csrf_token in the login form")
    form = urllib.parse.urlencode(
        {"email": email, "password": password, "csrf_token": token}).encode()
    try:
        with opener.open(base_url + "/login", data=form):
            status = 200  # the form again: signing in was refused
    except urllib.error.HTTPError as error:
        status = error.code
    cookie = next((c for c in jar if c.name == SESSION_COOKIE), None)
    if status not in (302, 303) or cookie is None:
        raise RuntimeError(f"signing in as {email} failed (HTTP {status})")
    return f"{SESSION_COOKIE}={cookie.value}"


def probe(url: str, cookie: str | None = None, expect: str | None = None) -> None:
    """Fail unless `url` answers 200 (not a redirect) and contains `expect`."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request) as response:
            # Compared as UTF-8 bytes: a page's "leçon" and a PDF's "%PDF-" header alike.
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, b""
    if status != 200 or (expect and expect.encode() not in body):
        raise RuntimeError(f"{url} answered {status}" + (f" without {expect!r}" if expect else ""))
