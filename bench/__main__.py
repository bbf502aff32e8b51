"""Run the benchmarks named on the command line, or all of them: `python -m bench [NAME ...]`."""

import argparse
import dataclasses
import sys

from . import (
    attestation_render,
    cost,
    exam_burst,
    http_baseline,
    lesson,
    roster,
    verify,
    webinar_burst,
)
from .harness import Options
from .load import client_name
from .report import table, write_json

# A new benchmark is one module with `run(options) -> list[Comparison]`, and one line here.
BENCHMARKS = {
    "http": http_baseline.run,
    "lesson": lesson.run,
    "exam-burst": exam_burst.run,
    "attestation-render": attestation_render.run,
    "verify": verify.run,
    "roster": roster.run,
    "webinar-burst": webinar_burst.run,
    "cost": cost.run,
}


def parse(argv: list[str]) -> tuple[list[str], Options]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (default: all of {', '.join(BENCHMARKS)})")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=20, help="concurrent connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each measurement")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto",
                        help="load client (auto: wrk when installed)")
    parser.add_argument("--kill-workers", type=float, metavar="SECONDS",
                        help="exam-burst: kill -9 a gunicorn worker every SECONDS during the "
                             "burst, then count lost and doubled submissions")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    if args.kill_workers is not None and args.kill_workers <= 0:
        parser.error("--kill-workers must be a positive number of seconds")
    options = Options(args.duration, args.connections, args.threads, args.warmup, args.client,
                      args.kill_workers)
    return args.names or list(BENCHMARKS), options


def main(argv: list[str]) -> int:
    names, options = parse(argv)
    print(f"client {client_name(options)}, {options.connections} connections, "
          f"{options.duration:g} s per measurement after {options.warmup:g} s of warm-up",
          flush=True)
    results = {}
    for name in names:
        print(f"\n== {name}", flush=True)
        results[name] = BENCHMARKS[name](options)
        print(table(results[name]), flush=True)
    path = write_json(dataclasses.asdict(options), results)
    print(f"\nratio = subject req/s / baseline req/s, same run (baseline: bare Flask; bare "
          f"WeasyPrint for attestation-render); details in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
