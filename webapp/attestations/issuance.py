"""Issuing and revoking attestations, and the flag they carry. Flush only.

Re-issuing under a corrected identity is `identity.correct_identity`.
"""

from functools import cache

from sqlalchemy.dialects import postgresql, sqlite

from certificates.codes import new_verification_code, normalise_code
from certificates.numbering import format_number

from .. import audit
from ..access import managers_of
from ..database import expire_loaded
from ..extensions import db
from ..mail import queue_email
from ..models import (
    Attestation,
    AttestationCounter,
    AttestationStatus,
    ElearningFlag,
    Habilitation,
    User,
)
from ..timekeeping import PARIS, utcnow
from ..urls import public_url

INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class AttestationRefused(ValueError):
    """The change cannot be made; the message says why, in French."""


@cache
def counter_upsert(dialect: str):
    """The statement that takes the next sequence of a year (given with the parameters):
    built once per dialect, as composing it costs more than running it."""
    table = AttestationCounter.__table__
    return (INSERT[dialect](table).values(last=1)
            .on_conflict_do_update(index_elements=[table.c.year],
                                   set_={"last": table.c.last + 1})
            .returning(table.c.last))


def next_number(year: int) -> tuple[int, str]:
    """The next sequence of `year` and its number, in one atomic statement (no gap, no twin)."""
    statement = counter_upsert(db.session.get_bind().dialect.name)
    sequence = db.session.execute(statement, {"year": year}).scalar_one()
    return sequence, format_number(year, sequence)


def valid_attestation(person: User, course_slug: str, course_version: str | None = None):
    """The person's valid attestation for the course (that version, if given), if any."""
    query = db.select(Attestation).filter_by(user_id=person.id, course_slug=course_slug,
                                             status=AttestationStatus.VALID.value)
    if course_version is not None:
        query = query.filter_by(course_version=course_version)
    return db.session.scalars(query.order_by(Attestation.id.desc()).limit(1)).first()


def write_attestation(values: dict) -> tuple[int, str]:
    """Insert a valid attestation with the next number of the year, in one INSERT (no ORM
    object: a pass writes it under the write lock); `values` are its other columns. Its id
    and number."""
    now = utcnow()
    year = now.astimezone(PARIS).year
    sequence, number = next_number(year)
    table = Attestation.__table__
    attestation_id = db.session.execute(table.insert().returning(table.c.id), {
        **values, "number": number, "year": year, "sequence": sequence, "issued_at": now,
        "status": AttestationStatus.VALID.value}).scalar_one()
    return attestation_id, number


def new_attestation(person: User, *, holder_name: str, course_slug: str, course_title: str,
                    course_version: str, score: int, total: int, passed_at,
                    attempt_id: int | None,
                    structures: tuple[str, ...] | list[str] | None = None,
                    course_minutes: int | None = None) -> Attestation:
    """A new valid attestation with a fresh number and verification code, issued to the
    account's identity as it stands; `structures`: the holder's at the time of passing."""
    attestation_id, _ = write_attestation({
        "verification_code": normalise_code(new_verification_code()), "user_id": person.id,
        "attempt_id": attempt_id, "holder_name": holder_name,
        "holder_first_name": person.first_name, "holder_last_name": person.last_name,
        "holder_rpps": person.rpps, "course_slug": course_slug, "course_title": course_title,
        "course_version": course_version, "score": score, "total": total,
        "passed_at": passed_at,
        "holder_structures": list(structures) if structures is not None else None,
        "course_minutes": course_minutes})
    return db.session.get(Attestation, attestation_id)


def set_flag(person: User, attestation: Attestation) -> None:
    """Point the person's « e-learning réalisé » flag at `attestation` (set it if absent)."""
    db.session.flush()  # the attestation's row first: the flag points at it
    write_flag(person.id, attestation.id)


@cache
def flag_upsert(dialect: str):
    """The statement that points a person's flag at an attestation (insert, or update on
    conflict), the values given with the parameters: built once per dialect."""
    table = ElearningFlag.__table__
    insert = INSERT[dialect](table)
    return insert.on_conflict_do_update(
        index_elements=[table.c.user_id],
        set_={"attestation_id": insert.excluded.attestation_id})


def write_flag(person_id: int, attestation_id: int) -> None:
    """Point the flag of the person at the attestation (both rows written already).

    One statement (insert, or update on conflict): no read of the flag under the write lock.
    """
    db.session.execute(flag_upsert(db.session.get_bind().dialect.name), {
        "user_id": person_id, "attestation_id": attestation_id, "set_at": utcnow()})
    # Loaded before (the person's relationship, an admin's page): read them anew.
    expire_loaded(ElearningFlag, person_id)
    expire_loaded(User, person_id, ["elearning_flag"])


def lock_person(person_id: int) -> User:
    """The person's row, locked until the transaction ends: one identity change or pass at once."""
    return db.session.execute(
        db.select(User).where(User.id == person_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def revoke(attestation: Attestation, reason: str, actor: User) -> None:
    """Revoke a valid attestation: kept for the record, flag cleared, everyone told."""
    if not attestation.is_valid:
        raise AttestationRefused("Seule une attestation valide peut être révoquée.")
    reason = (reason or "").strip()
    if not reason:
        raise AttestationRefused("Indiquez le motif de la révocation.")
    attestation.status = AttestationStatus.REVOKED.value
    attestation.revoked_at = utcnow()
    attestation.revoked_by = actor
    attestation.revocation_reason = reason
    flag = db.session.scalar(db.select(ElearningFlag).filter_by(attestation_id=attestation.id))
    if flag is not None:
        db.session.delete(flag)
    # The habilitations granted on it are not silently kept: their RLs see them flagged.
    db.session.execute(
        db.update(Habilitation)
        .where(Habilitation.attestation_id == attestation.id, Habilitation.withdrawn_at.is_(None))
        .values(attestation_revoked_at=attestation.revoked_at))
    db.session.flush()
    audit.record("attestation.revoked", attestation, actor=actor, reason=reason)
    tell_holder(attestation, "attestation_revoked",
                "Votre attestation de réussite a été révoquée")
    tell_managers(attestation, "attestation_revoked_rl",
                  f"Attestation révoquée : {attestation.holder_name}")


def tell_holder(attestation: Attestation, template: str, subject: str, **context) -> None:
    """E-mail the holder about their attestation."""
    queue_email(attestation.holder.email, subject, template, about=attestation.holder,
                attestation=attestation, person=attestation.holder, **links(attestation),
                **context)


def tell_managers(attestation: Attestation, template: str, subject: str, **context) -> None:
    """E-mail the RLs and mandataires of the holder's structures."""
    for manager in db.session.scalars(managers_of(attestation.holder)):
        queue_email(manager.email, subject, template, about=attestation.holder,
                    attestation=attestation, manager=manager, **links(attestation), **context)


def links(attestation: Attestation) -> dict[str, str]:
    """The public addresses of an attestation, for e-mails and the PDF."""
    return links_of(attestation.number, attestation.code)


def links_of(number: str, code: str) -> dict[str, str]:
    """The public addresses of the attestation of this number and (printed) code."""
    return {
        "verify_url": public_url("verify.show", code=code),
        "pdf_url": public_url("attestations.download", number=number),
        "page_url": public_url("attestations.show", number=number),
    }
