"""Comparisons of a subject with its baseline: the printed table and the JSON file."""

import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path

from .load import Result

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Comparison:
    """One scenario: the subject, and the baseline measured around it in the same run."""

    scenario: str
    baselines: list[Result]
    subject: Result

    @property
    def baseline_rps(self) -> float:
        return sum(r.requests_per_second for r in self.baselines) / len(self.baselines)

    @property
    def ratio(self) -> float:
        return self.subject.requests_per_second / self.baseline_rps

    def as_dict(self) -> dict:
        return {"scenario": self.scenario, "baseline_rps": self.baseline_rps,
                "ratio": self.ratio, "subject": self.subject.as_dict(),
                "baselines": [r.as_dict() for r in self.baselines]}


HEADER = ("scenario", "baseline req/s", "subject req/s", "ratio", "p50 ms", "p95 ms", "p99 ms",
          "errors")
WIDTHS = (34, 15, 14, 7, 8, 8, 8, 7)


def _line(cells) -> str:
    first, *rest = cells
    cells = (f"{cell:>{width}}" for cell, width in zip(rest, WIDTHS[1:], strict=True))
    return f"{first:<{WIDTHS[0]}}" + "".join(cells)


def table(comparisons: list[Comparison]) -> str:
    """A fixed-width table, one line per scenario (latencies are the subject's)."""
    lines = [_line(HEADER), _line("-" * w for w in WIDTHS)]
    for c in comparisons:
        s = c.subject
        lines.append(_line((c.scenario, f"{c.baseline_rps:.0f}", f"{s.requests_per_second:.0f}",
                            f"{c.ratio:.1%}", f"{s.p50_ms:.1f}",
                            "—" if s.p95_ms is None else f"{s.p95_ms:.1f}", f"{s.p99_ms:.1f}",
                            str(s.errors))))
    return "\n".join(lines)


def write_json(options: dict, results: dict[str, list[Comparison]]) -> Path:
    """Keep the figures of this run in bench/results/<timestamp>.json (git-ignored)."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / (time.strftime("%Y%m%dT%H%M%S") + ".json")
    document = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"host": platform.node(), "python": platform.python_version()},
        "options": options,
        "benchmarks": {name: [c.as_dict() for c in rows] for name, rows in results.items()},
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path
