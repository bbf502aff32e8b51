"""`flask --app webapp webinars remind`: the reminder the day before, for cron."""

import click
from flask import current_app, g
from flask.cli import AppGroup

from ..scheduled import log_operations, scheduled_run
from .reminders import send_reminders

webinars_cli = AppGroup("webinars", help="Webinaires des équipes GRADeS.")


@webinars_cli.command("remind")
def remind():
    """E-mail a reminder to those registered for today's and tomorrow's webinars (never twice;
    run it by cron, e.g. every hour)."""
    # The e-mails carry links: build them on the public address, as a request would.
    log_operations()
    with (scheduled_run("webinars_remind") as counts,
          current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])):
        g.writes = True  # a scheduled run writes: SQLite's lock is taken up front
        counts["queued"] = count = send_reminders()
    click.echo(f"{count} rappel(s) de webinaire mis en file d'envoi.")
