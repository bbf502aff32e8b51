"""Attestations issued before the integrity rules: listed for admins, changed by nobody."""

from datetime import timedelta

import pytest

from tests.factories import make_person
from webapp.catalogue import banks
from webapp.extensions import db
from webapp.models import Attestation, AttestationStatus, PlatformRole

from .steps import COURSE, make_exam_ready, pass_exam, text


@pytest.fixture
def attestations(app):
    """One attestation of an exam drawn from the pool, one of a draw of quiz questions (old)."""
    recent, old = make_person("recente@exemple.fr"), make_person("ancienne@exemple.fr")
    for person in (recent, old):
        make_exam_ready(person)
    pass_exam(recent)
    attempt = pass_exam(old)
    # As the exam drew before the pool: questions the module quizzes also show, in 40 s.
    quiz_ids = [q.id for bank in banks(COURSE).values() for q in bank.questions][:attempt.total]
    attempt.drawn = [{**item, "question_id": qid} for item, qid in zip(attempt.drawn, quiz_ids,
                                                                      strict=True)]
    attempt.submitted_at = attempt.started_at + timedelta(seconds=40)
    db.session.commit()
    return {person.email: db.session.scalar(db.select(Attestation).filter_by(user_id=person.id))
            for person in (recent, old)}


def test_admins_see_the_old_attestations_with_their_duration(client, auth, attestations):
    """Does the admin page list only the attestation of before the rules, with its exam's
    duration flagged as fast, and leave it valid?"""
    make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    auth.login("admin@exemple.fr")
    assert "/admin/attestations-anterieures" in text(client.get("/"))
    page = text(client.get("/admin/attestations-anterieures"))
    old, recent = attestations["ancienne@exemple.fr"], attestations["recente@exemple.fr"]
    assert old.number in page and recent.number not in page
    assert "40 s <strong>(rapide)</strong>" in page
    db.session.refresh(old)
    assert old.status == AttestationStatus.VALID.value


def test_only_admins_see_the_list(client, auth, attestations):
    """Is the list hidden (404) from anyone but an admin?"""
    make_person("grades@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    auth.login("grades@exemple.fr")
    assert client.get("/admin/attestations-anterieures").status_code == 404
