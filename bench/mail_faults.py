"""A fault run of the outbox: e-mails queued, the SMTP server down then back, several
`flask mail worker` processes at once. Prints sent / stored / lost / doubled per database.

On demand, not in CI, not part of `python -m bench` (it measures losses, not a ratio):

    .venv/bin/python -m bench.mail_faults                      # SQLite
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/x .venv/bin/python -m bench.mail_faults

The retry schedule is compressed (MAIL_RETRY_DELAYS, seconds) so that an outage of a few
seconds stands for one of hours; an outage longer than the whole schedule (15 s from the
workers' first attempt, e.g. `--down 40`) shows the e-mails it gives up on (marked failed,
for the admins to retry).
"""

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller

from .bursts import app_on, postgres_database
from .harness import BIN, ROOT, demo_database, free_port

SUBJECT = "Panne simulée n° "
COMPRESSED_DELAYS = "1,1,2,2,3,3,3"  # 15 s in all, standing for 3 days and 8 hours


class SlowSink:
    """An SMTP server that takes `delay` seconds per message and keeps the subjects."""

    def __init__(self, delay: float):
        self.delay, self.subjects = delay, []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.subjects.append(message_from_bytes(envelope.content, policy=default)["Subject"])
        return "250 OK"


def queue(app, count: int) -> None:
    """Queue `count` e-mails through the app's own outbox."""
    from webapp.extensions import db
    from webapp.mail import queue_email

    with app.test_request_context():
        for number in range(count):
            queue_email(f"panne{number}@exemple.fr", f"{SUBJECT}{number}", "password_changed",
                        person={"first_name": "Camille"}, reset_url="http://academie.test/")
        db.session.commit()


def outcome() -> dict[str, int]:
    """How the bench's e-mails stand in the outbox, by status."""
    from webapp.extensions import db
    from webapp.models import OutboxMessage

    statuses = dict(db.session.execute(
        db.select(OutboxMessage.status, db.func.count())
        .where(OutboxMessage.subject.startswith(SUBJECT))
        .group_by(OutboxMessage.status)).all())
    db.session.rollback()  # SQLite: do not keep the write lock from the workers
    return statuses


def fault_run(name: str, env: dict, args) -> None:
    """Queue the e-mails, then run the workers through the outage."""
    port = free_port()
    mail_env = {**os.environ, **env, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
                "MAIL_USE_TLS": "false", "MAIL_TIMEOUT": "5",
                "MAIL_RETRY_DELAYS": COMPRESSED_DELAYS, "MAIL_WORKER_INTERVAL": "0.2"}
    with app_on(env) as app:
        queue(app, args.messages)
        run_workers(name, mail_env, port, args)


def run_workers(name: str, mail_env: dict, port: int, args) -> None:
    """Start the workers with the server down, bring it up, wait for the outbox, count."""
    logs = tempfile.TemporaryFile()
    workers = [subprocess.Popen([str(BIN / "flask"), "--app", "webapp", "mail", "worker"],
                                cwd=ROOT, env=mail_env, stdout=logs, stderr=logs,
                                start_new_session=True) for _ in range(args.workers)]
    sink = SlowSink(args.sink_delay)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    try:
        time.sleep(args.down)
        controller.start()
        back = time.monotonic()
        while time.monotonic() - back < args.timeout and outcome().get("pending"):
            time.sleep(0.5)
        drained = time.monotonic() - back
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(30)
        controller.stop()
    statuses = outcome()
    received = Counter(s for s in sink.subjects if s.startswith(SUBJECT))
    stored = sum(statuses.values())
    doubled = sum(count - 1 for count in received.values())
    lost = stored - len(received)
    print(f"{name}: {args.messages} queued, SMTP down {args.down:g} s, {args.workers} workers, "
          f"{args.sink_delay * 1000:.0f} ms per message at the server\n"
          f"  sent {len(received)} (received {sum(received.values())}), stored {stored}, "
          f"lost {lost}, doubled {doubled}; outbox {dict(sorted(statuses.items()))}; "
          f"drained {drained:.1f} s after the server came back\n"
          f"  worker exit codes {[worker.returncode for worker in workers]}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mail_faults", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200, help="e-mails queued")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the server is down")
    parser.add_argument("--workers", type=int, default=2, help="`mail worker` processes")
    parser.add_argument("--sink-delay", type=float, default=0.02,
                        help="seconds the server takes per message")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds to wait for the outbox to drain once the server is back")
    args = parser.parse_args(argv)
    databases = [("SQLite", demo_database)]
    if os.environ.get("BENCH_DATABASE_URL"):
        databases.append(("PostgreSQL", postgres_database))
    for name, database in databases:
        with database() as env:
            fault_run(name, env, args)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
