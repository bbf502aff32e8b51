"""Practice attempts at the registration simulator: the entries while it lasts, the result after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class PracticeAttempt(db.Model):
    """One attempt at a practice case.

    While it lasts, `entries` keeps what the learner typed (fictional data from the case) so
    that nothing is lost between steps; at the end only `results` stays: field → `right`,
    `fixed` (right after a feedback) or `wrong`.
    """

    __table_args__ = (Index("ix_practice_attempt_user_case", "user_id", "case_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    case_key: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    entries: Mapped[dict | None] = mapped_column(JSON)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    results: Mapped[dict | None] = mapped_column(JSON)
    fields_right: Mapped[int | None]
    fields_checked: Mapped[int | None]

    @property
    def is_open(self) -> bool:
        return self.finished_at is None

    @property
    def all_right(self) -> bool:
        return self.fields_checked is not None and self.fields_right == self.fields_checked
