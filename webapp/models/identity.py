"""Requests to correct the identity an attestation was issued to, and their decisions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class CorrectionStatus(StrEnum):
    """Where a request stands: pending until an admin or a GRADeS trainer decides."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"pending": "En attente", "approved": "Acceptée",
                "refused": "Refusée"}[self.value]


class IdentityCorrection(db.Model):
    """A change of names or RPPS number of a certified person, asked for and decided.

    An admin's re-issue under a corrected name is recorded here too, approved at once. At most
    one pending request per person.
    """

    __table_args__ = (
        Index("uq_identity_correction_pending", "user_id", unique=True,
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The identity before (as the account bore it when asked) and the one asked for.
    previous_first_name: Mapped[str] = mapped_column(String(100))
    previous_last_name: Mapped[str] = mapped_column(String(100))
    previous_rpps: Mapped[str | None] = mapped_column(String(11))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    rpps: Mapped[str | None] = mapped_column(String(11))
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default=CorrectionStatus.PENDING.value)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(String(500))
    # The attestation issued under the corrected identity.
    replacement_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id"))

    person: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])  # noqa: F821
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])  # noqa: F821
    replacement: Mapped[Attestation | None] = relationship()  # noqa: F821

    @property
    def state(self) -> CorrectionStatus:
        return CorrectionStatus(self.status)

    @property
    def is_pending(self) -> bool:
        return self.state is CorrectionStatus.PENDING
