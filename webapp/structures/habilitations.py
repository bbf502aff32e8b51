"""Recording the habilitation « Gestionnaire RPPS+ » and withdrawing it. Flush only."""

from directory.habilitation import TrainingState, grant_refusal
from directory.structures import ContractMode, StructureRole

from .. import audit
from ..catalogue import mandatory_course
from ..extensions import db
from ..learn.operations import progress_of
from ..models import (
    Attestation,
    ElearningFlag,
    Establishment,
    Habilitation,
    Membership,
    Organisation,
    User,
)
from ..models.habilitations import scope_key
from ..timekeeping import utcnow


class HabilitationRefused(ValueError):
    """The habilitation cannot be recorded or withdrawn; the message says why, in French."""


def habilitation_scope(membership: Membership) -> Establishment | None:
    """Where a habilitation is recorded for this attachment: the EJ (None) when the contract
    is centralised, the person's EG when it is decentralised."""
    if membership.organisation.mode is ContractMode.DECENTRALISED:
        return membership.establishment
    return None


def active_habilitation(person: User, organisation: Organisation,
                        establishment: Establishment | None) -> Habilitation | None:
    return db.session.scalar(db.select(Habilitation).filter_by(
        user_id=person.id, organisation_id=organisation.id,
        scope_key=scope_key(establishment.id if establishment else None), withdrawn_at=None))


def training_state(person: User, membership: Membership) -> TrainingState:
    """The person's e-learning, and whether they are the RL of this scope."""
    progress = progress_of(person, mandatory_course())
    is_legal_rep = db.session.scalar(
        db.select(Membership.id).where(
            Membership.user_id == person.id,
            Membership.organisation_id == membership.organisation_id,
            Membership.role == StructureRole.LEGAL_REP.value, Membership.ended_at.is_(None),
            db.or_(Membership.establishment_id.is_(None),
                   Membership.establishment_id == membership.establishment_id))
        .limit(1)) is not None
    latest = db.session.scalar(db.select(Attestation).filter_by(user_id=person.id)
                               .order_by(Attestation.id.desc()).limit(1))
    return TrainingState(
        modules_done=sum(m.completed for m in progress.modules),
        modules_total=len(progress.modules),
        has_flag=db.session.get(ElearningFlag, person.id) is not None,
        is_legal_rep=is_legal_rep, revoked=latest is not None and latest.is_revoked)


def grant(membership: Membership, actor: User) -> Habilitation:
    """Record the habilitation of the person of `membership` on its scope, if the rule allows."""
    person = db.session.execute(
        db.select(User).where(User.id == membership.user_id).with_for_update()).scalar_one()
    if not membership.is_active:
        raise HabilitationRefused("Cette personne n'est plus rattachée à ce périmètre.")
    establishment = habilitation_scope(membership)
    current = active_habilitation(person, membership.organisation, establishment)
    refusal = grant_refusal(
        person.full_name, training_state(person, membership),
        (establishment or membership.organisation).name, recorded=current is not None,
        recorded_revoked=current is not None and current.attestation_revoked_at is not None)
    if refusal:
        raise HabilitationRefused(refusal)
    flag = db.session.get(ElearningFlag, person.id)
    if current is not None:
        # Its attestation was revoked, and a new one obtained since: the new habilitation
        # takes its place, resting on the new attestation.
        withdraw(current, "Attestation révoquée : habilitation enregistrée de nouveau sur "
                 + (f"l'attestation {flag.attestation.number}" if flag else "la carte CDE"),
                 actor)
    habilitation = Habilitation(
        user_id=person.id, organisation_id=membership.organisation_id,
        establishment_id=establishment.id if establishment else None,
        scope_key=scope_key(establishment.id if establishment else None),
        attestation_id=flag.attestation_id if flag else None, granted_by=actor,
        granted_at=utcnow())
    db.session.add(habilitation)
    db.session.flush()
    audit.record("habilitation.granted", person, actor=actor,
                 organisation=membership.organisation_id,
                 scope=(establishment or membership.organisation).name,
                 attestation=flag.attestation.number if flag else None)
    return habilitation


def withdraw(habilitation: Habilitation, reason: str, actor: User | None) -> None:
    """Withdraw an active habilitation, saying who and why."""
    if not habilitation.is_active:
        raise HabilitationRefused("Cette habilitation est déjà retirée.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise HabilitationRefused("Indiquez le motif du retrait.")
    habilitation.withdrawn_at = utcnow()
    habilitation.withdrawn_by = actor
    habilitation.withdrawal_reason = reason[:500]
    db.session.flush()
    audit.record("habilitation.withdrawn", habilitation.person, actor=actor,
                 organisation=habilitation.organisation_id,
                 scope=(habilitation.establishment or habilitation.organisation).name,
                 reason=habilitation.withdrawal_reason)
