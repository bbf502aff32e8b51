"""Invitations to join a scope as gestionnaire: single use, 14 days, revocable. Flush only.

A bulk invitation is all or nothing for the valid addresses: they are sent in one transaction,
and the others are listed with their reason.
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from directory.structures import StructureRole, attachment_covers

from .. import audit
from ..auth.tokens import digest
from ..email_addresses import InvalidEmail, checked_email
from ..extensions import db
from ..mail import queue_email
from ..models import Establishment, Invitation, Membership, Organisation, User
from ..timekeeping import utcnow
from ..urls import public_url
from .operations import AttachmentRefused, attach_person

LIFETIME = timedelta(days=14)
MAX_BATCH = 500
HEADER_WORDS = {"email", "e-mail", "mail", "courriel", "adresse", "adresses"}


class InvitationRefused(ValueError):
    """The invitation cannot be sent or accepted; the message says why, in French."""


@dataclass
class Batch:
    """What became of each address of a bulk invitation."""

    sent: list[Invitation] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    warned: list[tuple[str, str]] = field(default_factory=list)  # (address, warning): sent


def addresses_in(text: str) -> list[str]:
    """The addresses of a pasted list or a CSV file: one per cell, a header line ignored."""
    cells = (cell.strip().strip('"').strip() for cell in re.split(r"[\s,;]+", text or ""))
    return [cell for cell in cells if cell and cell.lower() not in HEADER_WORDS]


def check_address(address: str) -> str:
    """The normalised address (the rule of every form), or InvitationRefused with the reason."""
    try:
        return checked_email(address)
    except InvalidEmail as problem:
        raise InvitationRefused(problem.short) from None


def open_invitation(email: str, organisation: Organisation,
                    establishment: Establishment | None) -> Invitation | None:
    now = utcnow()
    return db.session.scalar(db.select(Invitation).where(
        Invitation.email == email, Invitation.organisation_id == organisation.id,
        Invitation.establishment_id.is_(None) if establishment is None
        else Invitation.establishment_id == establishment.id,
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at > now).limit(1))


def covering_attachment(email: str, organisation: Organisation,
                        establishment: Establishment | None) -> Membership | None:
    """The person's gestionnaire attachment that already covers the scope: the same scope, or
    the whole EJ, which covers each of its EG."""
    target = establishment.id if establishment else None
    return next((membership for membership in db.session.scalars(
        db.select(Membership).join(User, Membership.user_id == User.id).where(
            User.email == email, Membership.organisation_id == organisation.id,
            Membership.ended_at.is_(None), Membership.role == StructureRole.GESTIONNAIRE.value)
        .order_by(Membership.id))
        if attachment_covers(membership.establishment_id, target)), None)


def already_attached(email: str, organisation: Organisation,
                     establishment: Establishment | None) -> bool:
    return covering_attachment(email, organisation, establishment) is not None


def redundancy(email: str, organisation: Organisation,
               establishment: Establishment | None) -> str | None:
    """Why inviting this address to the scope would add nothing, in French; None if it would."""
    covering = covering_attachment(email, organisation, establishment)
    if covering is None:
        return None
    if covering.establishment_id is None and establishment is not None:
        return ("déjà gestionnaire de toute l'entité juridique, dont cet établissement fait "
                "partie : rien à ajouter")
    return "déjà gestionnaire sur ce périmètre"


def attachments_elsewhere(email: str, organisation: Organisation) -> list[str]:
    """Where the person of this address is already attached in the EJ (scope, role)."""
    return [f"{membership.scope_label} ({membership.structure_role.label})"
            for membership in db.session.scalars(
                db.select(Membership).join(User, Membership.user_id == User.id).where(
                    User.email == email, Membership.organisation_id == organisation.id,
                    Membership.ended_at.is_(None)).order_by(Membership.id))]


def invite_all(addresses: list[str], organisation: Organisation,
               establishment: Establishment | None, actor: User) -> Batch:
    """Invite every valid address to the scope; list the others with their reason."""
    if len(addresses) > MAX_BATCH:
        raise InvitationRefused(f"{len(addresses)} adresses : envoyez-en {MAX_BATCH} au plus "
                                "à la fois.")
    batch, seen = Batch(), set()
    for address in addresses:
        try:
            email = check_address(address)
            if email in seen:
                raise InvitationRefused("en double dans la liste")
            seen.add(email)
            reason = redundancy(email, organisation, establishment)
            if reason:
                raise InvitationRefused(reason)
            if open_invitation(email, organisation, establishment) is not None:
                raise InvitationRefused("une invitation est déjà en cours")
        except InvitationRefused as refusal:
            batch.refused.append((address, str(refusal)))
            continue
        batch.sent.append(invite(email, organisation, establishment, actor))
        elsewhere = attachments_elsewhere(email, organisation)
        if elsewhere:
            batch.warned.append((email, "déjà rattaché(e) à " + ", ".join(elsewhere)))
    return batch


def invite(email: str, organisation: Organisation, establishment: Establishment | None,
           actor: User) -> Invitation:
    """One invitation, e-mailed with its single-use link."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation = Invitation(email=email, organisation=organisation, establishment=establishment,
                            token_hash=digest(token), created_by=actor, created_at=now,
                            expires_at=now + LIFETIME)
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.sent", invitation, label=email, actor=actor,
                 scope=invitation.scope_label)
    queue_email(email, f"Invitation : gestionnaire RPPS+ pour {invitation.scope_label}",
                "invitation", invitation=invitation,
                url=public_url("invitations.show", token=token))
    return invitation


def revoke(invitation: Invitation, actor: User) -> None:
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationRefused("Cette invitation n'est plus en cours.")
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record("invitation.revoked", invitation, label=invitation.email, actor=actor)


def find_open(token: str) -> Invitation | None:
    """The open invitation with this token (unused, unexpired, not revoked), if any."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(
        db.select(Invitation).filter_by(token_hash=digest(token)).with_for_update())
    return invitation if invitation is not None and invitation.is_open(utcnow()) else None


def accept(invitation: Invitation, person: User) -> None:
    """Attach `person` (whose address the invitation names) as gestionnaire of the scope."""
    if person.email != invitation.email:
        raise InvitationRefused("Cette invitation est adressée à une autre adresse e-mail.")
    if not already_attached(person.email, invitation.organisation, invitation.establishment):
        try:
            attach_person(person, invitation.organisation, StructureRole.GESTIONNAIRE,
                          invitation.establishment)
        except AttachmentRefused as refusal:
            raise InvitationRefused(str(refusal)) from None
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = person.id
    db.session.flush()
    audit.record("invitation.accepted", invitation, label=invitation.email, actor=person)
    manager = invitation.created_by
    if manager.deactivated_at is None:
        queue_email(manager.email, f"{person.full_name} a rejoint {invitation.scope_label}",
                    "invitation_accepted_rl", about=person, manager=manager, person=person,
                    invitation=invitation,
                    url=public_url("structures.person", organisation_id=invitation.organisation_id,
                                   person_id=person.id))
