"""E-mails go through the outbox; SMTP delivers them when a server is configured."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tests.conftest import app_config
from tests.factories import make_person
from webapp import create_app
from webapp.extensions import db
from webapp.mail import deliver_pending
from webapp.models import OutboxMessage


class Inbox(Message):
    """A real SMTP server that keeps what it receives."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_without_smtp_messages_are_logged_and_readable_by_admins(client):
    """With no SMTP server, is a queued e-mail marked "logged" and shown to admins?"""
    make_person("claire@exemple.fr")
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.subject == "Réinitialisation de votre mot de passe"
    assert message.status == "pending"
    assert deliver_pending() == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "logged"


def test_emails_are_delivered_once_the_response_is_sent(client):
    """Does the request that queued an e-mail deliver it after its response is closed?"""
    make_person("claire@exemple.fr")
    response = client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    assert db.session.scalar(db.select(OutboxMessage.status)) == "pending"
    db.session.commit()  # release the test's own SQLite transaction first
    response.close()
    db.session.expire_all()
    assert db.session.scalar(db.select(OutboxMessage.status)) == "logged"


def test_smtp_delivers_the_outbox(database_url, smtp_server):
    """With MAIL_SERVER set, does a queued e-mail reach a real SMTP server, once?"""
    controller, inbox = smtp_server
    app = create_app(app_config(database_url, MAIL_SERVER="127.0.0.1",
                                MAIL_PORT=controller.port, MAIL_USE_TLS=False))
    with app.app_context():
        make_person("claire@exemple.fr")
        app.test_client().post("/forgot-password", data={"email": "claire@exemple.fr"})
        deliver_pending()
        deliver_pending()
        assert len(inbox.messages) == 1
        received = inbox.messages[0]
        assert received["To"] == "claire@exemple.fr"
        assert "reset-password/" in received.get_payload(decode=True).decode()
        assert db.session.scalar(db.select(OutboxMessage.status)) == "sent"


def test_failed_delivery_stays_pending_for_retry(database_url):
    """When the SMTP server is down, does the message stay pending with the error?"""
    app = create_app(app_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(),
                                MAIL_USE_TLS=False))
    with app.app_context():
        make_person("claire@exemple.fr")
        app.test_client().post("/forgot-password", data={"email": "claire@exemple.fr"})
        assert deliver_pending() == 0
        message = db.session.scalar(db.select(OutboxMessage))
        assert message.status == "pending" and message.attempts >= 1 and message.last_error


def test_mail_send_command(runner, client):
    """Does `flask mail send` deliver what is pending, once?"""
    make_person("claire@exemple.fr")
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    assert "1 e-mail(s) envoyé(s)." in runner.invoke(args=["mail", "send"]).output
    assert "0 e-mail(s) envoyé(s)." in runner.invoke(args=["mail", "send"]).output
