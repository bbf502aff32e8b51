"""Registering for a webinar: seats, the waiting list, promotions.

Never over capacity: every change of seats locks the webinar's row first (FOR UPDATE on
PostgreSQL; on SQLite every POST already holds the write lock from its first statement, see
`webapp.database`), counts the confirmed seats, then decides. Helpers flush; views commit.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func

from ..extensions import db
from ..mail import queue_email
from ..models import Registration, RegistrationStatus, User, Webinar, WebinarStatus
from ..timekeeping import utcnow
from ..urls import public_url
from .access import in_audience

CONFIRMED = RegistrationStatus.CONFIRMED.value
WAITING = RegistrationStatus.WAITING.value
CANCELLED = RegistrationStatus.CANCELLED.value
# The visio link shows this long before the start, to those registered.
VISIO_EARLY = timedelta(minutes=15)


class RegistrationRefused(Exception):
    """A registration the webinar does not allow; the message says why, in French."""


def locked(webinar: Webinar) -> Webinar:
    """The webinar read again, its row locked until the transaction ends."""
    return db.session.execute(
        db.select(Webinar).where(Webinar.id == webinar.id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


def confirmed_count(webinar: Webinar) -> int:
    return db.session.scalar(db.select(func.count(Registration.id)).where(
        Registration.webinar_id == webinar.id, Registration.status == CONFIRMED))


def seats_taken(webinar_ids) -> dict[int, tuple[int, int]]:
    """(confirmed, waiting) per webinar, in one query."""
    counts = {webinar_id: [0, 0] for webinar_id in webinar_ids}
    for webinar_id, status, count in db.session.execute(
            db.select(Registration.webinar_id, Registration.status, func.count(Registration.id))
            .where(Registration.webinar_id.in_(list(counts)),
                   Registration.status.in_([CONFIRMED, WAITING]))
            .group_by(Registration.webinar_id, Registration.status)):
        counts[webinar_id][0 if status == CONFIRMED else 1] = count
    return {webinar_id: tuple(pair) for webinar_id, pair in counts.items()}


def registration_of(webinar: Webinar, person: User) -> Registration | None:
    """The person's registration (whatever its state), read from the database."""
    return db.session.execute(
        db.select(Registration).filter_by(webinar_id=webinar.id, user_id=person.id)
        .execution_options(populate_existing=True)).scalar_one_or_none()


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list: first registered, first promoted."""
    return 1 + db.session.scalar(db.select(func.count(Registration.id)).where(
        Registration.webinar_id == registration.webinar_id, Registration.status == WAITING,
        db.or_(Registration.registered_at < registration.registered_at,
               db.and_(Registration.registered_at == registration.registered_at,
                       Registration.id < registration.id))))


@dataclass(frozen=True)
class Panel:
    """Where a person stands for one webinar: what the registration button shows."""

    webinar: Webinar
    registration: Registration | None
    confirmed: int
    waiting: int
    position: int | None
    open: bool

    @property
    def state(self) -> str | None:
        return self.registration.status if self.registration else None

    @property
    def is_confirmed(self) -> bool:
        return self.state == CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.state == WAITING

    @property
    def free(self) -> int:
        return max(0, self.webinar.capacity - self.confirmed)

    @property
    def seats_label(self) -> str:
        """`12 inscrits sur 30, 2 en liste d'attente`."""
        return seats_label(self.webinar, self.confirmed, self.waiting)


def seats_label(webinar: Webinar, confirmed: int, waiting: int) -> str:
    """`12 inscrits sur 30`, with the waiting list when there is one."""
    label = f"{confirmed} inscrit{'s' if confirmed > 1 else ''} sur {webinar.capacity}"
    return label + (f", {waiting} en liste d'attente" if waiting else "")


def panel_for(webinar: Webinar, registration: Registration | None, counts=None) -> Panel:
    """Where the person stands: their registration (none once cancelled), seats, place."""
    confirmed, waiting = counts or seats_taken([webinar.id])[webinar.id]
    if registration is not None and registration.state is RegistrationStatus.CANCELLED:
        registration = None
    position = (waiting_position(registration) if registration is not None
                and registration.state is RegistrationStatus.WAITING else None)
    return Panel(webinar, registration, confirmed, waiting, position, is_open(webinar))


def is_open(webinar: Webinar, now: datetime | None = None) -> bool:
    """Registration is open on a published webinar until it starts."""
    return webinar.state is WebinarStatus.PUBLISHED and (now or utcnow()) < webinar.starts_at


def register(webinar: Webinar, person: User, now: datetime | None = None) -> Registration:
    """A seat if one is free, else a place on the waiting list; the same again if already
    registered. The person is told by e-mail (with the invitation when seated)."""
    webinar = locked(webinar)
    # Read the clock under the lock: the waiting list's order is the order seats were decided.
    now = now or utcnow()
    if webinar.state is not WebinarStatus.PUBLISHED:
        raise RegistrationRefused("Ce webinaire n'est pas ouvert aux inscriptions.")
    if now >= webinar.starts_at:
        raise RegistrationRefused("Les inscriptions sont closes : le webinaire a commencé.")
    if not in_audience(person, webinar):
        raise RegistrationRefused(f"Ce webinaire est réservé au public « "
                                  f"{webinar.public.label} » de sa région.")
    registration = registration_of(webinar, person)
    if registration is not None and registration.state is not RegistrationStatus.CANCELLED:
        return registration  # a second click, or a second tab
    return seat_or_wait(webinar, person, registration, now)


def seat_or_wait(webinar: Webinar, person: User, registration: Registration | None,
                 now: datetime, *, tell_now: bool = True) -> Registration:
    """A seat if one is free, else the end of the waiting list, for someone not registered
    (`registration`: their cancelled one, if any, reused); told by e-mail when `tell_now`.
    The webinar is locked by the caller."""
    seated = confirmed_count(webinar) < webinar.capacity
    if registration is None:
        registration = Registration(webinar=webinar, person=person)
        db.session.add(registration)
    registration.status = CONFIRMED if seated else WAITING
    # Back at the end of the waiting list, whatever came before.
    registration.registered_at = now
    registration.cancelled_at = registration.promoted_at = registration.reminded_at = None
    registration.excused_at = None
    db.session.flush()
    if tell_now and seated:
        tell(registration, "webinar_registered", f"Inscription confirmée : {webinar.title}")
    elif tell_now:
        tell(registration, "webinar_waiting", f"Liste d'attente : {webinar.title}",
             position=waiting_position(registration))
    return registration


def unregister(webinar: Webinar, person: User,
               now: datetime | None = None) -> RegistrationStatus:
    """Give up a seat (the first waiting person takes it) or a place on the waiting list;
    the state the registration had."""
    now = now or utcnow()
    webinar = locked(webinar)
    registration = registration_of(webinar, person)
    if registration is None or registration.state is RegistrationStatus.CANCELLED:
        raise RegistrationRefused("Vous n'êtes pas inscrit(e) à ce webinaire.")
    if not is_open(webinar, now):
        raise RegistrationRefused("Le webinaire a commencé ou n'est plus ouvert : "
                                  "l'inscription ne peut plus être annulée.")
    return cancel(webinar, registration, now)


def cancel(webinar: Webinar, registration: Registration, now: datetime) -> RegistrationStatus:
    """Cancel a seat or waiting place (the webinar locked): a seat freed goes to the first
    waiting person. The state the registration had."""
    was = registration.state
    registration.status = CANCELLED
    registration.cancelled_at = now
    db.session.flush()
    if was is RegistrationStatus.CONFIRMED:
        fill_seats(webinar, now)
    return was


def fill_seats(webinar: Webinar, now: datetime | None = None) -> list[Registration]:
    """Promote the first waiting people into the free seats; each is told, with the .ics.

    The caller holds the webinar's lock (`locked`).
    """
    now = now or utcnow()
    if not is_open(webinar, now):
        return []
    free = webinar.capacity - confirmed_count(webinar)
    if free <= 0:
        return []
    promoted = db.session.scalars(
        db.select(Registration).filter_by(webinar_id=webinar.id, status=WAITING)
        .order_by(Registration.registered_at, Registration.id).limit(free)
        .execution_options(populate_existing=True)).all()
    for registration in promoted:
        registration.status = CONFIRMED
        registration.promoted_at = now
    db.session.flush()
    for registration in promoted:
        tell(registration, "webinar_promoted", f"Une place s'est libérée : {webinar.title}")
    return promoted


def registered(webinar: Webinar, statuses=(CONFIRMED,)) -> list[Registration]:
    """The registrations of the webinar in `statuses`, in their order."""
    return db.session.scalars(
        db.select(Registration).where(Registration.webinar_id == webinar.id,
                                      Registration.status.in_(statuses))
        .order_by(Registration.registered_at, Registration.id)).all()


def sees_visio(webinar: Webinar, registration: Registration | None, manager: bool,
               now: datetime | None = None) -> bool:
    """Trainers always; a confirmed registrant of a live webinar from 15 minutes before."""
    if manager:
        return True
    return (registration is not None and registration.state is RegistrationStatus.CONFIRMED
            and webinar.state is WebinarStatus.PUBLISHED
            and (now or utcnow()) >= webinar.starts_at - VISIO_EARLY)


def tell(registration: Registration, template: str, subject: str, **context) -> None:
    """E-mail a registered person about the webinar, with its page and invitation links."""
    webinar = registration.webinar
    queue_email(registration.person.email, subject, template, webinar=webinar,
                registration=registration, person=registration.person,
                page_url=public_url("webinars.show", webinar_id=webinar.id),
                ics_url=public_url("webinars.ics", webinar_id=webinar.id),
                index_url=public_url("webinars.index"),
                visio_from=webinar.starts_at - VISIO_EARLY, **context)
