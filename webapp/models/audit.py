"""The append-only audit log of security-relevant events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """Who did what to what, and when. Rows are never updated nor deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(50), index=True)
    target_type: Mapped[str | None] = mapped_column(String(30))
    target_id: Mapped[int | None]
    target_label: Mapped[str | None] = mapped_column(String(254))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()  # noqa: F821


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def refuse_change(_mapper, _connection, target):
    # The database refuses too (triggers in the migration); this catches it earlier.
    raise PermissionError("the audit log is append-only")
