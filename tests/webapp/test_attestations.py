"""Passing the exam issues one attestation and sets the flag; who may download it; revocation."""

import re
import threading

import pytest
from sqlalchemy.exc import IntegrityError

from certificates.codes import ALPHABET, CODE_LENGTH
from directory.structures import ContractMode
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from tests.pdfs import pdf_text
from webapp.attestations import documents
from webapp.attestations.issuance import new_attestation
from webapp.attestations.passing import issue_for_pass
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.models import (
    Attestation,
    AttestationDocument,
    AuditEvent,
    ElearningFlag,
    OutboxMessage,
    PlatformRole,
    QuizAttempt,
)
from webapp.quiz import exam

from .sql import sqlite_statements, statements_sent
from .steps import COURSE, make_exam_ready, pass_exam, text

NUMBER = re.compile(r"RPPSP-\d{4}-\d{6}")



@pytest.fixture
def structure(app):
    return make_organisation(mode=ContractMode.CENTRALISED, establishments=1)


@pytest.fixture
def holder(structure):
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    attach(person, structure)
    make_exam_ready(person)
    pass_exam(person)
    return person


def attestation_of(person) -> Attestation:
    return db.session.scalars(db.select(Attestation).filter_by(user_id=person.id)
                              .order_by(Attestation.id)).all()[-1]


def outbox_to(email):
    return db.session.scalars(db.select(OutboxMessage).filter_by(recipient=email)).all()


def test_passing_issues_the_attestation_and_sets_the_flag(structure):
    """Does a pass issue a numbered attestation with a strong code, set the flag, tell people?"""
    rl = make_legal_rep(structure, email="rl@exemple.fr")
    other_rl = make_legal_rep(make_organisation(), email="autre.rl@exemple.fr")
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    attach(person, structure)
    make_exam_ready(person)
    attempt = pass_exam(person)

    attestation = attestation_of(person)
    assert NUMBER.fullmatch(attestation.number)
    assert attestation.number.endswith("-000001")
    assert len(attestation.verification_code) == CODE_LENGTH
    assert set(attestation.verification_code) <= set(ALPHABET)
    assert (attestation.holder_name, attestation.score, attestation.total) == ("Léa Martin", 20, 20)
    assert attestation.course_version == courses()[COURSE].version
    assert attestation.attempt_id == attempt.id and attestation.is_valid
    flag = db.session.get(ElearningFlag, person.id)
    assert flag.attestation_id == attestation.id
    assert [m.subject for m in outbox_to("lea@exemple.fr")] == [
        "Votre attestation de réussite RPPS+ Académie"]
    told = outbox_to(rl.email)
    assert len(told) == 1 and attestation.number in told[0].body_text
    assert outbox_to(other_rl.email) == []
    assert "/verify/" + attestation.code in outbox_to("lea@exemple.fr")[0].body_text
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="attestation.issued"))


def test_numbers_follow_each_other(app):
    """Do attestations get consecutive numbers?"""
    numbers = []
    for _ in range(3):
        person = make_person()
        make_exam_ready(person)
        pass_exam(person)
        numbers.append(attestation_of(person).number)
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]


def test_a_second_pass_never_gives_a_second_valid_attestation(holder):
    """Is a second passing attempt of the same course version answered with the first one?"""
    first = attestation_of(holder)
    second_attempt = QuizAttempt(user_id=holder.id, kind="exam", course_slug=COURSE,
                                 drawn=[], answers={}, total=20, score=20, passed=True)
    db.session.add(second_attempt)
    db.session.flush()
    assert issue_for_pass(second_attempt, courses()[COURSE]) == first
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Attestation.id))) == 1


def test_the_database_refuses_two_valid_attestations(holder):
    """Is the rule also a constraint, the last guard whatever the code does?"""
    first = attestation_of(holder)
    with pytest.raises(IntegrityError):
        new_attestation(holder, holder_name="Léa Martin", course_slug=COURSE,
                        course_title=first.course_title, course_version=first.course_version,
                        score=20, total=20, passed_at=first.passed_at, attempt_id=None)
    db.session.rollback()


def test_concurrent_passes_issue_one_attestation(app):
    """Two passes of one person at the same instant: is exactly one attestation issued?"""
    person = make_person()
    make_exam_ready(person)
    attempts = []
    for _ in range(2):
        attempt = QuizAttempt(user_id=person.id, kind="exam", course_slug=COURSE, drawn=[],
                              answers={}, total=20, score=20, passed=True)
        db.session.add(attempt)
        db.session.flush()
        attempts.append(attempt.id)
    db.session.commit()
    barrier = threading.Barrier(2)
    failures = []

    def issue(attempt_id):
        try:
            with app.test_request_context(method="POST"):
                barrier.wait(timeout=10)  # before any query: SQLite's first one takes the lock
                attempt = db.session.get(QuizAttempt, attempt_id)
                issue_for_pass(attempt, courses()[COURSE])
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=issue, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Attestation.id))) == 1


def test_the_learner_downloads_a_pdf_that_says_who_and_what(client, auth, holder):
    """Does the holder's PDF carry their name, the number and the verification code?"""
    auth.login("lea@exemple.fr")
    attestation = attestation_of(holder)
    home = text(client.get("/"))
    assert f"/attestations/{attestation.number}.pdf" in home
    assert f"/verify/{attestation.code}" in home
    response = client.get(f"/attestations/{attestation.number}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    content = pdf_text(response.data)
    for expected in ("Léa Martin", attestation.number, attestation.code):
        assert expected in content


def test_the_pdf_is_rendered_once(client, auth, holder, monkeypatch, real_pdfs):
    """Is the second download served from storage, without rendering again?"""
    auth.login("lea@exemple.fr")
    url = f"/attestations/{attestation_of(holder).number}.pdf"
    renders = []
    real_render = documents.render_pdf
    monkeypatch.setattr(documents, "render_pdf",
                        lambda data: renders.append(data) or real_render(data))
    first = client.get(url).data
    second = client.get(url).data
    assert first == second and len(renders) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(AttestationDocument)) == 1


@pytest.mark.parametrize("viewer, allowed", [
    ("rl", True), ("other_rl", False), ("trainer", True), ("other_trainer", False),
    ("admin", True), ("colleague", False),
])
def test_who_may_see_an_attestation(client, auth, holder, structure, viewer, allowed):
    """Only the holder's RLs, trainers of their region and admins; 404 for anyone else."""
    people = {
        "rl": lambda: make_legal_rep(structure),
        "other_rl": lambda: make_legal_rep(make_organisation()),
        "trainer": lambda: make_person(role=PlatformRole.TRAINER, region_code="84"),
        "other_trainer": lambda: make_person(role=PlatformRole.TRAINER, region_code="11"),
        "admin": lambda: make_person(role=PlatformRole.ADMIN),
        "colleague": lambda: attach(make_person(), structure).user,
    }
    auth.login(people[viewer]().email)
    number = attestation_of(holder).number
    for url in (f"/attestations/{number}", f"/attestations/{number}.pdf"):
        assert client.get(url).status_code == (200 if allowed else 404), url


def test_signed_out_visitors_are_sent_to_sign_in(client, holder):
    response = client.get(f"/attestations/{attestation_of(holder).number}.pdf")
    assert response.status_code == 303 and "/login" in response.location


@pytest.mark.parametrize("number", ["RPPSP-2026-999999", "nimporte", "RPPSP-2026-000000",
                                    "x" * 5000])
def test_unknown_or_malformed_numbers_are_404(client, auth, holder, number):
    auth.login("lea@exemple.fr")
    assert client.get(f"/attestations/{number}.pdf").status_code == 404
    assert client.get(f"/attestations/{number}").status_code == 404


# Verification


def test_the_verify_page_shows_status_then_who_and_what(client, holder):
    """Is the public page reachable by the printed code, typed any which way?"""
    attestation = attestation_of(holder)
    for code in (attestation.code, attestation.verification_code.lower(),
                 " ".join(attestation.code.split("-"))):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 200, code
        page = text(response)
        assert page.index("Attestation valide") < page.index("Léa Martin")
        assert attestation.number in page and courses()[COURSE].title in page
    assert response.headers["Cache-Control"] == "no-store"


def test_a_scan_reads_one_row_and_starts_no_session(app, holder, auth):
    """Does an anonymous scan of the QR code read the attestation alone (no session looked up)
    and leave without a session cookie or a CSRF token, while signed-in pages keep htmx's?"""
    url = f"/verify/{attestation_of(holder).code}"
    anonymous = app.test_client(use_cookies=False)
    with statements_sent(lambda sql: not sql.lstrip().upper().startswith(
            ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))) as sent:
        response = anonymous.get(url)
    assert response.status_code == 200 and "Attestation valide" in text(response)
    assert len(sent) == 1 and "FROM attestation" in sent[0], sent
    assert "Set-Cookie" not in response.headers
    assert "X-CSRFToken" not in text(response)
    auth.login("lea@exemple.fr")
    assert '"X-CSRFToken": "' in text(auth.client.get(url))


def test_a_scan_opens_no_transaction(app, holder):
    """Is a QR code scan's one SELECT sent alone, without BEGIN and ROLLBACK around it
    (SQLite reads a single statement in a transaction of its own)?"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the BEGIN left out is SQLite's (webapp/database.py)")
    url = f"/verify/{attestation_of(holder).code}"
    with sqlite_statements() as sent:
        response = app.test_client(use_cookies=False).get(url)
    assert response.status_code == 200 and "Attestation valide" in text(response)
    assert len(sent) == 1 and sent[0].lstrip().upper().startswith("SELECT"), sent


def test_the_verify_page_links_to_the_record_for_those_who_follow_the_holder(
        client, auth, holder):
    """Does the public page link to the attestation's own page for the holder signed in, and
    not for a visitor nor for a learner who does not follow the holder?"""
    attestation = attestation_of(holder)
    url, record = f"/verify/{attestation.code}", f'href="/attestations/{attestation.number}"'
    assert record not in text(client.get(url))
    make_person("paul@exemple.fr")
    auth.login("paul@exemple.fr")
    assert record not in text(client.get(url))
    auth.logout()
    auth.login("lea@exemple.fr")
    assert record in text(client.get(url))


@pytest.mark.parametrize("code, message", [
    ("0000-0000-0000-0000-0000-0000-0000", "Aucune attestation ne correspond à ce code"),
    ("abc", "RPPSP-AAAA-NNNNNN"), ("é" * 30, "28 lettres et chiffres"),
    ("A" * 400, "RPPSP-AAAA-NNNNNN"),
])
def test_unknown_codes_say_why_and_what_a_code_looks_like(client, holder, code, message):
    """An unknown code is told apart from a malformed one, which says what a code looks like."""
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    assert message in text(response) and 'aria-invalid="true"' in text(response)


def test_every_page_links_to_verification(client, auth, holder):
    """Is « Vérifier une attestation » reachable from every page, signed in or not?"""
    assert 'href="/verify">Vérifier une attestation' in text(client.get("/login"))
    auth.login("lea@exemple.fr")
    assert 'href="/verify">Vérifier une attestation' in text(client.get("/"))


def test_the_form_takes_a_code_or_a_number(client, holder):
    """A code goes to its page; a number shows the status and only the holder's initials."""
    attestation = attestation_of(holder)
    response = client.get("/verify", query_string={"q": attestation.code.lower()})
    assert response.status_code == 303
    assert response.location.endswith(f"/verify/{attestation.code}")
    page = text(client.get("/verify", query_string={"q": attestation.number.lower()}))
    assert "Attestation valide" in page and "L. M." in page and "Léa Martin" not in page
    missing = client.get("/verify", query_string={"q": "RPPSP-2026-999999"})
    assert missing.status_code == 404 and "Aucune attestation ne porte ce numéro" in text(missing)
    for bad in ("", "bonjour", "x" * 300):
        response = client.get("/verify", query_string={"q": bad})
        assert response.status_code == 422, bad
        assert 'aria-invalid="true"' in text(response)
        assert (bad[:100] in text(response)) if bad else True  # what was typed stays


def test_verification_is_rate_limited(database_url, holder):
    from tests.conftest import IsolatedClient, app_config
    from webapp import create_app

    limited = create_app(app_config(database_url, RATELIMIT_ENABLED=True,
                                    VERIFY_LIMIT_PER_IP="3 per minute"))
    limited.test_client_class = IsolatedClient
    client = limited.test_client()
    url = f"/verify/{attestation_of(holder).code}"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]


# Revocation and re-issue


def test_a_trainer_revokes_with_a_reason(client, auth, holder, structure):
    """Is the record kept, the flag cleared, everyone told, the exam open again?"""
    rl = make_legal_rep(structure)
    trainer = make_person(role=PlatformRole.TRAINER, region_code="84")
    attestation = attestation_of(holder)
    auth.login(trainer.email)
    url = f"/attestations/{attestation.number}/revoke"
    refused = client.post(url, data={"reason": "  "})
    assert refused.status_code == 422 and "Indiquez le motif" in text(refused)
    assert client.post(url, data={"reason": "Examen passé par un tiers"}).status_code == 303

    db.session.refresh(attestation)
    assert attestation.status == "revoked" and attestation.revoked_by_id == trainer.id
    assert db.session.get(ElearningFlag, holder.id) is None
    assert len(outbox_to(holder.email)) == 2 and len(outbox_to(rl.email)) == 1
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="attestation.revoked"))
    # The reason is for those who follow the holder, never for the public page.
    assert "Examen passé par un tiers" in text(client.get(f"/attestations/{attestation.number}"))
    assert client.get(f"/attestations/{attestation.number}.pdf").status_code == 404
    course = courses()[COURSE]
    from webapp.learn.operations import progress_of
    assert not exam.exam_status(holder, course, progress_of(holder, course)).passed
    # A second revocation changes nothing.
    assert client.post(url, data={"reason": "encore"}).status_code == 422
    auth.logout()
    for public in (f"/verify/{attestation.code}", f"/verify?q={attestation.number}"):
        page = text(client.get(public))
        assert "Attestation révoquée" in page and "Examen passé par un tiers" not in page
        assert "Motif" not in page
        assert "certifie" not in page and "n'est plus valable" in page


def test_only_admins_and_trainers_of_the_region_revoke(client, auth, holder, structure):
    number = attestation_of(holder).number
    for person in (make_legal_rep(structure), make_person(role=PlatformRole.TRAINER,
                                                          region_code="11")):
        auth.login(person.email)
        assert client.post(f"/attestations/{number}/revoke",
                           data={"reason": "x"}).status_code == 404
        auth.logout()
    auth.login("lea@exemple.fr")
    assert client.post(f"/attestations/{number}/reissue",
                       data={"first_name": "Moi", "last_name": "Même",
                             "correction_reason": "x"}).status_code == 404
    assert attestation_of(holder).is_valid


def test_a_reissue_supersedes_and_points_to_the_new_one(client, auth, holder):
    """Does a corrected name give a new number and code, the old one pointing to it?"""
    old = attestation_of(holder)
    auth.login(make_person(role=PlatformRole.ADMIN).email)
    response = client.post(f"/attestations/{old.number}/reissue",
                           data={"first_name": "Léa", "last_name": "Martin-Durand",
                                 "correction_reason": "Nom d'usage"})
    assert response.status_code == 303
    new = attestation_of(holder)
    db.session.refresh(old)
    assert old.status == "superseded" and old.superseded_by_id == new.id
    assert new.is_valid and new.number != old.number and new.code != old.code
    assert new.holder_name == "Léa Martin-Durand" and new.passed_at == old.passed_at
    assert db.session.get(ElearningFlag, holder.id).attestation_id == new.id
    person_page = text(client.get(f"/admin/people/{holder.id}"))
    assert f"Attestation {old.number}" in person_page and "Remplacée" in person_page
    assert f"Attestation {new.number}" in person_page and "E-learning réalisé : oui" in person_page
    page = text(client.get(f"/verify/{old.code}"))
    assert "Attestation remplacée" in page and new.number in page and "certifie" not in page
    assert f'href="/verify?q={new.number}"' in page  # by number: initials only
    assert "Attestation valide" in text(client.get(f"/verify/{new.code}"))
    assert "Léa Martin-Durand" in pdf_text(client.get(f"/attestations/{new.number}.pdf").data)
