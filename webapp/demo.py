"""Demo data for a fresh platform, made with the same functions as real use."""

from dataclasses import dataclass

from directory.structures import ContractMode, StructureRole

from .attestations.identity import Identity, correct_identity, request_correction
from .auth.operations import find_person, set_password
from .demo_learning import advance, seed_learning, seed_quiz_history
from .demo_region import seed_region_follow_up
from .demo_webinars import seed_webinars
from .extensions import db
from .models import (
    Establishment,
    IdentityCorrection,
    Organisation,
    PlatformRole,
)
from .people import create_person
from .practice.demo import seed_practice
from .structures import operations
from .structures.habilitations import active_habilitation, grant
from .timekeeping import utcnow

PASSWORD = "demo-rppsplus-2026"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: PlatformRole = PlatformRole.LEARNER
    region_code: str | None = None
    rpps: str | None = None


PEOPLE = (
    DemoPerson("admin@demo.test", "Alice", "Administratrice", PlatformRole.ADMIN),
    DemoPerson("formateur@demo.test", "Fabien", "Formateur", PlatformRole.TRAINER, "84"),
    DemoPerson("rl.centralise@demo.test", "Claire", "Centrale"),
    DemoPerson("rl.decentralise@demo.test", "Denis", "Dauphin"),
    DemoPerson("gestionnaire1@demo.test", "Gaëlle", "Premier"),
    DemoPerson("gestionnaire2@demo.test", "Hugo", "Second"),
    # Gave their (fictional) RPPS number: their attestation prints it.
    DemoPerson("gestionnaire3@demo.test", "Inès", "Troisième", rpps="10196001332"),
    DemoPerson("gestionnaire4@demo.test", "Jules", "Quatrième"),
    # Certified, then asked for their identity on the attestation to be corrected (pending).
    DemoPerson("gestionnaire5@demo.test", "Karine", "Cinquième"),
    # Certified under a misspelt name, corrected by the GRADeS: one attestation « remplacée ».
    DemoPerson("gestionnaire6@demo.test", "Louis", "Sixeme"),
)

# Fictional FINESS numbers with valid keys (DOMAIN.md): shown as "fictif" in the names.
CENTRALISED = ("Association Rhône Solidarités (fictif)", "691849590", "84", (
    ("EHPAD Les Tilleuls (fictif)", "691000012"),
    ("IME Les Capucines (fictif)", "691079206"),
    ("SSIAD Lyon Est (fictif)", "691158398"),
))
DECENTRALISED = ("Fondation Isère Accompagnement (fictif)", "383103413", "84", (
    ("Foyer de vie Belledonne (fictif)", "382000032"),
    ("ESAT Vercors (fictif)", "382079226"),
))

ATTACHMENTS = (
    # (e-mail, EJ FINESS, EG FINESS or None, role)
    ("rl.centralise@demo.test", "691849590", None, StructureRole.LEGAL_REP),
    ("gestionnaire1@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire2@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire3@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("rl.decentralise@demo.test", "383103413", "382000032", StructureRole.LEGAL_REP),
    ("gestionnaire4@demo.test", "383103413", "382000032", StructureRole.GESTIONNAIRE),
    ("gestionnaire5@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
    ("gestionnaire6@demo.test", "691849590", None, StructureRole.GESTIONNAIRE),
)

# (e-mail, recorded by): the habilitation « Gestionnaire RPPS+ » of a certified learner.
HABILITATIONS = (("gestionnaire3@demo.test", "rl.centralise@demo.test"),
                 ("gestionnaire6@demo.test", "rl.centralise@demo.test"))

# (e-mail, corrected identity, reason, decided by or None for a pending request)
CORRECTIONS = (
    ("gestionnaire5@demo.test", Identity("Karine", "Cinquième-Lefort"),
     "Nom d'usage après mon mariage.", None),
    ("gestionnaire6@demo.test", Identity("Louis", "Sixième"),
     "Nom mal orthographié à l'inscription.", "formateur@demo.test"),
)


def seed() -> list[str]:
    """Create what is missing of the demo data; return what was created (idempotent)."""
    created = []
    for demo in PEOPLE:
        if find_person(demo.email) is None:
            person = create_person(demo.email, demo.first_name, demo.last_name, role=demo.role,
                                   region_code=demo.region_code, rpps=demo.rpps,
                                   send_activation=False)
            set_password(person, PASSWORD)
            person.email_confirmed_at = utcnow()
            created.append(f"compte {demo.email}")
    for mode, (name, finess, region_code, sites) in (
        (ContractMode.CENTRALISED, CENTRALISED), (ContractMode.DECENTRALISED, DECENTRALISED)
    ):
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=finess))
        if organisation is None:
            organisation = operations.create_organisation(name, finess, region_code, mode)
            created.append(f"EJ {name}")
        for site_name, site_finess in sites:
            if db.session.scalar(db.select(Establishment.id).filter_by(finess=site_finess)) is None:
                operations.add_establishment(organisation, site_name, site_finess)
                created.append(f"EG {site_name}")
    for email, ej_finess, eg_finess, role in ATTACHMENTS:
        person = find_person(email)
        organisation = db.session.scalar(db.select(Organisation).filter_by(finess=ej_finess))
        establishment = eg_finess and db.session.scalar(
            db.select(Establishment).filter_by(finess=eg_finess)
        )
        if not any(
            m.organisation_id == organisation.id and m.role == role.value
            for m in person.active_memberships
        ):
            operations.attach_person(person, organisation, role, establishment or None)
            created.append(f"rattachement {email}")
    created += seed_learning()
    for email, granted_by in HABILITATIONS:
        membership = next(m for m in find_person(email).active_memberships
                          if m.role == StructureRole.GESTIONNAIRE.value)
        if active_habilitation(membership.user, membership.organisation, None) is None:
            grant(membership, find_person(granted_by))
            created.append(f"habilitation {email}")
    for email, identity, reason, decided_by in CORRECTIONS:
        person = find_person(email)
        if db.session.scalar(db.select(IdentityCorrection.id).filter_by(user_id=person.id)):
            continue
        if decided_by is None:
            request_correction(person, identity, reason)
        else:
            correct_identity(person, identity, find_person(decided_by), reason)
        created.append(f"correction d'identité {email}")
    created += seed_region_follow_up(PASSWORD, advance, find_person("admin@demo.test"))
    created += seed_webinars()
    created += seed_quiz_history()
    created += seed_practice()
    from .demo_roster import seed_roster_states  # noqa: PLC0415  (it reads this module)

    created += seed_roster_states()
    created += seed_attestation_logo()
    return created


def seed_attestation_logo() -> list[str]:
    """A logo for the attestations of a development instance without one: a blue square with
    a white « + » (the issuer's own logo replaces it: ATTESTATION_LOGO, README)."""
    from pathlib import Path

    from flask import current_app
    from PIL import Image, ImageDraw  # WeasyPrint's own dependency: there wherever it is

    name = current_app.config["ATTESTATION_LOGO"]
    path = Path(current_app.instance_path) / name
    if current_app.config["ENVIRONMENT"] != "development" or not name or path.exists():
        return []
    image = Image.new("RGB", (240, 240), "#1f4e9c")
    ImageDraw.Draw(image).polygon(
        [(100, 40), (140, 40), (140, 100), (200, 100), (200, 140), (140, 140), (140, 200),
         (100, 200), (100, 140), (40, 140), (40, 100), (100, 100)], fill="white")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG")
    return [f"logo des attestations {path.name}"]
