"""Delivering the outbox: claim a few messages, send them, record each result.

Any number of runs may work at once (the worker, a cron catch-up, another server): each one
claims the messages it sends in a short committed transaction (PostgreSQL: `FOR UPDATE SKIP
LOCKED`; SQLite: an UPDATE that only takes still-unclaimed rows under its write lock), talks
SMTP with no transaction open, then records the outcome. A claim is a lease: if the run dies,
the message is due again once `claimed_until` has passed. A crash after the server accepted a
message but before the result is recorded sends it again (at least once, never lost).
"""

import logging
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_

from .. import audit
from ..extensions import db
from ..models import OutboxMessage
from ..timekeeping import utcnow
from .smtp import Connection, Envelope, PermanentFailure, compose

log = logging.getLogger(__name__)

# After the n-th failed attempt, wait RETRY_DELAYS[n-1]; after the last one, give up:
# 5 min, 30 min, 2 h, 6 h, then a day three times: a bit more than 3 days and 8 h in all.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                timedelta(hours=6), timedelta(hours=24), timedelta(hours=24),
                timedelta(hours=24))
LEASE = timedelta(minutes=10)  # longer than a batch of SMTP conversations with their timeouts
BATCH = 10


@dataclass
class Counts:
    """What one run did."""

    sent: int = 0
    logged: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def delivered(self) -> int:
        return self.sent + self.logged

    @property
    def claimed(self) -> int:
        return self.sent + self.logged + self.retrying + self.failed


def new_run_id() -> str:
    """A name for this run, unique across servers and processes."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def due(now: datetime):
    """SQL: pending, its time has come, and nobody holds a live claim on it."""
    return and_(OutboxMessage.status == "pending",
                or_(OutboxMessage.next_attempt_at.is_(None),
                    OutboxMessage.next_attempt_at <= now),
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))


def claim(run: str, now: datetime, batch: int = BATCH) -> list[Envelope]:
    """Reserve up to `batch` due messages for this run, commit, and return what to send."""
    candidates = (db.select(OutboxMessage.id).where(due(now))
                  .order_by(OutboxMessage.id).limit(batch))
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = db.session.scalars(candidates).all()
    if not ids:
        db.session.commit()
        return []
    # Re-checking `due` makes the claim atomic where row locks do not exist (SQLite).
    db.session.execute(db.update(OutboxMessage)
                       .where(OutboxMessage.id.in_(ids), due(now))
                       .values(claimed_by=run, claimed_until=now + LEASE)
                       .execution_options(synchronize_session=False))
    rows = db.session.execute(
        db.select(OutboxMessage.id, OutboxMessage.recipient, OutboxMessage.subject,
                  OutboxMessage.body_text)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == run)
        .order_by(OutboxMessage.id)).all()
    db.session.commit()
    return [Envelope(*row) for row in rows]


def deliver_pending(limit: int = 500) -> Counts:
    """Send due messages, at most `limit`; one bad message never stops the others."""
    run, counts = new_run_id(), Counts()
    while counts.claimed < limit:
        envelopes = claim(run, utcnow(), min(BATCH, limit - counts.claimed))
        if not envelopes:
            break
        with Connection(current_app.config) as connection:  # one SMTP session per batch
            for envelope in envelopes:
                outcome, error = attempt(envelope, connection)
                record(envelope.id, run, outcome, error, counts)
    return counts


def attempt(envelope: Envelope, connection: Connection) -> tuple[str, str | None]:
    """Try one message: ("sent" | "logged", None), ("retry", error) or ("failed", error)."""
    config = current_app.config
    try:
        email = compose(envelope, config["MAIL_SENDER"])
        if not config["MAIL_SERVER"]:
            return "logged", None
        connection.send(email)
        return "sent", None
    except PermanentFailure as error:
        return "failed", str(error)
    except (OSError, smtplib.SMTPException) as error:
        return "retry", f"{type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001 - a bug on one message must not stop the outbox
        log.exception("event=mail_error message_id=%s", envelope.id)
        return "failed", f"erreur inattendue ({type(error).__name__}: {error})"


def record(message_id: int, run: str, outcome: str, error: str | None, counts: Counts) -> None:
    """Write the result of one attempt and release the claim (commits)."""
    now = utcnow()
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    if message.claimed_by != run:  # our lease ran out and another run took the message
        log.warning("event=mail_claim_lost message_id=%s outcome=%s", message_id, outcome)
        if message.status != "pending":  # ...and recorded its own result: keep that one
            db.session.commit()
            return
    message.attempts += 1
    message.claimed_by = message.claimed_until = None
    if outcome in ("sent", "logged"):
        message.status, message.sent_at, message.next_attempt_at = outcome, now, None
    elif outcome == "retry" and message.attempts <= len(delays := retry_delays()):
        message.next_attempt_at = now + delays[message.attempts - 1]
    else:
        message.status, message.next_attempt_at = "failed", None
        outcome = "failed"
    if error:
        message.last_error = error[:2000]
    db.session.commit()
    key = "retrying" if outcome == "retry" else outcome
    setattr(counts, key, getattr(counts, key) + 1)
    delay = (f" retry_in_s={int((message.next_attempt_at - now).total_seconds())}"
             if outcome == "retry" else "")
    log.info("event=mail_attempt message_id=%s attempts=%s outcome=%s%s", message_id,
             message.attempts, outcome, delay)


def retry_delays() -> tuple[timedelta, ...]:
    """The deployment's schedule (MAIL_RETRY_DELAYS, in seconds), else RETRY_DELAYS."""
    configured = current_app.config.get("MAIL_RETRY_DELAYS")
    return tuple(timedelta(seconds=s) for s in configured) if configured else RETRY_DELAYS


def retry(message: OutboxMessage, actor) -> bool:
    """Put a failed message back in the queue, due at once, on a fresh schedule. Flushes only."""
    if not message.is_failed:
        return False
    message.status, message.attempts = "pending", 0
    message.next_attempt_at = message.claimed_by = message.claimed_until = None
    db.session.flush()
    audit.record("mail.retried", message, label=f"e-mail n° {message.id}", actor=actor)
    log.info("event=mail_retried message_id=%s", message.id)
    return True


def retry_all_failed(actor) -> int:
    """Put every failed message back in the queue (each one audited); how many. Flushes."""
    failed = db.session.scalars(db.select(OutboxMessage).filter_by(status="failed")
                                .order_by(OutboxMessage.id).with_for_update()).all()
    return sum(retry(message, actor) for message in failed)

