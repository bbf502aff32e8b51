"""The attestation's PDF: rendered on first download, then served from the database."""

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, bindparam

from certificates.rendering import TEMPLATE_VERSION, AttestationData, Resource, render_pdf

from ..catalogue import courses
from ..database import begin_writing
from ..extensions import db
from ..models import Attestation, AttestationDocument
from ..pdfs import render
from ..timekeeping import PARIS
from .issuance import links

# What a logo file may be, by its first bytes: WeasyPrint draws these without fetching anything.
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def issuer_logo() -> Resource | None:
    """The issuer's logo: the configured PNG or JPEG file of the instance folder, if there.

    Read here and handed to the renderer as data: nothing else is ever read for it (a name
    that leads out of the folder, a link included, or another kind of file is left aside).
    """
    name = current_app.config["ATTESTATION_LOGO"]
    if not name:
        return None
    folder = resolved(current_app.instance_path)
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        return None
    data = path.read_bytes()
    media_type = next((kind for magic, kind in LOGO_TYPES.items() if data.startswith(magic)),
                      None)
    if media_type is None:
        current_app.logger.warning("ATTESTATION_LOGO %s: ni PNG ni JPEG, ignoré", name)
        return None
    return Resource(data, media_type)


@cache
def resolved(folder: str) -> Path:
    """The instance folder without links, found once: every download checks the logo in it."""
    return Path(folder).resolve()


def course_minutes(attestation: Attestation) -> int | None:
    """The declared length of the attestation's course version (kept since it was issued;
    for an older one, the course's when it is still that version)."""
    if attestation.course_minutes is not None:
        return attestation.course_minutes
    course = courses().get(attestation.course_slug)
    return course.minutes if course and course.version == attestation.course_version else None


def attestation_data(attestation: Attestation, logo: Resource | None = None) -> AttestationData:
    """The primitive values the PDF shows."""
    return AttestationData(
        number=attestation.number, code=attestation.code, holder_name=attestation.holder_name,
        course_title=attestation.course_title, course_version=attestation.course_version,
        issued_on=attestation.passed_at.astimezone(PARIS).date(), score=attestation.score,
        total=attestation.total, verify_url=links(attestation)["verify_url"],
        holder_rpps=attestation.holder_rpps,
        holder_structures=tuple(attestation.holder_structures or ()),
        course_minutes=course_minutes(attestation),
        issuer_name=current_app.config["ATTESTATION_ISSUER"], issuer_logo=logo)


def document_version(logo: Resource | None) -> str:
    """The stored PDF's key: the template's version and the issuer it shows (a new name or
    logo renders anew)."""
    issuer = hashlib.sha256(current_app.config["ATTESTATION_ISSUER"].encode())
    issuer.update(logo.data if logo else b"")
    return f"{TEMPLATE_VERSION}-{issuer.hexdigest()[:10]}"


@cache
def stored_pdf() -> Select:
    """The PDF stored for an attestation (`attestation_id`) and a document version (`version`).

    Built once, like the other SELECTs of every download.
    """
    return db.select(AttestationDocument.pdf).where(
        AttestationDocument.attestation_id == bindparam("attestation_id"),
        AttestationDocument.template_version == bindparam("version"))


def cached_pdf(attestation_id: int, version: str) -> bytes | None:
    """The PDF already rendered for this attestation and document version, if any."""
    return db.session.scalar(stored_pdf(), {"attestation_id": attestation_id,
                                            "version": version})


def attestation_pdf(attestation: Attestation) -> bytes:
    """The PDF of the attestation, rendered once per document version whatever the traffic.

    On a miss, the attestation row is locked before rendering: a second first download waits,
    then finds the document stored by the first one.
    """
    attestation_id = attestation.id
    logo = issuer_logo()
    version = document_version(logo)
    pdf = cached_pdf(attestation_id, version)
    if pdf is not None:
        return pdf
    begin_writing(db.session)
    attestation = db.session.execute(
        db.select(Attestation).where(Attestation.id == attestation_id).with_for_update()
    ).scalar_one()
    pdf = cached_pdf(attestation_id, version)
    if pdf is None:
        pdf = render(render_pdf, attestation_data(attestation, logo))
        db.session.add(AttestationDocument(attestation_id=attestation_id,
                                           template_version=version, pdf=pdf))
        current_app.logger.info("attestation %s rendered (%d bytes)", attestation.number,
                                len(pdf))
    db.session.commit()
    return pdf
