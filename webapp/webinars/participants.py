"""The trainer manages who comes: people of the region added, the waiting list promoted,
registrations cancelled. Helpers lock the webinar and flush; views commit."""

from datetime import datetime

from ..extensions import db
from ..models import (
    Membership,
    Organisation,
    Registration,
    RegistrationStatus,
    User,
    Webinar,
    WebinarStatus,
)
from .registration import (
    CANCELLED,
    CONFIRMED,
    RegistrationRefused,
    cancel,
    confirmed_count,
    locked,
    registration_of,
    seat_or_wait,
    tell,
)

SEARCH_MIN = 2
SEARCH_LIMIT = 10


def ensure_open_to_changes(webinar: Webinar) -> None:
    if webinar.state not in (WebinarStatus.DRAFT, WebinarStatus.PUBLISHED):
        raise RegistrationRefused(f"Un webinaire {webinar.state.label.lower()} ne change plus "
                                  "de participants.")


def too_short(query: str) -> bool:
    """Whether a search typed is too short to be run (spaces not counted); nothing typed is
    no search at all."""
    typed = "".join(query.split())
    return 0 < len(typed) < SEARCH_MIN


def people_of_region(webinar: Webinar, query: str) -> list[User]:
    """Active people of a structure of the webinar's region whose name or address holds
    `query`, not registered yet (at most ten, by name)."""
    if not query.split() or too_short(query):
        return []
    registered = db.select(Registration.user_id).where(Registration.webinar_id == webinar.id,
                                                       Registration.status != CANCELLED)
    in_region = (db.select(Membership.user_id)
                 .join(Organisation, Organisation.id == Membership.organisation_id)
                 .where(Organisation.region_code == webinar.region_code,
                        Membership.ended_at.is_(None)))
    select = db.select(User).where(User.id.in_(in_region), User.id.not_in(registered),
                                   User.deactivated_at.is_(None))
    select = select.where(User.matching(query))
    return db.session.scalars(select.order_by(User.last_name, User.first_name, User.id)
                              .limit(SEARCH_LIMIT)).all()


def person_of_region(webinar: Webinar, person_id: int) -> User | None:
    """The person if they belong to a structure of the webinar's region."""
    person = db.session.get(User, person_id)
    if person is None or person.deactivated_at is not None:
        return None
    regions = {m.organisation.region_code for m in person.memberships if m.is_active}
    return person if webinar.region_code in regions else None


def add_participant(webinar: Webinar, person: User, now: datetime) -> Registration:
    """The trainer registers a person of the region: a seat if one is free, else the waiting
    list. Told by e-mail once the webinar is published."""
    webinar = locked(webinar)
    ensure_open_to_changes(webinar)
    registration = registration_of(webinar, person)
    if registration is not None and registration.state is not RegistrationStatus.CANCELLED:
        raise RegistrationRefused(f"{person.full_name} est déjà inscrit(e) "
                                  f"({registration.state.label.lower()}).")
    return seat_or_wait(webinar, person, registration, now,
                        tell_now=webinar.state is WebinarStatus.PUBLISHED)


def may_promote(webinar: Webinar, confirmed: int) -> bool:
    """Whether « Donner une place » is offered: a webinar still open to changes with a free
    seat (`confirmed` seats taken)."""
    return webinar.is_editable and confirmed < webinar.capacity


def promote(webinar: Webinar, registration: Registration, now: datetime) -> None:
    """Give a free seat to a person of the waiting list, whatever their place in it."""
    webinar = locked(webinar)
    ensure_open_to_changes(webinar)
    if registration.state is not RegistrationStatus.WAITING:
        raise RegistrationRefused(f"{registration.person.full_name} n'est pas sur la liste "
                                  "d'attente.")
    if confirmed_count(webinar) >= webinar.capacity:
        raise RegistrationRefused("Aucune place libre : augmentez le nombre de places ou "
                                  "annulez une inscription d'abord.")
    registration.status = CONFIRMED
    registration.promoted_at = now
    db.session.flush()
    if webinar.state is WebinarStatus.PUBLISHED:
        tell(registration, "webinar_promoted", f"Une place s'est libérée : {webinar.title}")


def cancel_registration(webinar: Webinar, registration: Registration, now: datetime) -> None:
    """Cancel a person's seat or waiting place; a seat freed goes to the waiting list."""
    webinar = locked(webinar)
    ensure_open_to_changes(webinar)
    if registration.state is RegistrationStatus.CANCELLED:
        raise RegistrationRefused(f"L'inscription de {registration.person.full_name} est déjà "
                                  "annulée.")
    cancel(webinar, registration, now)
