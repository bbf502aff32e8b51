"""E-mail through an outbox: queued in the request's transaction, delivered after the response."""

import logging
import smtplib
from email.message import EmailMessage
from functools import partial

from flask import current_app, g, has_request_context, render_template

from .extensions import db
from .models import OutboxMessage
from .timekeeping import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def queue_email(recipient: str, subject: str, template: str, **context) -> OutboxMessage:
    """Write an e-mail to the outbox (rendered from `emails/<template>.txt`). Flushes only."""
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body_text=render_template(f"emails/{template}.txt", **context),
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.setdefault("queued_emails", []).append(message.id)
    return message


def deliver_pending(ids: list[int] | None = None, limit: int = 100) -> int:
    """Send pending messages (those in `ids`, or the oldest ones); return how many went out."""
    query = db.select(OutboxMessage).filter_by(status="pending").order_by(OutboxMessage.id)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    delivered = 0
    for message in db.session.scalars(query.limit(limit)).all():
        message.attempts += 1
        try:
            message.status = send(message)
            message.sent_at = utcnow()
            delivered += 1
        except (OSError, smtplib.SMTPException) as error:
            message.last_error = str(error)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
        db.session.commit()
    return delivered


def send(message: OutboxMessage) -> str:
    """Send by SMTP when a server is configured, else log it; return the new status."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info("e-mail to %s: %s", message.recipient, message.subject)
        return "logged"
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body_text)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)
    return "sent"


def deliver_after_response(response):
    """Once the response is sent, deliver what this request queued (the CLI retries failures)."""
    ids = g.pop("queued_emails", None)
    if ids and response.status_code < 400:
        app = current_app._get_current_object()
        response.call_on_close(partial(_deliver_in_context, app, ids))
    return response


def _deliver_in_context(app, ids):
    with app.app_context():
        try:
            deliver_pending(ids)
        except Exception:  # never let a mail problem break a request already answered
            log.exception("outbox delivery failed; `flask mail send` will retry")
            db.session.rollback()
