"""What each person has read of the courses, and their quiz attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class LessonProgress(db.Model):
    """A lesson marked as read, with the course version and module content read then."""

    __table_args__ = (
        UniqueConstraint("user_id", "course_slug", "lesson_key"),
        # A person's last lesson read, from the index alone (rosters sort on it).
        Index("ix_lesson_progress_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    course_slug: Mapped[str] = mapped_column(String(60))
    # `<module>/<lesson>`: rows are kept when content changes, so progress is never lost.
    lesson_key: Mapped[str] = mapped_column(String(130))
    course_version: Mapped[str] = mapped_column(String(20))
    module_hash: Mapped[str] = mapped_column(String(16))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LessonOpening(db.Model):
    """The lesson a person is reading now, and since when (server time): one row per person.

    One row, not one per lesson: only the lesson opened last accrues reading time, so twenty
    tabs opened at once count as one lesson.
    """

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         primary_key=True)
    course_slug: Mapped[str] = mapped_column(String(60))
    lesson_key: Mapped[str] = mapped_column(String(130))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QuizAttempt(db.Model):
    """One attempt at a module quiz or at the final exam: what was drawn and answered."""

    # A person's last attempt, from the index alone (rosters sort on it).
    __table_args__ = (Index("ix_quiz_attempt_user_started", "user_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(10), default="module", server_default="module")
    course_slug: Mapped[str] = mapped_column(String(60))
    module_slug: Mapped[str | None] = mapped_column(String(80))  # None for the final exam
    # The questions as shown (DrawnQuestion.to_json each), so a review shows what was seen.
    drawn: Mapped[list] = mapped_column(JSON)
    # Question id → the form values posted for it, re-read with the banks when grading.
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Timed exams only: past this, the attempt is submitted with the answers saved so far.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[int | None]
    total: Mapped[int]
    passed: Mapped[bool | None]

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None
