"""What an RL records for their structure: habilitations, departures, invitations, steps done."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


def scope_key(establishment_id: int | None) -> int:
    """The key of a scope within its EJ: the EG's id, or 0 for the EJ itself.

    A plain column, so that unique constraints see "no EG" as a value (NULLs never clash).
    """
    return establishment_id or 0


class Habilitation(db.Model):
    """The habilitation « Gestionnaire RPPS+ » of a person on a scope, as the RL recorded it.

    The EJ when centralised, one EG when decentralised. Never deleted: a withdrawal is dated.
    """

    __table_args__ = (
        Index("uq_habilitation_active", "user_id", "organisation_id", "scope_key", unique=True,
              sqlite_where=text("withdrawn_at IS NULL"),
              postgresql_where=text("withdrawn_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id"))
    scope_key: Mapped[int] = mapped_column(default=0)
    # The attestation behind it; None for the RL themself (the CDE card carries the right).
    attestation_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id"), index=True)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the attestation behind it is revoked: shown to the RL until they act.
    attestation_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(String(500))

    person: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    granted_by: Mapped[User] = relationship(foreign_keys=[granted_by_id])  # noqa: F821
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])  # noqa: F821
    organisation: Mapped[Organisation] = relationship()  # noqa: F821
    establishment: Mapped[Establishment | None] = relationship()  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


def in_force():
    """SQL: a habilitation that counts as in force (`directory.habilitation.counts_as_habilitated`):
    not withdrawn, its attestation not revoked."""
    return and_(Habilitation.withdrawn_at.is_(None), Habilitation.attestation_revoked_at.is_(None))


def to_review():
    """SQL: a habilitation still recorded whose attestation was revoked: « à revoir »."""
    return and_(Habilitation.withdrawn_at.is_(None),
                Habilitation.attestation_revoked_at.is_not(None))


class Departure(db.Model):
    """« Enregistrer un départ »: a person leaves a scope on a date; undone before it, or not.

    On the date, the attachment ends and the habilitation on that scope is withdrawn; the RL
    ticks what remains to do in the national portals.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"), index=True)
    leaving_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The checklist in the real portals, ticked by the RL.
    portal_attachment_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    habilitation_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    membership: Mapped[Membership] = relationship()  # noqa: F821
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])  # noqa: F821

    @property
    def is_pending(self) -> bool:
        return self.cancelled_at is None and self.applied_at is None


class Invitation(db.Model):
    """An RL's invitation to join a scope as gestionnaire: single use, expiring, revocable."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()  # noqa: F821
    establishment: Mapped[Establishment | None] = relationship()  # noqa: F821
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])  # noqa: F821

    @property
    def scope_label(self) -> str:
        return (self.establishment or self.organisation).name

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class StepTick(db.Model):
    """A step of the structure's to-do list that its RL marked as done."""

    __table_args__ = (UniqueConstraint("organisation_id", "scope_key", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id"))
    scope_key: Mapped[int] = mapped_column(default=0)
    step: Mapped[str] = mapped_column(String(40))
    ticked_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DigestSent(db.Model):
    """The weekly digest sent to an RL for an ISO week: never twice."""

    __table_args__ = (UniqueConstraint("user_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    week: Mapped[str] = mapped_column(String(8))  # "2026-W47"
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Reminder(db.Model):
    """« Relancer »: an RL's e-mail to a person about the e-learning, at most once a week.

    The unique (person, ISO week) row is the lock: two clicks or two RLs at once send one.
    """

    __table_args__ = (UniqueConstraint("user_id", "week", name="uq_reminder_user_week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    week: Mapped[str] = mapped_column(String(8))  # "2026-W49", Paris time
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
