"""Attestations de réussite, the « e-learning réalisé » flag they carry, and API tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from certificates.codes import format_code

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class AttestationStatus(StrEnum):
    """Where an attestation stands: only a valid one carries the flag."""

    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return {"valid": "Valide", "revoked": "Révoquée", "superseded": "Remplacée"}[self.value]


class HasStatus:
    """Where an attestation stands, read from its `status`: on its row, and on the facts the
    public verification page reads without the ORM (`verify.Verified`)."""

    @property
    def state(self) -> AttestationStatus:
        return AttestationStatus(self.status)

    @property
    def is_valid(self) -> bool:
        return self.state is AttestationStatus.VALID

    @property
    def is_revoked(self) -> bool:
        return self.state is AttestationStatus.REVOKED


class Attestation(HasStatus, db.Model):
    """An attestation de réussite: issued once per pass, never deleted.

    At most one valid attestation per person and course version: the partial unique index is
    the last guard against two passes racing each other.
    """

    __table_args__ = (
        UniqueConstraint("year", "sequence"),
        Index("uq_attestation_valid_per_course_version", "user_id", "course_slug",
              "course_version", unique=True,
              sqlite_where=text("status = 'valid'"), postgresql_where=text("status = 'valid'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    # Normalised (28 characters of Crockford's base32, no dashes); shown grouped by 4.
    verification_code: Mapped[str] = mapped_column(String(28), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("quiz_attempt.id"))
    # The identity as it stood when issued: a later change of the account does not rewrite it,
    # and the API pairs the attestation with the account only while the two agree.
    holder_name: Mapped[str] = mapped_column(String(210))
    holder_first_name: Mapped[str] = mapped_column(String(100))
    holder_last_name: Mapped[str] = mapped_column(String(100))
    holder_rpps: Mapped[str | None] = mapped_column(String(11))
    # The structures the holder was attached to when passing, as labels: printed as such (the
    # flag stays the person's, for every structure). None when issued before they were kept.
    holder_structures: Mapped[list[str] | None] = mapped_column(JSON)
    course_slug: Mapped[str] = mapped_column(String(60))
    course_title: Mapped[str] = mapped_column(String(200))
    course_version: Mapped[str] = mapped_column(String(20))
    # The course's declared length on that version, as its page announced it (minutes).
    course_minutes: Mapped[int | None]
    score: Mapped[int]
    total: Mapped[int]
    # The success (the date printed); a re-issue keeps it and gets its own `issued_at`.
    passed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default=AttestationStatus.VALID.value)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revocation_reason: Mapped[str | None] = mapped_column(String(500))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("attestation.id"))

    holder: Mapped[User] = relationship(foreign_keys=[user_id])  # noqa: F821
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])  # noqa: F821
    superseded_by: Mapped[Attestation | None] = relationship(remote_side=[id])

    def issued_to(self, person: User) -> bool:  # noqa: F821
        """Whether the account still bears the identity this attestation was issued to."""
        return (self.user_id == person.id and self.holder_first_name == person.first_name
                and self.holder_last_name == person.last_name and self.holder_rpps == person.rpps)

    @property
    def code(self) -> str:
        """The verification code as printed: groups of 4 joined by dashes."""
        return format_code(self.verification_code)

    @property
    def label(self) -> str:  # for the audit log
        return self.number

    def __repr__(self) -> str:
        return f"<Attestation {self.number} {self.status}>"


class AttestationCounter(db.Model):
    """The last sequence number given in a year (numbers restart at 1 each year)."""

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int]


class AttestationDocument(db.Model):
    """An attestation's PDF, rendered once per template version and shared by every server."""

    attestation_id: Mapped[int] = mapped_column(ForeignKey("attestation.id"), primary_key=True)
    template_version: Mapped[str] = mapped_column(String(20), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    rendered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ElearningFlag(db.Model):
    """« E-learning réalisé »: set with a valid attestation, cleared when it is revoked.

    It belongs to the person, not to a structure: one pass serves every employer.
    """

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True,
                                         autoincrement=False)
    attestation_id: Mapped[int] = mapped_column(ForeignKey("attestation.id"), unique=True)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attestation: Mapped[Attestation] = relationship(lazy="joined")


class ApiToken(db.Model):
    """A bearer token of the JSON API, stored hashed: one structure's, or every one (admin)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, shown in lists so that a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    # None: every structure (created by an admin only).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"),
                                                        index=True)
    # Set for an EG of a decentralised EJ: the token sees that EG's people only.
    establishment_id: Mapped[int | None] = mapped_column(ForeignKey("establishment.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    organisation: Mapped[Organisation | None] = relationship()  # noqa: F821
    establishment: Mapped[Establishment | None] = relationship()  # noqa: F821
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

