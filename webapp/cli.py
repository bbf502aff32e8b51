"""Command-line tools: `demo seed`, `mail send`, `mail worker`, `admin create`, cron jobs."""

from pathlib import Path

import click
from flask import Flask, current_app, g, url_for
from flask.cli import AppGroup

from courses.loader import check_all, load_courses
from directory.roles import ROLES
from practice import COURSE as PRACTICE_COURSE
from practice import case_problems, load_cases
from practice.cases import CASES_DIR
from quizzes import check_banks, load_banks

from .auth.operations import find_person
from .auth.tokens import issue_token
from .backup import backup_cli
from .catalogue import content_folders
from .demo import PASSWORD, seed
from .extensions import db
from .mail import deliver_pending
from .mail.worker import run_worker
from .models import PlatformRole
from .people import create_person
from .scheduled import log_operations, scheduled_run
from .structures.departures import apply_due
from .structures.digest import send_digests
from .webinars.cli import webinars_cli

demo_cli = AppGroup("demo", help="Données de démonstration.")
mail_cli = AppGroup("mail", help="Boîte d'envoi des e-mails.")
admin_cli = AppGroup("admin", help="Administration de la plateforme.")
content_cli = AppGroup("content", help="Contenu des cours.")
departures_cli = AppGroup("departures", help="Départs enregistrés par les représentants légaux.")
digest_cli = AppGroup("digest", help="Le point hebdomadaire envoyé aux représentants légaux.")


@departures_cli.command("apply")
def departures_apply():
    """End the attachments whose departure date has come (for cron, once a day)."""
    log_operations()
    with scheduled_run("departures_apply") as counts:
        counts["applied"] = count = apply_due()  # commits each departure
    click.echo(f"{count} départ(s) appliqué(s).")


@digest_cli.command("send")
def digest_send():
    """Queue this week's digest for each RL and mandataire (for cron; never twice a week)."""
    log_operations()
    with (scheduled_run("digest_send") as counts,
          current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"])):
        g.writes = True  # a scheduled run writes: SQLite's lock is taken up front
        counts["queued"] = count = send_digests()
    click.echo(f"{count} point(s) hebdomadaire(s) mis en file d'envoi.")


@content_cli.command("check")
def content_check():
    """Validate every course file and quiz bank; print `file:line: message`, exit 1 if any."""
    content, bank_folder = map(Path, content_folders())
    problems = check_all(content)
    if not problems:  # banks are checked against courses that load
        for course in load_courses(content).values():
            problems += check_banks(bank_folder, course)
        problems += practice_problems()
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise SystemExit(1)
    courses = load_courses(content)
    lessons = sum(len(course.lessons) for course in courses.values())
    banks = [bank for course in courses.values()
             for bank in load_banks(bank_folder, course).values()]
    questions = sum(len(bank.questions) for bank in banks)
    reserved = sum(len(bank.exam_questions) for bank in banks)
    click.echo(f"Contenu valide : {len(courses)} cours, {lessons} leçons, "
               f"{questions} questions de quiz, {reserved} questions réservées à l'examen, "
               f"{len(load_cases())} cas d'entraînement.")


def practice_problems() -> list:
    """The problems of the practice cases, against the course's lessons and the role data."""
    course = load_courses(Path(content_folders()[0])).get(PRACTICE_COURSE)
    lessons = [lesson.key for lesson in course.lessons] if course else []
    # PRACTICE_CASES (a folder) lets a test check other case files than the shipped ones.
    folder = Path(current_app.config.get("PRACTICE_CASES") or CASES_DIR)
    return case_problems(lessons, [role.code.value for role in ROLES], folder)


@demo_cli.command("seed")
def demo_seed():
    """Create the demo accounts and structures (idempotent; refused in production)."""
    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException("Les données de démonstration sont refusées en production.")
    # Attestations carry links: build them on the public address, as a request would.
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        created = seed()
        db.session.commit()
    if created:
        click.echo(f"Créé : {len(created)} élément(s) de démonstration.")
    else:
        click.echo("Les données de démonstration sont déjà en place.")
    click.echo(f"Mot de passe de tous les comptes de démonstration : {PASSWORD}")


@mail_cli.command("send")
@click.option("--limit", default=500, show_default=True, help="Nombre maximal d'e-mails.")
def mail_send(limit):
    """Deliver the due e-mails of the outbox (cron catch-up beside the worker; exit 0 even
    when some fail: they are retried on schedule or marked failed for the admins)."""
    log_operations()
    with scheduled_run("mail_send") as log_counts:
        counts = deliver_pending(limit=limit)
        log_counts.update(sent=counts.sent, logged=counts.logged, retrying=counts.retrying,
                          failed=counts.failed)
    click.echo(f"{counts.delivered} e-mail(s) envoyé(s), {counts.retrying} à réessayer, "
               f"{counts.failed} en échec.")


@mail_cli.command("worker")
@click.option("--interval", default=1.5, show_default=True, envvar="MAIL_WORKER_INTERVAL",
              type=click.FloatRange(min=0.1), help="Secondes d'attente quand rien n'est à envoyer.")
def mail_worker(interval):
    """Send the outbox continuously (started by `make run`; stops on SIGTERM or SIGINT)."""
    log_operations()
    run_worker(interval)


@admin_cli.command("create")
@click.argument("email")
@click.option("--first-name", required=True, help="Prénom.")
@click.option("--last-name", required=True, help="Nom.")
def admin_create(email, first_name, last_name):
    """Create an administrator; prints the link where they choose their password."""
    if find_person(email) is not None:
        raise click.ClickException(f"Un compte existe déjà pour {email}.")
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        person = create_person(email, first_name, last_name, role=PlatformRole.ADMIN,
                               send_activation=False)
        url = url_for("auth.reset_password", token=issue_token(person, "activate_account"),
                      _external=True)
    db.session.commit()
    click.echo(f"Compte administrateur créé. Lien pour choisir le mot de passe : {url}")


def register_commands(app: Flask) -> None:
    """Attach the command groups to the app."""
    for group in (demo_cli, mail_cli, admin_cli, content_cli, departures_cli, digest_cli,
                  webinars_cli, backup_cli):
        app.cli.add_command(group)
