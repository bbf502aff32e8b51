"""Demo structures of the trainer's region in each state « Structures à relancer » shows.

With the two structures of DESIGN.md (the centralised one: trained people without a
habilitation and fewer trained than designated; the decentralised one: nobody trained), the
GRADeS dashboard shows every gap: a habilitation to review after a revoked attestation, a
structure that designated nobody, and one with fewer trained than designated. Made with the
same functions as real use; idempotent.
"""

from dataclasses import dataclass

from directory.structures import ContractMode, StructureRole

from .attestations.issuance import revoke
from .auth.operations import find_person, set_password
from .extensions import db
from .models import Attestation, AttestationStatus, Establishment, Organisation, User
from .people import create_person
from .structures import operations
from .structures.habilitations import active_habilitation, grant
from .timekeeping import utcnow


@dataclass(frozen=True)
class Structure:
    name: str
    finess: str  # fictional, Luhn-valid
    site: str
    site_finess: str


# (e-mail, first name, last name)
PEOPLE = (
    ("rl.savoie@demo.test", "Marc", "Montagne"),
    ("gestionnaire11@demo.test", "Nadia", "Onzième"),  # attestation revoked: habilitation to review
    ("rl.drome@demo.test", "Odile", "Provence"),  # has designated nobody yet
    ("rl.loire@demo.test", "Pierre", "Forez"),
    ("gestionnaire12@demo.test", "Quentin", "Douzième"),  # trained and habilitated
    ("gestionnaire13@demo.test", "Rose", "Treizième"),  # not started: fewer trained
)
STRUCTURES = (
    Structure("Centre de répit Savoie (fictif)", "731000014", "Répit Chambéry (fictif)",
              "731000022"),
    Structure("Accueil de jour Drôme (fictif)", "261000012", "Accueil Valence (fictif)",
              "261000020"),
    Structure("SAAD Loire Domicile (fictif)", "421000019", "Antenne Saint-Étienne (fictif)",
              "421000027"),
)
# (e-mail, EJ FINESS, role)
ATTACHMENTS = (
    ("rl.savoie@demo.test", "731000014", StructureRole.LEGAL_REP),
    ("gestionnaire11@demo.test", "731000014", StructureRole.GESTIONNAIRE),
    ("rl.drome@demo.test", "261000012", StructureRole.LEGAL_REP),
    ("rl.loire@demo.test", "421000019", StructureRole.LEGAL_REP),
    ("gestionnaire12@demo.test", "421000019", StructureRole.GESTIONNAIRE),
    ("gestionnaire13@demo.test", "421000019", StructureRole.GESTIONNAIRE),
)
# (e-mail, habilitation recorded by): both pass the final exam first.
CERTIFIED = (("gestionnaire11@demo.test", "rl.savoie@demo.test"),
             ("gestionnaire12@demo.test", "rl.loire@demo.test"))
REVOKED = ("gestionnaire11@demo.test", "Examen passé par une autre personne (démonstration).")
REGION = "84"


def seed_region_follow_up(password: str, advance, revoked_by: User) -> list[str]:
    """Create what is missing of these structures and people; return what was created.

    `advance` is the demo's own « learn and pass the exam » (webapp/demo.py).
    """
    created = []
    for email, first_name, last_name in PEOPLE:
        if find_person(email) is None:
            person = create_person(email, first_name, last_name, send_activation=False)
            set_password(person, password)
            person.email_confirmed_at = utcnow()
            created.append(f"compte {email}")
    for structure in STRUCTURES:
        if db.session.scalar(db.select(Organisation.id).filter_by(finess=structure.finess)):
            continue
        organisation = operations.create_organisation(structure.name, structure.finess,
                                                      REGION, ContractMode.CENTRALISED)
        if db.session.scalar(db.select(Establishment.id)
                             .filter_by(finess=structure.site_finess)) is None:
            operations.add_establishment(organisation, structure.site, structure.site_finess)
        created.append(f"EJ {structure.name}")
    for email, finess, role in ATTACHMENTS:
        person = find_person(email)
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=finess))
        if not any(m.organisation_id == organisation.id for m in person.active_memberships):
            operations.attach_person(person, organisation, role, None)
            created.append(f"rattachement {email}")
    for email, granted_by in CERTIFIED:
        person = find_person(email)
        if db.session.scalar(db.select(Attestation.id).filter_by(user_id=person.id)) is None:
            advance(person, 5, 0, True)
            membership = next(m for m in person.active_memberships
                              if m.role == StructureRole.GESTIONNAIRE.value)
            if active_habilitation(person, membership.organisation, None) is None:
                grant(membership, find_person(granted_by))
            created.append(f"attestation et habilitation {email}")
    email, reason = REVOKED
    attestation = db.session.scalar(db.select(Attestation).filter_by(
        user_id=find_person(email).id, status=AttestationStatus.VALID.value))
    if attestation is not None:
        revoke(attestation, reason, revoked_by)
        created.append(f"attestation révoquée {email}")
    return created
