"""Structures and attachments: the same functions for admin screens and demo data. Flush only."""

from directory.identifiers import departement_from_finess
from directory.structures import ContractMode, StructureRole, attachment_scope_error

from .. import audit
from ..extensions import db
from ..models import Establishment, Membership, Organisation, User
from ..timekeeping import utcnow


class AttachmentRefused(ValueError):
    """An attachment the rules do not allow; the message is French, for the person."""


def create_organisation(name: str, finess: str, region_code: str, mode: ContractMode):
    """Create an EJ."""
    organisation = Organisation(
        name=name, finess=finess, region_code=region_code, contract_mode=ContractMode(mode).value
    )
    db.session.add(organisation)
    db.session.flush()
    audit.record("structure.created", organisation, finess=finess, mode=organisation.contract_mode)
    return organisation


def update_organisation(organisation: Organisation, **values) -> None:
    """Change an EJ's name, FINESS, region or contract mode."""
    changes = record_changes(organisation, values)
    if changes:
        audit.record("structure.updated", organisation, changes=changes)


def add_establishment(organisation: Organisation, name: str, finess: str,
                      departement: str | None = None) -> Establishment:
    """Create an EG of `organisation`; its département defaults to the FINESS prefix."""
    establishment = Establishment(
        organisation=organisation,
        name=name,
        finess=finess,
        departement=departement or departement_from_finess(finess),
    )
    db.session.add(establishment)
    db.session.flush()
    audit.record("establishment.created", establishment, organisation=organisation.id)
    return establishment


def update_establishment(establishment: Establishment, **values) -> None:
    """Change an EG's name, FINESS or département."""
    changes = record_changes(establishment, values)
    if changes:
        audit.record("establishment.updated", establishment, changes=changes)


def attach_person(person: User, organisation: Organisation, role: StructureRole,
                  establishment: Establishment | None = None) -> Membership:
    """Attach `person` to the EJ or one of its EG with a role, following the contract mode."""
    role = StructureRole(role)
    if establishment is not None and establishment.organisation_id != organisation.id:
        raise AttachmentRefused("Cet établissement n'appartient pas à cette entité juridique.")
    problem = attachment_scope_error(organisation.mode, role, establishment is not None)
    if problem:
        raise AttachmentRefused(problem)
    duplicate = db.session.scalar(
        db.select(Membership.id).filter_by(
            user_id=person.id,
            organisation_id=organisation.id,
            establishment_id=establishment.id if establishment else None,
            role=role.value,
            ended_at=None,
        )
    )
    if duplicate is not None:
        raise AttachmentRefused("Cette personne a déjà ce rôle sur ce périmètre.")
    membership = Membership(
        user=person, organisation=organisation, establishment=establishment, role=role.value,
        created_by=audit.current_actor(),
    )
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "membership.created", person, organisation=organisation.id,
        establishment=establishment.id if establishment else None, role=role.value,
    )
    return membership


def end_attachment(membership: Membership) -> None:
    """End an attachment now; the row stays, for history."""
    if membership.ended_at is None:
        membership.ended_at = utcnow()
        audit.record("membership.ended", membership.user, membership=membership.id,
                     role=membership.role)


def record_changes(row, values: dict) -> dict:
    """Apply `values` to `row`; return {field: [old, new]} for what actually changed."""
    changes = {}
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            setattr(row, name, value)
            changes[name] = [old, value]
    return changes
