"""The attestation's PDF: rendered on first download, then served from the database."""

from flask import current_app

from certificates.rendering import TEMPLATE_VERSION, AttestationData, render_pdf

from ..database import begin_writing
from ..extensions import db
from ..models import Attestation, AttestationDocument
from ..timekeeping import PARIS
from .issuance import links


def attestation_data(attestation: Attestation) -> AttestationData:
    """The primitive values the PDF shows."""
    return AttestationData(
        number=attestation.number, code=attestation.code, holder_name=attestation.holder_name,
        course_title=attestation.course_title, course_version=attestation.course_version,
        issued_on=attestation.passed_at.astimezone(PARIS).date(), score=attestation.score,
        total=attestation.total, verify_url=links(attestation)["verify_url"])


def cached_pdf(attestation_id: int) -> bytes | None:
    """The PDF already rendered for this attestation and template version, if any."""
    return db.session.scalar(
        db.select(AttestationDocument.pdf).filter_by(attestation_id=attestation_id,
                                                      template_version=TEMPLATE_VERSION))


def attestation_pdf(attestation: Attestation) -> bytes:
    """The PDF of the attestation, rendered once per template version whatever the traffic.

    On a miss, the attestation row is locked before rendering: a second first download waits,
    then finds the document stored by the first one.
    """
    attestation_id = attestation.id
    pdf = cached_pdf(attestation_id)
    if pdf is not None:
        return pdf
    begin_writing(db.session)
    attestation = db.session.execute(
        db.select(Attestation).where(Attestation.id == attestation_id).with_for_update()
    ).scalar_one()
    pdf = cached_pdf(attestation_id)
    if pdf is None:
        pdf = render_pdf(attestation_data(attestation))
        db.session.add(AttestationDocument(attestation_id=attestation_id,
                                           template_version=TEMPLATE_VERSION, pdf=pdf))
        current_app.logger.info("attestation %s rendered (%d bytes)", attestation.number,
                                len(pdf))
    db.session.commit()
    return pdf
