"""Webinars run by GRADeS teams: sessions, registrations with their waiting list, attendance
(« émargement ») and the satisfaction survey."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class WebinarStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"draft": "Brouillon", "published": "Publié", "done": "Terminé",
                "cancelled": "Annulé"}[self.value]


class Audience(StrEnum):
    LEGAL_REPS = "rl"
    GESTIONNAIRES = "gestionnaires"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"rl": "Représentants légaux et mandataires", "gestionnaires":
                "Gestionnaires RPPS+", "all": "Tous les publics"}[self.value]


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"confirmed": "Inscrit(e)", "waiting": "Liste d'attente",
                "cancelled": "Désinscrit(e)"}[self.value]


class Webinar(db.Model):
    """A live session for the structures of one region."""

    id: Mapped[int] = mapped_column(primary_key=True)
    region_code: Mapped[str] = mapped_column(String(3), index=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    title: Mapped[str] = mapped_column(String(200))
    # Markdown typed by the trainer: rendered through nh3 before it reaches a page.
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    duration_minutes: Mapped[int]
    capacity: Mapped[int]
    audience: Mapped[str] = mapped_column(String(20), default=Audience.ALL.value)
    visio_url: Mapped[str] = mapped_column(String(500))
    # Slugs of the course modules it covers (optional).
    modules: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default=WebinarStatus.DRAFT.value)
    # iCalendar: one UID for the life of the event, SEQUENCE raised by each change sent.
    ical_uid: Mapped[str] = mapped_column(String(100), unique=True)
    ical_sequence: Mapped[int] = mapped_column(default=0)
    # The short code attendees type to check in (shown by the trainer, also as a QR code).
    checkin_code: Mapped[str] = mapped_column(String(12))
    replay_url: Mapped[str | None] = mapped_column(String(500))
    slides_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))

    trainer: Mapped[User] = relationship()  # noqa: F821
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="webinar", order_by="Registration.id")

    @property
    def state(self) -> WebinarStatus:
        return WebinarStatus(self.status)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    # The states the pages ask about (never a string compared in a template).
    @property
    def is_draft(self) -> bool:
        return self.state is WebinarStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state is WebinarStatus.PUBLISHED

    @property
    def is_done(self) -> bool:
        return self.state is WebinarStatus.DONE

    @property
    def is_cancelled(self) -> bool:
        return self.state is WebinarStatus.CANCELLED

    @property
    def is_editable(self) -> bool:
        """Draft or published: it can still be changed, cancelled, given participants."""
        return self.state in (WebinarStatus.DRAFT, WebinarStatus.PUBLISHED)

    @property
    def public(self) -> Audience:
        return Audience(self.audience)


class Registration(db.Model):
    """A person's seat (or place on the waiting list) at a webinar, and their attendance."""

    __table_args__ = (
        UniqueConstraint("webinar_id", "user_id"),
        Index("ix_registration_webinar_status", "webinar_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinar.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    # The waiting list's order: first registered, first promoted.
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Attendance: self check-in (code or QR), ticked by the trainer, or the visio tool's export.
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checkin_method: Mapped[str | None] = mapped_column(String(10))  # self | manual | import
    minutes_present: Mapped[int | None]
    # Absent, but said so beforehand: « excusé(e) » on the page, the sheet and the exports.
    excused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    webinar: Mapped[Webinar] = relationship(back_populates="registrations")
    person: Mapped[User] = relationship()  # noqa: F821

    @property
    def state(self) -> RegistrationStatus:
        return RegistrationStatus(self.status)

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None

    @property
    def checked_in_by_self(self) -> bool:
        """Checked in with the code or the QR code (not ticked by the trainer, nor imported)."""
        return self.checkin_method == "self"

    @property
    def is_waiting(self) -> bool:
        return self.state is RegistrationStatus.WAITING

    @property
    def excused(self) -> bool:
        return self.excused_at is not None and not self.attended


class SurveyAnswer(db.Model):
    """One attendee's satisfaction after a session: a mark from 1 to 5 and a comment."""

    __table_args__ = (UniqueConstraint("webinar_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinar.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AttendanceImport(db.Model):
    """The participants export of the visio tool, as imported: who matched, who did not."""

    id: Mapped[int] = mapped_column(primary_key=True)
    webinar_id: Mapped[int] = mapped_column(ForeignKey("webinar.id"), index=True)
    imported_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    minimum_minutes: Mapped[int]
    rows: Mapped[int]
    present: Mapped[int]
    # The tool that wrote the file (« Microsoft Teams », « Zoom », « Webex », « CSV »).
    tool: Mapped[str | None] = mapped_column(String(40))
    # People of the file who match no registered person: listed, never dropped.
    unknown: Mapped[list] = mapped_column(JSON, default=list)
    # Names (without address) that match several registered people: nobody is marked.
    ambiguous: Mapped[list | None] = mapped_column(JSON, default=list)
