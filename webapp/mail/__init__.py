"""E-mail through an outbox: queued in the request's transaction, delivered by another process.

A request never talks SMTP: `flask --app webapp mail worker` (started by `make run`) sends what
is queued within seconds, and `flask --app webapp mail send` catches up from cron.
"""

from flask import current_app

from ..extensions import db
from ..models import OutboxMessage
from .delivery import RETRY_DELAYS, deliver_pending, retry, retry_all_failed

__all__ = ["RETRY_DELAYS", "deliver_pending", "email_row", "queue_email", "retry",
           "retry_all_failed", "write_emails"]


def email_row(recipient: str, subject: str, template: str, *, about_id: int | None = None,
              **context) -> dict:
    """The values of an outbox row: the e-mail rendered from `emails/<template>.txt`.

    `about_id` is the person the e-mail concerns when it is not the recipient's own business
    (an attestation told to the RLs), so that the GRADeS of that person's region see failures.
    Plain text from its own context alone: no page globals (menu, CSRF token) to compute.
    """
    body = current_app.jinja_env.get_template(f"emails/{template}.txt").render(context)
    return {"recipient": recipient, "subject": subject[:200], "body_text": body,
            "kind": template[:40], "about_user_id": about_id}


def queue_email(recipient: str, subject: str, template: str, *, about=None,
                **context) -> OutboxMessage:
    """Write an e-mail to the outbox (`email_row`; `about`: the person it concerns); the
    commit writes it with the rest of the transaction (no flush of its own)."""
    message = OutboxMessage(**email_row(recipient, subject, template,
                                        about_id=getattr(about, "id", None), **context))
    db.session.add(message)
    return message


def write_emails(rows: list[dict]) -> None:
    """Write outbox rows (`email_row`) now, in one INSERT and no ORM object: for the write
    transactions kept short (a pass at the end of a webinar)."""
    if rows:
        db.session.execute(OutboxMessage.__table__.insert(), rows)
