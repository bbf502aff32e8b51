"""Scheduled commands (cron, the mail worker): one key=value log line per run, ids only."""

import logging
import time
from contextlib import contextmanager

log = logging.getLogger("webapp.scheduled")
LOG_FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"


def log_operations() -> None:
    """Print the operations' INFO lines on stderr, unless a handler is already set up."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    logging.getLogger("webapp").setLevel(logging.INFO)


@contextmanager
def scheduled_run(command: str):
    """Time a run and log its counts (fill the yielded dict); a crash is logged too."""
    counts: dict[str, int] = {}
    started = time.perf_counter()
    outcome = "error"
    try:
        yield counts
        outcome = "ok"
    finally:
        fields = "".join(f" {key}={value}" for key, value in counts.items())
        log.info("event=scheduled_run command=%s outcome=%s%s duration_ms=%d", command, outcome,
                 fields, (time.perf_counter() - started) * 1000)
