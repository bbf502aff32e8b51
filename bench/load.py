"""Load one URL with wrk when installed, else with a Python thread-pool client."""

import http.client
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from .harness import Options


@dataclass(frozen=True)
class Result:
    """What one measurement saw."""

    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int  # responses other than 2xx, plus socket errors and timeouts
    client: str
    p95_ms: float | None = None  # None in the results of benchmarks that do not compute it

    def as_dict(self) -> dict:
        return asdict(self)


class TooManyErrors(RuntimeError):
    """A measurement of error pages measures nothing worth knowing."""


def client_name(options: Options) -> str:
    if options.client == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    return options.client


def load(url: str, options: Options, cookie: str | None = None) -> Result:
    """Warm up, then load `url` for `options.duration` seconds; fail if over 1 % errors."""
    measure = run_wrk if client_name(options) == "wrk" else run_python
    measure(url, options, cookie, options.warmup)
    result = measure(url, options, cookie, options.duration)
    if result.errors > 0.01 * max(result.requests, 1):
        raise TooManyErrors(f"{url}: {result.errors} errors in {result.requests} requests")
    return result


# wrk's --latency leaves the 95th percentile out: a `done` hook prints it.
PERCENTILES_SCRIPT = Path(__file__).resolve().parent / "percentiles.lua"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNITS_MS[unit]


def run_wrk(url: str, options: Options, cookie: str | None, duration: float) -> Result:
    command = ["wrk", "--latency", "-s", str(PERCENTILES_SCRIPT), "-t", str(options.threads),
               "-c", str(options.connections), "-d", f"{max(1, round(duration))}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    # wrk counts only status >= 400 as "Non-2xx or 3xx": harness.probe rules redirects out.
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        out)
    return Result(
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        p99_ms=_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        errors=(int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(map(int, sockets.groups())) if sockets else 0),
        client="wrk",
        p95_ms=int(re.search(r"^p95 (\d+) us$", out, re.M).group(1)) / 1000,
    )


def run_python(url: str, options: Options, cookie: str | None, duration: float) -> Result:
    """One thread per connection, each on a keep-alive `http.client` connection."""
    parts = urllib.parse.urlsplit(url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
                failed += not 200 <= response.status < 300
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(options.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(p: float) -> float:
        if not latencies:
            return 0.0
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return Result(len(latencies), len(latencies) / elapsed, percentile(0.50), percentile(0.99),
                  errors[0], "python", percentile(0.95))
