"""People, their sign-in sessions and their single-use tokens."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, and_, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class PlatformRole(StrEnum):
    """What a person is on the platform itself; roles in a structure are memberships."""

    LEARNER = "learner"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            "learner": "Apprenant",
            "trainer": "Membre d'une équipe GRADeS",
            "admin": "Administrateur",
        }[self.value]


def folded(text: str) -> str:
    """Lower case without accents: « Cinquième » and « cinquieme » read alike in a search."""
    return "".join(char for char in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(char))


class User(UserMixin, db.Model):
    """A person with an account: learner, RL, mandataire, trainer or admin."""

    __tablename__ = "user_account"
    # Rosters list people by name: read in this order, a page stops after its last row.
    __table_args__ = (Index("ix_user_account_name", "last_name", "first_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: an e-mail address belongs to one account whatever its case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    mobile_phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    rpps: Mapped[str | None] = mapped_column(String(11), unique=True)
    platform_role: Mapped[str] = mapped_column(String(20), default=PlatformRole.LEARNER.value)
    region_code: Mapped[str | None] = mapped_column(String(3))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by an admin: every module open, whatever has been read (e.g. a trainer's preparation).
    modules_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Extra time granted by an admin (e.g. 1.33) on every timed exam attempt.
    exam_time_factor: Mapped[float] = mapped_column(default=1.0, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # First name, last name and e-mail folded (`folded`), kept by the ORM on every save: what
    # every search for a person reads (`User.matching`), accents and case aside.
    search_key: Mapped[str] = mapped_column(String(460), default="", server_default="")

    memberships: Mapped[list[Membership]] = relationship(  # noqa: F821
        back_populates="user", foreign_keys="Membership.user_id"
    )
    # « E-learning réalisé »: present while the person holds a valid attestation.
    elearning_flag: Mapped[ElearningFlag | None] = relationship()  # noqa: F821

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def role(self) -> PlatformRole:
        return PlatformRole(self.platform_role)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.deactivated_at is None

    @property
    def is_admin(self) -> bool:
        return self.role is PlatformRole.ADMIN

    @property
    def is_trainer(self) -> bool:
        return self.role is PlatformRole.TRAINER

    @property
    def is_learner(self) -> bool:
        return self.role is PlatformRole.LEARNER

    @classmethod
    def matching(cls, text: str):
        """SQL: the person's name (either order) or e-mail holds every word of `text`, accents
        and case aside (« nadia onzieme » finds Nadia Onzième). The one way to look a person
        up by what someone typed."""
        words = folded(text).split()[:6]
        escaped = (word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                   for word in words)
        return and_(*(cls.search_key.like(f"%{word}%", escape="\\") for word in escaped))

    @property
    def active_memberships(self) -> list[Membership]:  # noqa: F821
        return [m for m in self.memberships if m.is_active]

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class LoginSession(db.Model):
    """One signed-in browser: revocable on the server, whatever the cookie says."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User] = relationship()


class ActionToken(db.Model):
    """A single-use, expiring token sent by e-mail (confirmation, password reset)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


@event.listens_for(User, "before_insert")
@event.listens_for(User, "before_update")
def keep_search_key(mapper, connection, person: User) -> None:
    """The folded name and e-mail, written with every change of the row."""
    person.search_key = folded(f"{person.first_name} {person.last_name} {person.email}")[:460]
