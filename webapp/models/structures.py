"""Structures (EJ and their EG) and the people attached to them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.geography import region
from directory.structures import ContractMode, StructureRole

from ..extensions import db
from ..timekeeping import UTCDateTime, utcnow


class Organisation(db.Model):
    """An EJ (entité juridique), identified by its FINESS juridique."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    finess: Mapped[str] = mapped_column(String(9), unique=True)
    region_code: Mapped[str] = mapped_column(String(3), index=True)
    contract_mode: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    establishments: Mapped[list[Establishment]] = relationship(
        back_populates="organisation", order_by="Establishment.name"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    @property
    def mode(self) -> ContractMode:
        return ContractMode(self.contract_mode)

    @property
    def is_decentralised(self) -> bool:
        return self.mode is ContractMode.DECENTRALISED

    @property
    def region(self):
        return region(self.region_code)

    def __repr__(self) -> str:
        return f"<Organisation {self.finess} {self.name}>"


class Establishment(db.Model):
    """An EG (établissement géographique) of an EJ, identified by its FINESS géographique."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    finess: Mapped[str] = mapped_column(String(9), unique=True)
    departement: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="establishments")


class Membership(db.Model):
    """A person's attachment to an EJ, or to one of its EG, with a role there."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # A structure's people are found from its memberships, not by looking at everyone.
    __table_args__ = (Index("ix_membership_organisation_user", "organisation_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishment.id"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Turn-over ends an attachment; nothing is deleted, history stays for audit.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(  # noqa: F821
        back_populates="memberships", foreign_keys=[user_id]
    )
    # Shown together wherever an attachment is shown: load them in the same query.
    organisation: Mapped[Organisation] = relationship(back_populates="memberships",
                                                      lazy="joined")
    establishment: Mapped[Establishment | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])  # noqa: F821

    @property
    def structure_role(self) -> StructureRole:
        return StructureRole(self.role)

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def scope_label(self) -> str:
        """The EG's name when attached to one EG, else the EJ's."""
        return (self.establishment or self.organisation).name
