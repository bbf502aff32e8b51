"""Issuing and revoking attestations, and the flag they carry. Flush only.

Re-issuing under a corrected identity is `identity.correct_identity`.
"""

from dataclasses import dataclass

from sqlalchemy.dialects import postgresql, sqlite

from certificates.codes import new_verification_code, normalise_code
from certificates.numbering import format_number
from courses.model import Course

from .. import audit
from ..access import managers_of
from ..extensions import db
from ..mail import queue_email
from ..models import (
    Attestation,
    AttestationCounter,
    AttestationStatus,
    ElearningFlag,
    Establishment,
    Habilitation,
    Membership,
    Organisation,
    QuizAttempt,
    User,
)
from ..timekeeping import PARIS, utcnow
from ..urls import public_url

INSERT = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class AttestationRefused(ValueError):
    """The change cannot be made; the message says why, in French."""


@dataclass(frozen=True)
class Recipient:
    """Someone an e-mail goes to, as plain values read before the write transaction."""

    email: str
    first_name: str


@dataclass(frozen=True)
class PreparedIssue:
    """What a pass issues that can be read before the write transaction: the holder's
    structures at the time of passing and the RLs to tell. Only the writes remain."""

    structures: tuple[str, ...]
    managers: tuple[Recipient, ...]


def structure_label(ej_name: str, ej_finess: str, eg_name: str | None,
                    eg_finess: str | None) -> str:
    """A structure as an attestation names it: the EG and its EJ, or the EJ, with its FINESS."""
    if eg_name is None:
        return f"{ej_name} (FINESS {ej_finess})"
    return f"{eg_name}, {ej_name} (FINESS {eg_finess})"


def holder_structures(person_id: int) -> tuple[str, ...]:
    """The structures the person is attached to now, as labels (the same one once)."""
    rows = db.session.execute(
        db.select(Organisation.name, Organisation.finess, Establishment.name,
                  Establishment.finess)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .outerjoin(Establishment, Membership.establishment_id == Establishment.id)
        .where(Membership.user_id == person_id, Membership.ended_at.is_(None))
    ).all()
    return tuple(sorted({structure_label(*row) for row in rows}))


def prepare_issue(person: User) -> PreparedIssue:
    """Read what issuing `person` an attestation needs besides the writes (reads only)."""
    managers = db.session.execute(
        managers_of(person).with_only_columns(User.email, User.first_name)).all()
    return PreparedIssue(structures=holder_structures(person.id),
                         managers=tuple(Recipient(*row) for row in managers))


def next_number(year: int) -> tuple[int, str]:
    """The next sequence of `year` and its number, in one atomic statement (no gap, no twin)."""
    table = AttestationCounter.__table__
    insert = INSERT[db.session.get_bind().dialect.name]
    statement = (
        insert(table).values(year=year, last=1)
        .on_conflict_do_update(index_elements=[table.c.year], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    sequence = db.session.execute(statement).scalar_one()
    return sequence, format_number(year, sequence)


def valid_attestation(person: User, course_slug: str, course_version: str | None = None):
    """The person's valid attestation for the course (that version, if given), if any."""
    query = db.select(Attestation).filter_by(user_id=person.id, course_slug=course_slug,
                                             status=AttestationStatus.VALID.value)
    if course_version is not None:
        query = query.filter_by(course_version=course_version)
    return db.session.scalars(query.order_by(Attestation.id.desc()).limit(1)).first()


def new_attestation(person: User, *, holder_name: str, course_slug: str, course_title: str,
                    course_version: str, score: int, total: int, passed_at,
                    attempt_id: int | None,
                    structures: tuple[str, ...] | list[str] | None = None,
                    course_minutes: int | None = None) -> Attestation:
    """A new valid attestation with a fresh number and verification code, issued to the
    account's identity as it stands; `structures`: the holder's at the time of passing."""
    now = utcnow()
    year = now.astimezone(PARIS).year
    sequence, number = next_number(year)
    attestation = Attestation(
        number=number, year=year, sequence=sequence,
        verification_code=normalise_code(new_verification_code()), user_id=person.id,
        attempt_id=attempt_id, holder_name=holder_name, holder_first_name=person.first_name,
        holder_last_name=person.last_name, holder_rpps=person.rpps, course_slug=course_slug,
        course_title=course_title, course_version=course_version, score=score, total=total,
        passed_at=passed_at, issued_at=now, status=AttestationStatus.VALID.value,
        holder_structures=list(structures) if structures is not None else None,
        course_minutes=course_minutes,
    )
    db.session.add(attestation)
    db.session.flush()
    return attestation


def set_flag(person: User, attestation: Attestation) -> None:
    """Point the person's « e-learning réalisé » flag at `attestation` (set it if absent).

    One statement (insert, or update on conflict): no read of the flag under the write lock.
    """
    table = ElearningFlag.__table__
    insert = INSERT[db.session.get_bind().dialect.name]
    db.session.flush()  # the attestation's row first: the flag points at it
    db.session.execute(
        insert(table).values(user_id=person.id, attestation_id=attestation.id, set_at=utcnow())
        .on_conflict_do_update(index_elements=[table.c.user_id],
                               set_={"attestation_id": attestation.id}))
    # Loaded before (the person's relationship, an admin's page): read the row anew.
    flag = db.session.identity_map.get(db.inspect(ElearningFlag).identity_key_from_primary_key(
        (person.id,)))
    if flag is not None:
        db.session.expire(flag)
    db.session.expire(person, ["elearning_flag"])


def lock_person(person_id: int) -> User:
    """The person's row, locked until the transaction ends: one identity change or pass at once."""
    return db.session.execute(
        db.select(User).where(User.id == person_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def issue_for_pass(attempt: QuizAttempt, course: Course,
                   prepared: PreparedIssue | None = None) -> Attestation:
    """The attestation of a passing exam attempt and the flag, told to the person and RLs.

    Called in the transaction that records the pass; `prepared` (`prepare_issue`), when read
    before that transaction, leaves it the writes alone. Under the person's lock, a pass when a
    valid attestation of this course version exists issues nothing new: it returns that one.
    """
    person = lock_person(attempt.user_id)
    existing = valid_attestation(person, course.slug, course.version)
    if existing is not None:
        return existing
    prepared = prepared or prepare_issue(person)
    attestation = new_attestation(
        person, holder_name=person.full_name, course_slug=course.slug,
        course_title=course.title, course_version=course.version, score=attempt.score,
        total=attempt.total, passed_at=attempt.submitted_at or utcnow(), attempt_id=attempt.id,
        structures=prepared.structures, course_minutes=course.minutes)
    set_flag(person, attestation)
    audit.record("attestation.issued", attestation, actor=person, holder=person.email)
    tell_holder(attestation, "attestation_issued",
                "Votre attestation de réussite RPPS+ Académie")
    tell_managers(attestation, "attestation_issued_rl",
                  f"{attestation.holder_name} a réussi l'e-learning RPPS+",
                  managers=prepared.managers)
    return attestation


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


def tell_managers(attestation: Attestation, template: str, subject: str, *,
                  managers: tuple[Recipient, ...] | None = None, **context) -> None:
    """E-mail the RLs and mandataires of the holder's structures (`managers`, if read already)."""
    if managers is None:
        managers = db.session.scalars(managers_of(attestation.holder)).all()
    for manager in managers:
        queue_email(manager.email, subject, template, about=attestation.holder,
                    attestation=attestation, manager=manager, **links(attestation), **context)


def links(attestation: Attestation) -> dict[str, str]:
    """The public addresses of an attestation, for e-mails and the PDF."""
    return {
        "verify_url": public_url("verify.show", code=attestation.code),
        "pdf_url": public_url("attestations.download", number=attestation.number),
        "page_url": public_url("attestations.show", number=attestation.number),
    }
