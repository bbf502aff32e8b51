"""E-mails waiting to be sent, and the record of those sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
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
    # pending → sent (SMTP) or logged (no SMTP server configured); failed after retries.
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


STATUS_LABELS = {
    "pending": "En attente",
    "sent": "Envoyé",
    "logged": "Enregistré (sans envoi)",
    "failed": "Échec",
}
