"""Failed e-mails: admins find, read and retry them; the region's GRADeS see the attestation
e-mails about their people that could not be delivered."""

from html import unescape

import pytest

from tests.conftest import AuthActions, IsolatedClient
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from tests.webapp.test_mail import free_port, mail, smtp_app, start_sink
from webapp.extensions import db
from webapp.mail import deliver_pending
from webapp.models import AuditEvent, OutboxMessage, PlatformRole

from .steps import make_exam_ready, pass_exam


def text(response) -> str:
    return " ".join(unescape(response.get_data(as_text=True)).split())


@pytest.fixture
def world(database_url):
    """A sink that refuses the learner's address; a learner of an EJ in Auvergne-Rhône-Alpes
    who passed (their attestation e-mail failed); trainers of that region and of another."""
    controller, inbox = start_sink(free_port())
    inbox.refuse.add("perdu@exemple.fr")
    app = smtp_app(database_url, controller.port)
    app.test_client_class = IsolatedClient
    with app.app_context():
        organisation = make_organisation(region_code="84")
        make_legal_rep(organisation, email="rl@exemple.fr")
        learner = make_person("perdu@exemple.fr", first_name="Paul", last_name="Perdu")
        attach(learner, organisation)
        people = {
            "learner": learner,
            "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
            "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                                   region_code="84"),
            "elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                     region_code="28"),
        }
        make_exam_ready(learner)
        pass_exam(learner)
        db.session.commit()
        mail("autre@exemple.fr", "Un message en attente")
        db.session.commit()
        deliver_pending(limit=2)  # the learner's e-mail and the RL's; the last one waits
        client = app.test_client()
        yield {"app": app, "client": client, "auth": AuthActions(client), "inbox": inbox,
               **people}
        db.session.remove()
    controller.stop()


def failed_ids() -> list[int]:
    return db.session.scalars(db.select(OutboxMessage.id).filter_by(status="failed")).all()


def test_admins_filter_search_and_read_the_error(world):
    """Does the outbox filter by state and search, and show a failed message's error?"""
    client = world["client"]
    world["auth"].login("admin@exemple.fr")
    failed = text(client.get("/admin/outbox?etat=failed"))
    assert "perdu@exemple.fr" in failed and "Un message en attente" not in failed
    assert "550" in failed and "1 e-mail en échec." in failed
    found = text(client.get("/admin/outbox?q=attente"))
    assert "Un message en attente" in found and "perdu@exemple.fr" not in found
    [message_id] = failed_ids()
    page = text(client.get(f"/admin/outbox/{message_id}"))
    assert "Dernière erreur" in page and "550" in page and "Renvoyer cet e-mail" in page


def test_retry_one_then_all(world):
    """Does retrying put a failed e-mail back on a fresh schedule, audited, and send it?"""
    client = world["client"]
    world["auth"].login("admin@exemple.fr")
    [message_id] = failed_ids()
    world["inbox"].refuse.clear()  # the address was fixed on the mail server's side
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 303
    message = db.session.get(OutboxMessage, message_id)
    assert (message.status, message.attempts, message.next_attempt_at) == ("pending", 0, None)
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="mail.retried",
                                                             target_id=message_id))
    deliver_pending()
    assert db.session.get(OutboxMessage, message_id, populate_existing=True).status == "sent"
    db.session.get(OutboxMessage, message_id).status = "failed"
    db.session.commit()
    response = client.post("/admin/outbox/retry-failed")
    assert response.status_code == 303 and failed_ids() == []
    assert "1 e-mail en échec remis en file d'envoi." in unescape(
        client.get(response.headers["Location"]).get_data(as_text=True))


@pytest.mark.parametrize("who", ["trainer", "learner"])
def test_only_admins_see_and_retry(world, who):
    """Is the outbox, and retrying, a 404 for anyone but an admin?"""
    world["auth"].login(world[who].email)
    [message_id] = failed_ids()
    assert world["client"].get("/admin/outbox").status_code == 404
    assert world["client"].post(f"/admin/outbox/{message_id}/retry").status_code == 404
    assert failed_ids() == [message_id]


def test_retrying_needs_the_csrf_token(world):
    """Is a retry without the form's token refused?"""
    world["auth"].login("admin@exemple.fr")
    [message_id] = failed_ids()
    world["app"].config["WTF_CSRF_ENABLED"] = True
    assert world["client"].post(f"/admin/outbox/{message_id}/retry").status_code == 400
    assert failed_ids() == [message_id]


def test_the_regions_gradès_see_failed_attestation_emails(world):
    """Does the region's trainer see the failure, and nobody outside the region?"""
    client = world["client"]
    world["auth"].login("formateur@exemple.fr")
    page = text(client.get("/region/emails-non-remis"))
    assert "Paul Perdu" in page and "perdu@exemple.fr" in page and "550" in page
    assert "E-mails d'attestation non remis" in text(client.get("/region/"))
    assert client.get("/region/emails-non-remis?region=28").status_code == 404
    world["auth"].logout()
    world["auth"].login("normandie@exemple.fr")
    assert "Paul Perdu" not in text(client.get("/region/emails-non-remis"))
    world["auth"].logout()
    world["auth"].login("perdu@exemple.fr")
    assert client.get("/region/emails-non-remis").status_code == 404
