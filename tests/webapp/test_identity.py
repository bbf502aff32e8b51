"""Identity is part of the attestation: read-only once certified, corrected by one operation."""


import pytest

from directory.structures import ContractMode
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.api import tokens
from webapp.extensions import db
from webapp.models import (
    Attestation,
    AuditEvent,
    ElearningFlag,
    Habilitation,
    IdentityCorrection,
    OutboxMessage,
    PlatformRole,
    User,
)
from webapp.structures.habilitations import grant

from .steps import make_exam_ready, pass_exam, text

OLD_RPPS, NEW_RPPS = "10104332183", "10196001332"
ELEARNING = "/api/v1/people/elearning"



@pytest.fixture
def world(app):
    """Léa, certified and habilitated in a centralised EJ of Auvergne-Rhône-Alpes, its RL,
    an API token of the EJ, a trainer of the region and one of another region."""
    structure = make_organisation(mode=ContractMode.CENTRALISED, establishments=1)
    rl = make_legal_rep(structure, email="rl@exemple.fr")
    lea = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin", rpps=OLD_RPPS)
    membership = attach(lea, structure)
    make_exam_ready(lea)
    pass_exam(lea)
    grant(membership, rl)
    _, token = tokens.create_token("SI", rl, structure)
    db.session.commit()
    return {
        "structure": structure, "rl": rl, "lea": lea, "token": token,
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84"),
        "other_trainer": make_person("ailleurs@exemple.fr", role=PlatformRole.TRAINER,
                                     region_code="11"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
    }


def attestations_of(person) -> list[Attestation]:
    db.session.expire_all()
    return db.session.scalars(db.select(Attestation).filter_by(user_id=person.id)
                              .order_by(Attestation.id)).all()


def api(client, token, **params):
    return client.get(ELEARNING, query_string=params,
                      headers={"Authorization": f"Bearer {token}"})


def ask_correction(client, auth, **fields):
    auth.login("lea@exemple.fr")
    data = {"first_name": "Léa", "last_name": "Martin-Durand", "rpps": NEW_RPPS,
            "reason": "Nom d'usage après mariage, RPPS mal saisi"} | fields
    response = client.post("/account/identity-correction", data=data)
    auth.logout()
    return response


def test_a_certified_person_sees_their_identity_read_only(client, auth, world):
    """Are names and RPPS shown as text with a link to ask for a correction, once certified?"""
    auth.login("lea@exemple.fr")
    page = text(client.get("/account/"))
    assert 'name="first_name"' not in page and 'name="rpps"' not in page
    assert 'name="mobile_phone"' in page
    assert "Léa" in page and OLD_RPPS in page and "Demander une correction" in page
    auth.logout()
    make_person("neuf@exemple.fr")
    auth.login("neuf@exemple.fr")
    assert 'name="first_name"' in text(client.get("/account/"))


def test_a_forged_post_cannot_change_a_certified_identity(client, auth, world):
    """Is a POST changing names or RPPS of a certified person refused, nothing changed?"""
    auth.login("lea@exemple.fr")
    response = client.post("/account/profile", data={
        "first_name": "Bruno", "last_name": "Martin", "rpps": NEW_RPPS,
        "mobile_phone": "06 12 34 56 78"})
    assert response.status_code == 422
    assert "ne se modifient que par une demande de correction" in text(response)
    db.session.expire_all()
    lea = db.session.get(User, world["lea"].id)
    assert (lea.first_name, lea.rpps, lea.mobile_phone) == ("Léa", OLD_RPPS, None)
    assert api(client, world["token"], rpps=NEW_RPPS).status_code == 404
    # The phone alone is still hers to change.
    assert client.post("/account/profile",
                       data={"mobile_phone": "06 12 34 56 78"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, lea.id).mobile_phone is not None


def test_a_request_approved_reissues_to_the_corrected_identity(client, auth, world):
    """Request → trainer approves: new attestation, old one replaced (not revoked), flag and
    habilitation intact, account corrected, RL and person told, API and verify consistent."""
    lea, rl = world["lea"], world["rl"]
    (old,) = attestations_of(lea)
    assert ask_correction(client, auth).status_code == 303
    correction = db.session.scalar(db.select(IdentityCorrection))
    assert correction.is_pending and correction.rpps == NEW_RPPS
    db.session.expire_all()
    assert db.session.get(User, lea.id).last_name == "Martin"  # nothing changes before approval

    auth.login(world["trainer"].email)
    listed = text(client.get("/attestations/corrections"))
    assert "Martin-Durand" in listed
    home = text(client.get("/"))
    assert "Corrections d'identité" in home  # in the trainer's menu
    assert "1 demande de correction d'identité à traiter" in home
    response = client.post(f"/attestations/corrections/{correction.id}/approve")
    assert response.status_code == 303

    old, new = attestations_of(lea)
    assert old.status == "superseded" and old.superseded_by_id == new.id
    assert old.revoked_at is None
    assert new.is_valid and new.course_version == old.course_version
    assert (new.holder_first_name, new.holder_last_name, new.holder_rpps) == (
        "Léa", "Martin-Durand", NEW_RPPS)
    assert (old.holder_last_name, old.holder_rpps) == ("Martin", OLD_RPPS)
    lea = db.session.get(User, lea.id)
    assert (lea.last_name, lea.rpps) == ("Martin-Durand", NEW_RPPS)
    assert db.session.get(ElearningFlag, lea.id).attestation_id == new.id
    habilitation = db.session.scalar(db.select(Habilitation).filter_by(user_id=lea.id))
    assert habilitation.is_active and habilitation.attestation_id == new.id
    assert habilitation.attestation_revoked_at is None
    correction = db.session.get(IdentityCorrection, correction.id)
    assert correction.status == "approved" and correction.decided_by_id == world["trainer"].id
    assert correction.replacement_id == new.id
    told_rl = db.session.scalars(db.select(OutboxMessage).filter_by(recipient=rl.email)).all()
    assert any(new.number in m.body_text and "remplacée, pas révoquée" in m.body_text
               for m in told_rl)
    assert db.session.scalar(db.select(OutboxMessage).filter_by(
        recipient=lea.email, subject="Votre attestation de réussite a été rééditée"))
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="identity.corrected"))
    roster = text(client.get(f"/structures/{world['structure'].id}/personnes"))
    assert "à revoir" not in roster

    found = api(client, world["token"], rpps=NEW_RPPS).get_json()
    assert found["last_name"] == "Martin-Durand" and found["elearning"]["done"] is True
    assert found["elearning"]["attestation"]["number"] == new.number
    assert found["elearning"]["attestation"]["holder"]["rpps"] == NEW_RPPS
    assert api(client, world["token"], rpps=OLD_RPPS).status_code == 404
    old_page = text(client.get(f"/verify/{old.code}"))
    assert "Attestation remplacée" in old_page and "Léa Martin" in old_page
    assert "Martin-Durand" not in old_page.replace(new.number, "")
    assert "Léa Martin-Durand" in text(client.get(f"/verify/{new.code}"))
    assert text(client.get(f"/attestations/corrections/{correction.id}")).count("Acceptée")


def test_the_api_never_pairs_a_changed_identity_with_an_old_attestation(client, world):
    """An identity changed without a correction (the old hole, here in the database): does the
    API answer « not done » for the new RPPS, and the verify page the names as issued?"""
    lea = world["lea"]
    (attestation,) = attestations_of(lea)
    lea.first_name, lea.last_name, lea.rpps = "Bruno", "Leroy", NEW_RPPS
    db.session.commit()
    answer = api(client, world["token"], rpps=NEW_RPPS).get_json()
    assert answer["first_name"] == "Bruno"
    assert answer["elearning"] == {"done": False, "date": None, "attestation": None}
    page = text(client.get(f"/verify/{attestation.code}"))
    assert "Léa Martin" in page and "Bruno" not in page


def test_an_admins_reissue_is_the_identity_correction(client, auth, world):
    """Does the admin's re-issue correct the account too, recorded, the RL told?"""
    lea = world["lea"]
    (old,) = attestations_of(lea)
    ask_correction(client, auth, last_name="Autre")  # pending meanwhile: no conflict
    auth.login(world["admin"].email)
    url = f"/attestations/{old.number}/reissue"
    refused = client.post(url, data={"first_name": "Léa", "last_name": "Martin",
                                     "rpps": OLD_RPPS, "correction_reason": "rien"})
    assert refused.status_code == 422 and "rien à corriger" in text(refused)
    assert client.post(url, data={"first_name": "Léa", "last_name": "Martin",
                                  "rpps": NEW_RPPS,
                                  "correction_reason": "RPPS mal saisi"}).status_code == 303
    old, new = attestations_of(lea)
    assert old.status == "superseded" and new.holder_rpps == NEW_RPPS
    assert db.session.get(User, lea.id).rpps == NEW_RPPS
    correction = db.session.scalar(db.select(IdentityCorrection).filter_by(status="approved"))
    assert correction.requested_by_id == world["admin"].id and correction.rpps == NEW_RPPS
    assert db.session.scalar(db.select(OutboxMessage).filter(
        OutboxMessage.recipient == world["rl"].email,
        OutboxMessage.subject.like("Identité corrigée%")))
    assert api(client, world["token"], rpps=NEW_RPPS).get_json()["elearning"]["done"]


def test_only_admins_and_trainers_of_the_region_see_requests(client, auth, world):
    """Are the list and the decisions 404 for a trainer of another region, an RL, a learner?"""
    ask_correction(client, auth)
    correction = db.session.scalar(db.select(IdentityCorrection))
    for email, list_status in ((world["other_trainer"].email, 200), (world["rl"].email, 404),
                               ("lea@exemple.fr", 404)):
        auth.login(email)
        listing = client.get("/attestations/corrections")
        assert listing.status_code == list_status and "Martin-Durand" not in text(listing)
        assert client.get(f"/attestations/corrections/{correction.id}").status_code == 404
        assert client.post(
            f"/attestations/corrections/{correction.id}/approve").status_code == 404
        assert client.post(f"/attestations/corrections/{correction.id}/refuse",
                           data={"reason": "non"}).status_code == 404
        auth.logout()
    auth.login(world["admin"].email)
    assert "Martin-Durand" in text(client.get("/attestations/corrections"))
    db.session.expire_all()
    assert db.session.get(IdentityCorrection, correction.id).is_pending


def test_a_refusal_needs_a_reason_and_changes_nothing(client, auth, world):
    """Is a refusal without reason a 422, and with one recorded, told, identity unchanged?"""
    ask_correction(client, auth)
    correction = db.session.scalar(db.select(IdentityCorrection))
    auth.login(world["trainer"].email)
    url = f"/attestations/corrections/{correction.id}/refuse"
    refused = client.post(url, data={"reason": "  "})
    assert refused.status_code == 422 and "Indiquez le motif du refus" in text(refused)
    assert client.post(url, data={"reason": "Pièce d'identité illisible"}).status_code == 303
    db.session.expire_all()
    correction = db.session.get(IdentityCorrection, correction.id)
    assert correction.status == "refused" and correction.decided_by_id == world["trainer"].id
    assert correction.decision_reason == "Pièce d'identité illisible"
    assert correction.decided_at is not None
    assert len(attestations_of(world["lea"])) == 1
    assert db.session.get(User, world["lea"].id).rpps == OLD_RPPS
    told = db.session.scalar(db.select(OutboxMessage).filter_by(
        recipient="lea@exemple.fr", subject="Votre demande de correction d'identité"))
    assert "Pièce d'identité illisible" in told.body_text
    # Decided once: approving afterwards changes nothing.
    assert client.post(f"/attestations/corrections/{correction.id}/approve").status_code == 422
    # The person may ask again.
    assert ask_correction(client, auth).status_code == 303


def test_a_request_is_checked_like_the_profile(client, auth, world):
    """Are a bad RPPS, a missing reason, or a second pending request refused in French?"""
    bad = ask_correction(client, auth, rpps="10104332184", reason="")
    assert bad.status_code == 422 and "Indiquez le motif de la correction" in text(bad)
    assert db.session.scalar(db.select(IdentityCorrection)) is None
    assert ask_correction(client, auth).status_code == 303
    second = ask_correction(client, auth, last_name="Autre")
    assert second.status_code == 422 and "déjà en attente" in text(second)
    assert db.session.scalar(db.select(db.func.count(IdentityCorrection.id))) == 1


def test_the_admin_person_form_does_not_bypass_the_correction(client, auth, world):
    """Is the admin's person form refused a change of a certified identity (other fields kept
    editable), so that the re-issue stays the only way?"""
    lea = world["lea"]
    auth.login(world["admin"].email)
    fields = {"first_name": "Léa", "last_name": "Martin", "email": "lea@exemple.fr",
              "rpps": OLD_RPPS, "platform_role": "learner", "region_code": "",
              "exam_time_factor": "1,33"}
    refused = client.post(f"/admin/people/{lea.id}", data=fields | {"last_name": "Leroy"})
    assert refused.status_code == 422 and "Corriger l'identité et rééditer" in text(refused)
    assert client.post(f"/admin/people/{lea.id}", data=fields).status_code == 303
    db.session.expire_all()
    lea = db.session.get(User, lea.id)
    assert (lea.last_name, lea.exam_time_factor) == ("Martin", 1.33)


def test_the_demo_shows_a_pending_request_and_a_replaced_attestation(seeded_demo, client, auth):
    """Does the demo's trainer find gestionnaire5's request, and gestionnaire6 hold a new
    attestation that replaced one, with the habilitation still on it?"""
    from webapp.demo import PASSWORD

    auth.login("formateur@demo.test", PASSWORD)
    assert "Cinquième-Lefort" in text(client.get("/attestations/corrections"))
    louis = db.session.scalar(db.select(User).filter_by(email="gestionnaire6@demo.test"))
    old, new = attestations_of(louis)
    assert (old.status, old.superseded_by_id, new.holder_name) == (
        "superseded", new.id, "Louis Sixième")
    habilitation = db.session.scalar(db.select(Habilitation).filter_by(user_id=louis.id))
    assert habilitation.is_active and habilitation.attestation_id == new.id


def test_the_migration_gives_earlier_attestations_their_holders_identity(app):
    """Do attestations issued before the identity columns carry the account's identity?"""
    from flask_migrate import downgrade, upgrade

    lea_id = make_person("ancienne@exemple.fr", first_name="Anne", last_name="Ancienne",
                         rpps=OLD_RPPS).id
    db.session.remove()
    downgrade(revision="75d507992bb6")
    with db.engine.begin() as connection:
        connection.execute(db.text(
            "INSERT INTO attestation (number, year, sequence, verification_code, user_id, "
            "holder_name, course_slug, course_title, course_version, score, total, passed_at, "
            "issued_at, status) VALUES ('RPPSP-2026-000009', 2026, 9, "
            "'ABCDEFGHJKMNPQRSTVWXYZ012345', :user, 'Anne Ancienne', 'c', 'C', '1', 20, 20, "
            ":at, :at, 'valid')"), {"user": lea_id, "at": "2026-01-05 10:00:00+00:00"})
    upgrade()
    attestation = db.session.scalar(db.select(Attestation))
    assert (attestation.holder_first_name, attestation.holder_last_name,
            attestation.holder_rpps) == ("Anne", "Ancienne", OLD_RPPS)
    assert attestation.issued_to(db.session.get(User, lea_id))
