"""Demo state of the simulator: gestionnaire4 (halfway through the course) has done two
cases, one with a mistake."""

from practice import load_cases

from ..auth.operations import find_person
from ..extensions import db
from ..models import PracticeAttempt
from .operations import finish_attempt, keep_entries, start_attempt

# (e-mail, case, what was typed): the same entries a learner types, then finished.
DONE = (
    ("gestionnaire4@demo.test", "01-aide-soignante-nom-d-usage", {
        "demarche": "enregistrer", "nom_naissance": "Martin", "nom_usage": "Lefèvre",
        "nom_exercice": "Lefèvre", "prenom_exercice": "Sophie", "role": "GENR11",
        "confirmation_informations": "oui", "confirmation_rencontre": "oui"}),
    # The team's phone typed: the result keeps one field to correct.
    ("gestionnaire4@demo.test", "02-telephone-partage", {
        "demarche": "enregistrer", "mail": "jerome.dupuis@foyer-les-saules.fictif",
        "telephone_mobile": "06 80 11 22 33", "nom_exercice": "Dupuis", "role": "GENR10",
        "confirmation_informations": "oui", "confirmation_rencontre": "oui"}),
)


def seed_practice() -> list[str]:
    """Finish the demo's practice cases that are not finished yet (idempotent)."""
    created = []
    for email, case_key, entries in DONE:
        person = find_person(email)
        if person is None or db.session.scalar(
                db.select(PracticeAttempt.id).filter_by(user_id=person.id, case_key=case_key)):
            continue
        case = load_cases()[case_key]
        attempt = start_attempt(person, case)
        keep_entries(attempt, entries)
        finish_attempt(attempt, case)
        created.append(f"entraînement {email} ({case_key})")
    return created
