"""Demo data for the RL's roster: a person in each state the roster shows (to review after a
revocation, reminded last week, leaving, two to habilitate), made through the real functions."""

from datetime import timedelta

from directory.structures import StructureRole

from .attestations.issuance import revoke
from .auth.operations import find_person, set_password
from .demo import CENTRALISED, PASSWORD
from .demo_learning import advance
from .extensions import db
from .models import Organisation
from .people import create_person
from .structures import departures, operations, reminders
from .structures.habilitations import grant
from .timekeeping import Clock, use_clock, utcnow

# Besides gestionnaire1 to 6 (webapp/demo.py), the roster's states (structures/standing.py):
# one attestation revoked after the habilitation (« à revoir »), one person reminded last week
# who has still not started, one habilitated person leaving in two weeks (« à retirer »), and a
# second trained person without a habilitation (two to record at once, with gestionnaire5).
# (e-mail, first name, last name, passes the exam, habilitated, then)
ROSTER_STATES = (
    ("gestionnaire7@demo.test", "Marc", "Septième", True, True, "revoked"),
    ("gestionnaire8@demo.test", "Nora", "Huitième", False, False, "reminded"),
    ("gestionnaire9@demo.test", "Olivier", "Neuvième", True, True, "leaving"),
    ("gestionnaire10@demo.test", "Paule", "Dixième", True, False, "trained"),
)


def seed_roster_states() -> list[str]:
    """Add the centralised EJ's people in the roster's remaining states (idempotent)."""
    created = []
    organisation = db.session.scalar(db.select(Organisation).filter_by(
        finess=CENTRALISED[1]))
    rl = find_person("rl.centralise@demo.test")
    admin = find_person("admin@demo.test")
    for email, first_name, last_name, passes, habilitated, then in ROSTER_STATES:
        if find_person(email) is not None:
            continue
        person = create_person(email, first_name, last_name, send_activation=False)
        set_password(person, PASSWORD)
        person.email_confirmed_at = utcnow()
        membership = operations.attach_person(person, organisation,
                                              StructureRole.GESTIONNAIRE)
        if passes:
            advance(person, 5, 0, True)
        if habilitated:
            grant(membership, rl)
        if then == "revoked":
            revoke(person.elearning_flag.attestation,
                   "Examen passé par une autre personne (signalement du GRADeS).", admin)
        elif then == "reminded":
            with use_clock(Clock(utcnow() - timedelta(days=8))):
                reminders.remind(person, organisation, rl)
        elif then == "leaving":
            departures.record(membership, departures.today() + timedelta(days=14), rl)
        created.append(f"{email} ({then})")
    return created
