"""`flask mail worker`: sends the outbox within seconds, until SIGTERM or SIGINT."""

import logging
import signal
import threading

from ..extensions import db
from .delivery import deliver_pending

log = logging.getLogger(__name__)


def run_worker(interval: float, stop: threading.Event | None = None) -> None:
    """Deliver what is due, then wait `interval` seconds when the outbox was empty; repeat."""
    stop = stop or stop_on_signals()
    log.info("event=mail_worker_started interval_s=%s", interval)
    while not stop.is_set():
        try:
            counts = deliver_pending()
        except Exception:  # noqa: BLE001 - database away for a moment: try again later
            log.exception("event=mail_worker_error")
            db.session.rollback()
            stop.wait(interval)
            continue
        finally:
            db.session.remove()  # give the connection back between rounds
        if counts.claimed:
            log.info("event=mail_worker_round sent=%s logged=%s retrying=%s failed=%s",
                     counts.sent, counts.logged, counts.retrying, counts.failed)
        else:
            stop.wait(interval)
    log.info("event=mail_worker_stopped")


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT: the current message finishes, then the loop ends."""
    stop = threading.Event()

    def handle(signum, _frame):
        log.info("event=mail_worker_stopping signal=%s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop
