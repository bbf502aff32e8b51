"""Demo webinars of the trainer's region: one upcoming, one full, one past (DESIGN.md); the
past one has its Teams attendance report imported and an « excusé(e) » participant.

Made with the webinars' domain functions; the past one is lived through with their injectable
`now` (published, registered and attended at the times it would have been), never written as
rows. Times are relative to the moment of the seed, so a demo always has one of each.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from visio import read_report

from .auth.operations import find_person
from .extensions import db
from .models import Audience, User, Webinar
from .timekeeping import PARIS, utcnow
from .webinars.attendance import excuse, tick
from .webinars.attendance_import import import_report
from .webinars.checkin import check_in
from .webinars.organising import create_webinar, mark_done, publish
from .webinars.registration import register
from .webinars.survey import record_answer

TRAINER = "formateur@demo.test"
REGION = "84"  # Auvergne-Rhône-Alpes, the trainer's region


@dataclass(frozen=True)
class DemoWebinar:
    title: str
    description: str
    days_from_now: int  # negative: already held
    hour: int  # Paris time
    capacity: int
    modules: tuple[str, ...]
    # In registration order: the first `capacity` get a seat, the others wait.
    registrants: tuple[str, ...]
    # Past webinar only: (e-mail, how they checked in) and (e-mail, mark, comment).
    present: tuple[tuple[str, str], ...] = ()
    answers: tuple[tuple[str, int, str], ...] = ()
    excused: tuple[str, ...] = ()
    # Lines of the Teams report (name, minutes, e-mail or "" for a guest).
    teams: tuple[tuple[str, int, str], ...] = ()


WEBINARS = (
    DemoWebinar(
        "Désigner et habiliter ses gestionnaires RPPS+",
        "Qui désigner, comment le déclarer et quand enregistrer l'habilitation : "
        "questions-réponses avec le GRADeS.",
        5, 10, 30, ("03-designer-les-gestionnaires",),
        ("gestionnaire2@demo.test", "gestionnaire4@demo.test", "rl.decentralise@demo.test")),
    DemoWebinar(
        "Enregistrer les professionnels dans le RPPS+",
        "Pas à pas, l'enregistrement d'un professionnel et la gestion du turn-over.",
        8, 14, 3, ("04-enregistrer-les-professionnels", "05-gerer-le-turn-over"),
        ("gestionnaire3@demo.test", "gestionnaire5@demo.test", "gestionnaire6@demo.test",
         "gestionnaire2@demo.test", "rl.centralise@demo.test")),
    DemoWebinar(
        "Comprendre le RPPS+ et choisir sa contractualisation",
        "Le RPPS+, les rôles de chacun, contractualisation centralisée ou décentralisée.",
        -6, 10, 30, ("01-comprendre-le-rpps", "02-choisir-sa-contractualisation"),
        ("gestionnaire3@demo.test", "gestionnaire5@demo.test", "gestionnaire6@demo.test",
         "rl.centralise@demo.test", "gestionnaire4@demo.test"),
        present=(("gestionnaire3@demo.test", "self"), ("rl.centralise@demo.test", "self"),
                 ("gestionnaire5@demo.test", "manual")),
        answers=(("gestionnaire3@demo.test", 5, "Très clair, les exemples m'ont aidée."),
                 ("rl.centralise@demo.test", 4, "Utile pour choisir notre contractualisation.")),
        excused=("gestionnaire4@demo.test",),
        teams=(("Fabien Formateur", 62, "formateur@demo.test"),
               ("Inès Troisième", 58, "gestionnaire3@demo.test"),
               ("Claire Centrale", 55, "rl.centralise@demo.test"),
               ("Louis Sixième (Invité)", 22, ""),
               ("Marc Externe (Invité)", 40, ""))),
)
MINIMUM_MINUTES = 30


def teams_report(demo: DemoWebinar, starts_at: datetime) -> bytes:
    """The attendance report as Teams downloads it in French: UTF-16, tabs, a summary first."""
    local = starts_at.astimezone(PARIS)
    lines = ["1. Résumé", f"Titre de la réunion\t{demo.title}",
             f"Participants\t{len(demo.teams)}", f"Heure de début\t{local:%d/%m/%Y %H:%M:%S}",
             "", "2. Participants", "Nom\tPremière arrivée\tDernier départ\t"
             "Durée de la réunion\tE-mail\tID de participant (UPN)\tRôle"]
    for name, minutes, email in demo.teams:
        hours = f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
        lines.append(f"{name}\t{local:%d/%m/%Y %H:%M}\t\t{hours} 12 s\t{email}\t{email}\t"
                     "Participant")
    return "\r\n".join(lines).encode("utf-16")



def start_of(demo: DemoWebinar, now: datetime) -> datetime:
    """The start `days_from_now` days from today, at the demo hour, Paris time."""
    day = now.astimezone(PARIS).date() + timedelta(days=demo.days_from_now)
    return datetime.combine(day, time(demo.hour), PARIS)


def seed_webinars() -> list[str]:
    """Create the demo webinars that are missing (found by title in the region)."""
    created = []
    trainer = find_person(TRAINER)
    for demo in WEBINARS:
        if db.session.scalar(db.select(Webinar.id).filter_by(region_code=REGION,
                                                             title=demo.title)):
            continue
        hold(demo, trainer, utcnow())
        created.append(f"webinaire « {demo.title} »")
    return created


def hold(demo: DemoWebinar, trainer: User, now: datetime) -> Webinar:
    """Create, publish and fill the webinar; if it is past, run it and close it."""
    starts_at = start_of(demo, now)
    webinar = create_webinar({
        "title": demo.title, "description": demo.description, "starts_at": starts_at,
        "duration_minutes": 60, "capacity": demo.capacity, "audience": Audience.ALL.value,
        "visio_url": "https://visio.example.org/rppsplus-demo", "modules": list(demo.modules),
    }, trainer, REGION)
    # A past webinar was published and filled two weeks before it was held.
    opened = min(now, starts_at - timedelta(days=14))
    publish(webinar, opened)
    for rank, email in enumerate(demo.registrants, start=1):
        register(webinar, find_person(email), opened + timedelta(hours=rank))
    if demo.days_from_now >= 0:
        return webinar
    registrations = {r.person.email: r for r in webinar.registrations}
    for email, how in demo.present:
        moment = starts_at + timedelta(minutes=2)
        if how == "self":
            check_in(webinar, registrations[email], webinar.checkin_code, moment)
        else:
            tick(webinar, registrations[email], True, moment)
    for email in demo.excused:
        excuse(webinar, registrations[email], True, starts_at - timedelta(hours=3))
    if demo.teams:
        import_report(webinar, read_report(teams_report(demo, starts_at)), MINIMUM_MINUTES,
                      trainer, webinar.ends_at + timedelta(minutes=20))
    mark_done(webinar, now)
    for email, mark, comment in demo.answers:
        record_answer(webinar, find_person(email), mark, comment,
                      webinar.ends_at + timedelta(minutes=10))
    return webinar
