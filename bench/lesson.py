"""The `lesson` benchmark: a signed-in lesson page against bare Flask (aim: ≥ 25 %, p99 < 50 ms)."""

from .harness import Options
from .http_baseline import measure
from .report import Comparison

LESSON = "/formation/devenir-gestionnaire/01-comprendre-le-rpps/01-le-numero-rpps"
SCENARIOS = (
    ("lesson page, gestionnaire1", LESSON, "gestionnaire1@demo.test", "J'ai lu cette leçon"),
)


def run(options: Options) -> list[Comparison]:
    """Measure the first lesson of the course, signed in as a learner."""
    return measure(SCENARIOS, options)
