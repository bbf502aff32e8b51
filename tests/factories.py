"""Plain factory functions that build test data with the app's own operations."""

import itertools

from directory.structures import ContractMode, StructureRole
from webapp.auth.passwords import hash_password, needs_rehash
from webapp.extensions import db
from webapp.models import PlatformRole
from webapp.people import create_person
from webapp.structures import operations
from webapp.timekeeping import utcnow

PASSWORD = "mot-de-passe-de-test"


_hashed = {}


def password_hash() -> str:
    """PASSWORD hashed with the parameters in force, again only when they change: the cheap
    ones of tests/conftest.py (set after a conftest may have imported this module), or the
    real ones of a test about them, which must not leave its costly hash to the tests after."""
    if "hash" not in _hashed or needs_rehash(_hashed["hash"]):
        _hashed["hash"] = hash_password(PASSWORD)
    return _hashed["hash"]


_numbers = itertools.count(1)

# Luhn-valid fictional FINESS numbers, 9 of the Rhône (69) and 9 of the Isère (38).
FINESS_69 = ["691849590", "691000012", "691079206", "691158398", "691237580"]
FINESS_38 = ["383103413", "382000032", "382079226"]


def luhn_key(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return str((10 - total % 10) % 10)


def make_finess(departement: str = "69") -> str:
    """A fresh, Luhn-valid FINESS number in the département."""
    body = f"{departement}{next(_numbers):06d}"
    return body + luhn_key(body)


def make_person(email=None, *, role=PlatformRole.LEARNER, region_code=None, confirmed=True,
                first_name="Camille", last_name=None, **fields):
    """A person with the test password, confirmed unless told otherwise."""
    number = next(_numbers)
    person = create_person(
        email or f"personne{number}@exemple.fr", first_name, last_name or f"Test{number}",
        role=role, region_code=region_code or ("84" if role is PlatformRole.TRAINER else None),
        send_activation=False, **fields,
    )
    person.password_hash = password_hash()
    person.email_confirmed_at = utcnow() if confirmed else None
    db.session.commit()
    return person


def make_organisation(*, mode=ContractMode.CENTRALISED, establishments=2, region_code="84",
                      name=None, departement="69"):
    """An EJ with `establishments` EG."""
    number = next(_numbers)
    organisation = operations.create_organisation(
        name or f"Structure {number}", make_finess(departement), region_code, mode
    )
    for index in range(establishments):
        operations.add_establishment(organisation, f"Site {number}-{index + 1}",
                                     make_finess(departement))
    db.session.commit()
    return organisation


def attach(person, organisation, role=StructureRole.GESTIONNAIRE, establishment=None):
    """Attach a person, committing."""
    membership = operations.attach_person(person, organisation, role, establishment)
    db.session.commit()
    return membership


def make_legal_rep(organisation, **kwargs):
    """An RL of the EJ (centralised) or of its first EG (decentralised)."""
    person = make_person(**kwargs)
    establishment = None
    if organisation.mode is ContractMode.DECENTRALISED:
        establishment = organisation.establishments[0]
    attach(person, organisation, StructureRole.LEGAL_REP, establishment)
    return person
