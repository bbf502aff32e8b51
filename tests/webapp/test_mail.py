"""E-mails go through the outbox; a worker, never a request, sends them by SMTP."""

import asyncio
import signal
import socket
import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from tests.conftest import app_config
from tests.factories import make_person
from webapp import create_app
from webapp.extensions import db
from webapp.mail import RETRY_DELAYS, deliver_pending, queue_email
from webapp.mail import delivery as delivery_module
from webapp.mail.worker import run_worker, stop_on_signals
from webapp.models import OutboxMessage
from webapp.timekeeping import utcnow


class Inbox(Message):
    """A real SMTP server that keeps what it receives; `refuse` answers RCPT with 550,
    `busy` with 450; `delay` seconds pass before each message is accepted."""

    def __init__(self, delay: float = 0):
        super().__init__()
        self.messages, self.refuse, self.busy, self.delay = [], set(), set(), delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        if address in self.busy:
            return "450 4.2.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)

    def handle_message(self, message):
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_sink(port: int, delay: float = 0) -> tuple[Controller, Inbox]:
    inbox = Inbox(delay)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


@pytest.fixture
def smtp_server():
    controller, inbox = start_sink(free_port())
    yield controller, inbox
    controller.stop()


def smtp_app(database_url, port):
    return create_app(app_config(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                                 MAIL_USE_TLS=False, MAIL_TIMEOUT=5))


def mail(recipient: str, subject: str) -> int:
    """Queue one e-mail (flushed); its id."""
    message = queue_email(recipient, subject, "password_changed",
                          person={"first_name": "Camille"}, reset_url="http://academie.test/")
    db.session.flush()
    return message.id


def queue(count: int, start: int = 0) -> list[int]:
    """Queue `count` e-mails with numbered subjects (committed)."""
    ids = [mail(f"personne{i}@exemple.fr", f"Message {i}") for i in range(start, start + count)]
    db.session.commit()
    return ids


def statuses() -> dict[str, int]:
    db.session.expire_all()
    rows = db.session.execute(db.select(OutboxMessage.status, db.func.count())
                              .group_by(OutboxMessage.status)).all()
    return dict(rows)


def test_without_smtp_messages_are_logged_and_readable_by_admins(client):
    """With no SMTP server, is a queued e-mail marked "logged" by the sender?"""
    make_person("claire@exemple.fr")
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    message = db.session.scalar(db.select(OutboxMessage))
    assert message.subject == "Réinitialisation de votre mot de passe"
    assert message.status == "pending"
    assert deliver_pending().delivered == 1
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == "logged"


def test_a_request_never_sends_mail_itself(client):
    """Once the response is sent and closed, is the e-mail still waiting for the worker?"""
    make_person("claire@exemple.fr")
    response = client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    db.session.commit()
    response.close()
    db.session.expire_all()
    assert db.session.scalar(db.select(OutboxMessage.status)) == "pending"


def test_smtp_delivers_the_outbox(database_url, smtp_server):
    """With MAIL_SERVER set, does a queued e-mail reach a real SMTP server, once?"""
    controller, inbox = smtp_server
    app = smtp_app(database_url, controller.port)
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


def test_a_temporary_failure_is_retried_later(database_url):
    """When the SMTP server is down, does the message wait 5 minutes with its error?"""
    app = smtp_app(database_url, free_port())
    with app.app_context():
        [message_id] = queue(1)
        counts = deliver_pending()
        assert (counts.delivered, counts.retrying) == (0, 1)
        message = db.session.get(OutboxMessage, message_id)
        assert message.status == "pending" and message.attempts == 1 and message.last_error
        assert message.next_attempt_at - utcnow() > timedelta(minutes=4)
        assert deliver_pending().claimed == 0  # not due yet


@pytest.mark.parametrize("recipient, subject", [
    ("victime@exemple.fr\r\nBcc: cible@ailleurs.example", "Bonjour"),
    ("sans-arobase.exemple.fr", "Bonjour"),
    ("a@b@exemple.fr", "Bonjour"),
])
def test_a_poisoned_message_fails_alone_and_mail_send_goes_on(database_url, smtp_server,
                                                              recipient, subject):
    """Outbox of 10 with one bad address: are 9 delivered, the bad one failed with its
    error, and does `flask mail send` exit 0?"""
    controller, inbox = smtp_server
    app = smtp_app(database_url, controller.port)
    with app.app_context():
        ids = queue(4)
        poisoned = mail(recipient, subject)
        db.session.commit()
        ids += queue(5, start=4)
        result = app.test_cli_runner().invoke(args=["mail", "send"])
        assert result.exit_code == 0, result.output
        assert "9 e-mail(s) envoyé(s)" in result.output
        assert sorted(m["Subject"] for m in inbox.messages) == sorted(
            f"Message {i}" for i in range(9))
        assert all("cible@ailleurs" not in str(m) for m in inbox.messages)
        message = db.session.get(OutboxMessage, poisoned)
        assert message.status == "failed" and "adresse" in message.last_error
        assert statuses() == {"sent": 9, "failed": 1}


def test_a_subject_with_line_breaks_goes_out_on_one_line(database_url, smtp_server):
    """Does a CR/LF in a subject (a name typed by anyone) become a space, not a header?"""
    controller, inbox = smtp_server
    app = smtp_app(database_url, controller.port)
    with app.app_context():
        mail("claire@exemple.fr",
         "Attestation de Jean\r\nBcc: cible@ailleurs.example")
        db.session.commit()
        assert deliver_pending().sent == 1
        [received] = inbox.messages
        assert received["Subject"] == "Attestation de Jean Bcc: cible@ailleurs.example"
        assert received["Bcc"] is None and received["X-RcptTo"] == "claire@exemple.fr"


def test_an_address_the_server_refuses_fails_at_once(database_url, smtp_server):
    """SMTP 550 on RCPT: failed at once; 450: retried later."""
    controller, inbox = smtp_server
    inbox.refuse.add("inconnu@exemple.fr")
    inbox.busy.add("occupe@exemple.fr")
    app = smtp_app(database_url, controller.port)
    with app.app_context():
        refused = mail("inconnu@exemple.fr", "Bonjour")
        busy = mail("occupe@exemple.fr", "Bonjour")
        db.session.commit()
        counts = deliver_pending()
        assert (counts.failed, counts.retrying) == (1, 1)
        assert db.session.get(OutboxMessage, refused).status == "failed"
        assert "550" in db.session.get(OutboxMessage, refused).last_error
        assert db.session.get(OutboxMessage, busy).status == "pending"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


def test_retries_span_three_days_then_fail(app, monkeypatch):
    """A server down for good: is the message tried on schedule for over 3 days, then failed?"""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    clock = Clock()
    monkeypatch.setattr(delivery_module, "utcnow", clock)
    [message_id] = queue(1)
    started = clock.now
    while True:
        deliver_pending()
        message = db.session.get(OutboxMessage, message_id, populate_existing=True)
        if message.status == "failed":
            break
        clock.now = message.next_attempt_at
    assert message.attempts == len(RETRY_DELAYS) + 1
    assert clock.now - started > timedelta(days=3)


def test_a_deployment_sets_its_own_schedule(app):
    """With MAIL_RETRY_DELAYS="60", is the first retry a minute later?"""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False,
                      MAIL_RETRY_DELAYS=(60,))
    [message_id] = queue(1)
    deliver_pending()
    message = db.session.get(OutboxMessage, message_id)
    assert timedelta(seconds=50) < message.next_attempt_at - utcnow() <= timedelta(seconds=60)


def test_the_worker_sends_then_stops_cleanly(app):
    """Does the worker send what is queued, and stop when asked (SIGTERM sets its stop)?"""
    queue(2)

    class StopWhenIdle(threading.Event):
        def wait(self, timeout=None):
            self.set()  # the outbox is empty: end the loop instead of sleeping
            return True

    run_worker(0.1, StopWhenIdle())
    assert statuses() == {"logged": 2}
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    try:
        stop = stop_on_signals()
        signal.raise_signal(signal.SIGTERM)
        assert stop.is_set()
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def test_mail_send_command(runner, client):
    """Does `flask mail send` deliver what is pending, once?"""
    make_person("claire@exemple.fr")
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    assert "1 e-mail(s) envoyé(s)" in runner.invoke(args=["mail", "send"]).output
    assert "0 e-mail(s) envoyé(s)" in runner.invoke(args=["mail", "send"]).output
