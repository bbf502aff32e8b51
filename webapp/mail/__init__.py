"""E-mail through an outbox: queued in the request's transaction, delivered by another process.

A request never talks SMTP: `flask --app webapp mail worker` (started by `make run`) sends what
is queued within seconds, and `flask --app webapp mail send` catches up from cron.
"""

from flask import render_template

from ..extensions import db
from ..models import OutboxMessage
from .delivery import RETRY_DELAYS, deliver_pending, retry, retry_all_failed

__all__ = ["RETRY_DELAYS", "deliver_pending", "queue_email", "retry", "retry_all_failed"]


def queue_email(recipient: str, subject: str, template: str, *, about=None,
                **context) -> OutboxMessage:
    """Write an e-mail to the outbox (rendered from `emails/<template>.txt`); the commit
    writes it with the rest of the transaction (no flush of its own).

    `about` is the person the e-mail concerns when it is not the recipient's own business
    (an attestation told to the RLs), so that the GRADeS of that person's region see failures.
    """
    message = OutboxMessage(
        recipient=recipient,
        subject=subject[:200],
        body_text=render_template(f"emails/{template}.txt", **context),
        kind=template[:40],
        about_user_id=getattr(about, "id", None),
    )
    db.session.add(message)
    return message
