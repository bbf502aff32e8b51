"""The outbox under faults: a long SMTP outage, and several senders at once."""

from collections import Counter
from datetime import timedelta

from tests.webapp.concurrency import together
from tests.webapp.test_mail import Clock, free_port, queue, smtp_app, start_sink, statuses
from webapp.extensions import db
from webapp.mail import deliver_pending
from webapp.mail import delivery as delivery_module


def received_subjects(inbox) -> Counter:
    return Counter(message["Subject"] for message in inbox.messages)


def test_six_hours_without_smtp_then_every_message_once(database_url, monkeypatch):
    """SMTP down for 6 simulated hours, `mail send` every hour, messages queued all along:
    once the server is back, is every message delivered exactly once, none failed?"""
    port = free_port()
    app = smtp_app(database_url, port)
    clock = Clock()
    monkeypatch.setattr(delivery_module, "utcnow", clock)
    runner = app.test_cli_runner()
    controller = inbox = None
    with app.app_context():
        try:
            for hour in range(30):
                if hour < 6:
                    queue(2, start=2 * hour)
                if hour == 6:
                    controller, inbox = start_sink(port)
                result = runner.invoke(args=["mail", "send"])
                assert result.exit_code == 0, result.output
                clock.now += timedelta(hours=1)
            assert received_subjects(inbox) == Counter(f"Message {i}" for i in range(12))
            assert statuses() == {"sent": 12}
        finally:
            if controller:
                controller.stop()


def test_two_senders_at_once_send_each_message_once(database_url):
    """Two runs at the same instant with a slow SMTP server: is each message received once?"""
    controller, inbox = start_sink(free_port(), delay=0.2)
    app = smtp_app(database_url, controller.port)
    try:
        with app.app_context():
            queue(12)
        def sender():
            with app.app_context():
                sent = deliver_pending().sent
                db.session.remove()
                return sent

        totals, failures = together(sender, sender)
        assert not failures
        assert received_subjects(inbox) == Counter(f"Message {i}" for i in range(12))
        assert sum(totals) == 12 and min(totals) > 0  # both senders took a share
        with app.app_context():
            assert statuses() == {"sent": 12}
    finally:
        controller.stop()


def test_a_crashed_runs_claim_expires(app, monkeypatch):
    """A run that claimed messages then died: are they sent by another once its lease ends?"""
    clock = Clock()
    monkeypatch.setattr(delivery_module, "utcnow", clock)
    queue(3)
    assert len(delivery_module.claim("mort:1", clock.now)) == 3  # ...and the run dies here
    clock.now += timedelta(minutes=5)
    assert deliver_pending().claimed == 0
    clock.now += delivery_module.LEASE
    assert deliver_pending().delivered == 3
    assert statuses() == {"logged": 3}
