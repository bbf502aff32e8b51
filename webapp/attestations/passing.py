"""The attestation of a pass, in two steps so that the write transaction holds its writes alone.

`prepare_issue` reads the holder's structures and RLs and renders the e-mails before the write
transaction; `record_issue`, under the holder's lock, writes the attestation, the flag, the
audit event and the e-mails in a few Core statements (no ORM unit of work). At the end of a
webinar hundreds pass within a minute, and SQLite's write lock is the queue. Flush only.
"""

import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select

from certificates.codes import format_code, new_verification_code, normalise_code
from courses.model import Course

from .. import audit
from ..access import managers_of_id
from ..extensions import db
from ..mail import email_row, write_emails
from ..models import (
    Attestation,
    AttestationStatus,
    Establishment,
    Membership,
    Organisation,
    QuizAttempt,
    User,
)
from ..timekeeping import utcnow
from .issuance import links_of, write_attestation, write_flag

USERS, ATTESTATIONS = User.__table__, Attestation.__table__


@dataclass(frozen=True)
class Holder:
    """The person a pass is issued to, as plain values: what the attestation and its e-mails
    say of them (re-read under lock: an identity corrected meanwhile is the one issued)."""

    id: int
    email: str
    first_name: str
    last_name: str
    rpps: str | None

    @classmethod
    def of(cls, person: User) -> "Holder":
        return cls(person.id, person.email, person.first_name, person.last_name, person.rpps)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Draft:
    """What the e-mails say of the attestation about to be issued. Its number comes from the
    counter, under lock: the e-mails carry `number`, a stand-in replaced when it is known."""

    number: str
    holder_name: str
    course_title: str
    score: int
    total: int


@dataclass(frozen=True)
class PreparedIssue:
    """A pass's attestation with all but its number, and its e-mails rendered: read before the
    write transaction, where only the writes remain (`record_issue`)."""

    holder: Holder
    course: Course
    score: int
    total: int
    structures: tuple[str, ...]  # the holder's, at the time of passing
    verification_code: str  # normalised
    stand_in: str  # the number's place in the e-mails
    emails: tuple[dict, ...]  # outbox rows (`email_row`)


@cache
def holder_query(locked: bool):
    """A SELECT of the identity an attestation prints, locked until the transaction ends when
    `locked` (one identity change or pass at once). Built once per process."""
    query = select(USERS.c.id, USERS.c.email, USERS.c.first_name, USERS.c.last_name,
                   USERS.c.rpps).where(USERS.c.id == bindparam("person_id"))
    return query.with_for_update() if locked else query


@cache
def valid_query():
    """A SELECT of the person's valid attestation of a course version (one at most)."""
    return select(ATTESTATIONS.c.id).where(
        ATTESTATIONS.c.user_id == bindparam("person_id"),
        ATTESTATIONS.c.course_slug == bindparam("course_slug"),
        ATTESTATIONS.c.course_version == bindparam("course_version"),
        ATTESTATIONS.c.status == AttestationStatus.VALID.value).limit(1)


def structure_label(ej_name: str, ej_finess: str, eg_name: str | None,
                    eg_finess: str | None) -> str:
    """A structure as an attestation names it: the EG and its EJ, or the EJ, with its FINESS."""
    if eg_name is None:
        return f"{ej_name} (FINESS {ej_finess})"
    return f"{eg_name}, {ej_name} (FINESS {eg_finess})"


@cache
def structures_query():
    """A SELECT of the structures a person is attached to now, as their labels need them."""
    return (db.select(Organisation.name, Organisation.finess, Establishment.name,
                      Establishment.finess)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .outerjoin(Establishment, Membership.establishment_id == Establishment.id)
            .where(Membership.user_id == bindparam("person_id"), Membership.ended_at.is_(None)))


@cache
def managers_query():
    """A SELECT of the e-mail and first name of a person's RLs and mandataires."""
    return managers_of_id(bindparam("person_id")).with_only_columns(User.email, User.first_name)


def holder_structures(person_id: int) -> tuple[str, ...]:
    """The structures the person is attached to now, as labels (the same one once)."""
    rows = db.session.execute(structures_query(), {"person_id": person_id}).all()
    return tuple(sorted({structure_label(*row) for row in rows}))


def holder_of(person_id: int, *, locked: bool = False) -> Holder:
    """The person's identity as it stands (`locked`: until the transaction ends)."""
    return Holder(*db.session.execute(holder_query(locked), {"person_id": person_id}).one())


def prepare_issue(holder: Holder, course: Course, score: int, total: int) -> PreparedIssue:
    """Read what issuing `holder` an attestation of `course` needs besides the writes, and
    render its e-mails to them and their RLs (reads only)."""
    managers = db.session.execute(managers_query(), {"person_id": holder.id}).all()
    code = normalise_code(new_verification_code())
    # Random: no name nor title can hold it by chance; letters a URL keeps as they are.
    stand_in = f"numero-{secrets.token_hex(8)}"
    draft = Draft(stand_in, holder.full_name, course.title, score, total)
    context = {"attestation": draft, **links_of(stand_in, format_code(code))}
    emails = [email_row(holder.email, "Votre attestation de réussite RPPS+ Académie",
                        "attestation_issued", about_id=holder.id, person=holder, **context)]
    emails += [email_row(manager.email, f"{holder.full_name} a réussi l'e-learning RPPS+",
                         "attestation_issued_rl", about_id=holder.id, manager=manager, **context)
               for manager in managers]
    return PreparedIssue(holder, course, score, total, holder_structures(holder.id), code,
                         stand_in, tuple(emails))


def record_issue(prepared: PreparedIssue, attempt_id: int | None, passed_at) -> int:
    """Issue a prepared attestation and set the flag, in the write transaction; its id.

    Under the holder's lock: when a valid attestation of this course version exists, nothing
    new is issued (its id is returned); an identity changed since `prepare_issue` is read again.
    """
    holder, course = holder_of(prepared.holder.id, locked=True), prepared.course
    if holder != prepared.holder:  # corrected meanwhile: the attestation prints it as it is
        prepared = prepare_issue(holder, course, prepared.score, prepared.total)
    existing = db.session.scalar(valid_query(), {
        "person_id": holder.id, "course_slug": course.slug, "course_version": course.version})
    if existing is not None:
        return existing
    attestation_id, number = write_attestation({
        "verification_code": prepared.verification_code, "user_id": holder.id,
        "attempt_id": attempt_id, "holder_name": holder.full_name,
        "holder_first_name": holder.first_name, "holder_last_name": holder.last_name,
        "holder_rpps": holder.rpps, "holder_structures": list(prepared.structures),
        "course_slug": course.slug, "course_title": course.title,
        "course_version": course.version, "course_minutes": course.minutes,
        "score": prepared.score, "total": prepared.total, "passed_at": passed_at})
    write_flag(holder.id, attestation_id)
    audit.write_event("attestation.issued", "Attestation", attestation_id, number,
                      actor_id=holder.id, holder=holder.email)
    write_emails([{**row, "body_text": row["body_text"].replace(prepared.stand_in, number)}
                  for row in prepared.emails])
    return attestation_id


def issue_for_pass(attempt: QuizAttempt, course: Course,
                   prepared: PreparedIssue | None = None) -> Attestation:
    """The attestation of a passing exam attempt and the flag, told to the person and RLs, in
    the transaction that records the pass (`prepare_issue` and `record_issue` at once)."""
    prepared = prepared or prepare_issue(holder_of(attempt.user_id), course, attempt.score,
                                         attempt.total)
    attestation_id = record_issue(prepared, attempt.id, attempt.submitted_at or utcnow())
    return db.session.get(Attestation, attestation_id)
