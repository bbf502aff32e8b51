"""E-mails waiting to be sent, and the record of those sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """One e-mail, written in the same transaction as the event it reports."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # pending → sent (SMTP) or logged (no SMTP server configured); failed when it can never
    # leave (permanent error) or after the last retry of the schedule (webapp/mail/delivery.py).
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # When a pending message may be tried (again); empty = at once.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The run sending it, until when: a crashed run's claim expires and another takes over.
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the e-mail is (its template) and whom it concerns, for the GRADeS' failure list.
    kind: Mapped[str | None] = mapped_column(String(40), index=True)
    about_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_failed(self) -> bool:
        return self.status == "failed"

    @property
    def retry_planned(self) -> bool:
        """Pending after a temporary failure: `next_attempt_at` says when it is tried again."""
        return self.status == "pending" and self.next_attempt_at is not None


STATUS_LABELS = {
    "pending": "En attente",
    "sent": "Envoyé",
    "logged": "Enregistré (sans envoi)",
    "failed": "Échec",
}
