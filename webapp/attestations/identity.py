"""Correcting a certified person's identity: asked for, decided, applied as one operation.

Names and RPPS number are part of an attestation. Once a person holds a valid one, they change
only through `correct_identity`: the account is corrected and every valid attestation is
replaced by a new one on the same course version, issued to the corrected identity. The old one
is « remplacée », not revoked: the flag and the habilitations follow the new one. Flush only.
"""

from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import (
    Attestation,
    AttestationStatus,
    CorrectionStatus,
    Habilitation,
    IdentityCorrection,
    Membership,
    Organisation,
    User,
)
from ..timekeeping import utcnow
from .issuance import (
    AttestationRefused,
    lock_person,
    new_attestation,
    set_flag,
    tell_holder,
    tell_managers,
)


@dataclass(frozen=True)
class Identity:
    """What an attestation says of its holder."""

    first_name: str
    last_name: str
    rpps: str | None = None

    @classmethod
    def of(cls, person: User) -> "Identity":
        return cls(person.first_name, person.last_name, person.rpps)

    def cleaned(self) -> "Identity":
        """Spaces collapsed, an empty RPPS as None."""
        return Identity(" ".join((self.first_name or "").split()),
                        " ".join((self.last_name or "").split()), self.rpps or None)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def valid_attestations(person: User) -> list[Attestation]:
    """The person's valid attestations (one per course version at most), oldest first."""
    return db.session.scalars(
        db.select(Attestation).filter_by(user_id=person.id, status=AttestationStatus.VALID.value)
        .order_by(Attestation.id)
    ).all()


def identity_locked(person: User) -> bool:
    """Whether the person's names and RPPS are on a valid attestation (read-only for them)."""
    return db.session.scalar(
        db.select(Attestation.id)
        .filter_by(user_id=person.id, status=AttestationStatus.VALID.value).limit(1)
    ) is not None


def pending_correction(person: User) -> IdentityCorrection | None:
    """The person's request waiting for a decision, if any."""
    return db.session.scalar(db.select(IdentityCorrection).filter_by(
        user_id=person.id, status=CorrectionStatus.PENDING.value))


def pending_in_scope(user: User):
    """A SELECT of the pending requests `user` may decide, oldest first."""
    query = (db.select(IdentityCorrection)
             .filter_by(status=CorrectionStatus.PENDING.value)
             .order_by(IdentityCorrection.requested_at, IdentityCorrection.id)
             .options(selectinload(IdentityCorrection.person)))
    if user.is_admin:
        return query
    # A trainer: the people attached to a structure of their region.
    in_region = (db.select(Membership.user_id)
                 .join(Organisation, Membership.organisation_id == Organisation.id)
                 .where(Membership.ended_at.is_(None),
                        Organisation.region_code == user.region_code))
    return query.where(IdentityCorrection.user_id.in_(in_region))


def request_correction(person: User, identity: Identity, reason: str) -> IdentityCorrection:
    """Ask for the identity on one's attestation to be corrected; an admin or GRADeS decides."""
    identity, reason = identity.cleaned(), " ".join((reason or "").split())
    person = lock_person(person.id)
    if not identity_locked(person):
        raise AttestationRefused("Vous n'avez pas d'attestation valide : modifiez vos "
                                 "informations vous-même, dans « Mes informations ».")
    if pending_correction(person) is not None:
        raise AttestationRefused("Une demande de correction est déjà en attente de décision.")
    if identity == Identity.of(person):
        raise AttestationRefused("Ces informations sont déjà celles de votre compte : "
                                 "indiquez ce qui doit changer.")
    if not reason:
        raise AttestationRefused("Indiquez le motif de la correction.")
    correction = new_correction(person, identity, reason, requested_by=person)
    audit.record("identity.correction_requested", person, actor=person,
                 correction=correction.id)
    return correction


def new_correction(person: User, identity: Identity, reason: str, requested_by: User,
                   status: CorrectionStatus = CorrectionStatus.PENDING) -> IdentityCorrection:
    """A request, the account's identity as it stands kept beside the asked one."""
    correction = IdentityCorrection(
        person=person, previous_first_name=person.first_name,
        previous_last_name=person.last_name, previous_rpps=person.rpps,
        first_name=identity.first_name, last_name=identity.last_name, rpps=identity.rpps,
        reason=reason, requested_by=requested_by, requested_at=utcnow(), status=status.value)
    db.session.add(correction)
    db.session.flush()
    return correction


def locked_pending(correction: IdentityCorrection) -> IdentityCorrection:
    """The request re-read under its holder's lock; refused if decided meanwhile."""
    lock_person(correction.user_id)
    db.session.refresh(correction)
    if not correction.is_pending:
        raise AttestationRefused("Cette demande a déjà été traitée.")
    return correction


def approve(correction: IdentityCorrection, decided_by: User) -> Attestation:
    """Accept a request: the identity is corrected and the attestation re-issued."""
    correction = locked_pending(correction)
    identity = Identity(correction.first_name, correction.last_name, correction.rpps)
    return correct_identity(correction.person, identity, decided_by, correction.reason,
                            correction=correction)


def refuse(correction: IdentityCorrection, decided_by: User, reason: str) -> None:
    """Refuse a request, with a reason the person is told."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise AttestationRefused("Indiquez le motif du refus.")
    correction = locked_pending(correction)
    correction.status = CorrectionStatus.REFUSED.value
    correction.decided_by, correction.decided_at = decided_by, utcnow()
    correction.decision_reason = reason
    db.session.flush()
    audit.record("identity.correction_refused", correction.person, actor=decided_by,
                 correction=correction.id, reason=reason)
    attestation = valid_attestations(correction.person)[-1:]
    if attestation:
        tell_holder(attestation[0], "identity_correction_refused",
                    "Votre demande de correction d'identité", correction=correction)


def correct_identity(person: User, identity: Identity, decided_by: User, reason: str, *,
                     correction: IdentityCorrection | None = None) -> Attestation:
    """Correct a certified person's names and RPPS and re-issue their attestations to it.

    One operation for an approved request and for an admin's re-issue: the account corrected,
    each valid attestation « remplacée » by a new one on the same course version (the flag and
    the habilitations move to it), the person and their RLs told, all audited. Returns the new
    attestation the flag points to.
    """
    identity, reason = identity.cleaned(), " ".join((reason or "").split())
    person = lock_person(person.id)
    replaced = valid_attestations(person)
    if not replaced:
        raise AttestationRefused("Cette personne n'a pas d'attestation valide à rééditer.")
    if not identity.first_name or not identity.last_name:
        raise AttestationRefused("Indiquez le prénom et le nom du titulaire.")
    if not reason:
        raise AttestationRefused("Indiquez le motif de la correction.")
    if identity == Identity.of(person) and all(a.issued_to(person) for a in replaced):
        raise AttestationRefused("L'identité indiquée est déjà celle de l'attestation : "
                                 "rien à corriger.")
    if identity.rpps and db.session.scalar(db.select(User.id).where(
            User.rpps == identity.rpps, User.id != person.id).limit(1)) is not None:
        raise AttestationRefused("Ce numéro RPPS est déjà celui d'une autre personne.")
    if correction is None:  # an admin's re-issue: asked and decided at once
        correction = new_correction(person, identity, reason, requested_by=decided_by,
                                    status=CorrectionStatus.APPROVED)
    previous_name = person.full_name
    person.first_name, person.last_name = identity.first_name, identity.last_name
    person.rpps = identity.rpps
    flagged = person.elearning_flag.attestation_id if person.elearning_flag else None
    replacements = {old.id: replace(old, person, decided_by) for old in replaced}
    current = replacements.get(flagged) or replacements[replaced[-1].id]
    set_flag(person, current)
    correction.status = CorrectionStatus.APPROVED.value
    correction.decided_by, correction.decided_at = decided_by, utcnow()
    correction.decision_reason, correction.replacement = reason, current
    db.session.flush()
    audit.record("identity.corrected", person, actor=decided_by, correction=correction.id,
                 reason=reason,
                 replaced=[old.number for old in replaced],
                 replacements=[new.number for new in replacements.values()])
    tell_holder(current, "attestation_reissued", "Votre attestation de réussite a été rééditée",
                previous_name=previous_name)
    tell_managers(current, "identity_corrected_rl",
                  f"Identité corrigée sur une attestation : {current.holder_name}",
                  previous_name=previous_name)
    return current


def replace(old: Attestation, person: User, actor: User) -> Attestation:
    """A new attestation on `old`'s course version, issued to the person's identity; `old`
    points to it and its habilitations move to it."""
    old.status = AttestationStatus.SUPERSEDED.value
    old.superseded_at = utcnow()
    db.session.flush()  # the old one leaves the "one valid" index before the new one enters
    replacement = new_attestation(
        person, holder_name=person.full_name, course_slug=old.course_slug,
        course_title=old.course_title, course_version=old.course_version, score=old.score,
        total=old.total, passed_at=old.passed_at, attempt_id=old.attempt_id,
        structures=old.holder_structures, course_minutes=old.course_minutes)
    old.superseded_by = replacement
    # Replaced is not revoked: the habilitations granted on it stay valid, on the new one.
    db.session.execute(
        db.update(Habilitation).where(Habilitation.attestation_id == old.id)
        .values(attestation_id=replacement.id))
    audit.record("attestation.reissued", old, actor=actor, replacement=replacement.number,
                 holder_name=replacement.holder_name)
    return replacement
