"""« Enregistrer un départ »: the attachment ends on a date, with its habilitation. Flush only.

Nothing is deleted: the membership gets an end, the habilitation a withdrawal, and the person
keeps their attestation and flag for their next employer. An RL or mandataire who leaves the
EJ takes no access along: the API tokens they created for it are revoked.
"""

from datetime import date, datetime, time

from .. import audit
from ..access import STRUCTURE_MANAGERS
from ..api.tokens import revoke_token
from ..extensions import db
from ..models import ApiToken, Departure, Habilitation, Membership, User
from ..timekeeping import PARIS, french_date, utcnow
from .habilitations import habilitation_scope, withdraw

CHECKLIST = {
    "portal_attachment_removed_at": "Rattachement supprimé dans le portail d'enregistrement "
                                    "RPPS+ (« Modifier un enregistrement »)",
    "habilitation_removed_at": "Habilitation « Gestionnaire RPPS+ » supprimée dans « Mes "
                               "Habilitations »",
}


class DepartureRefused(ValueError):
    """The departure cannot be recorded or changed; the message says why, in French."""


def today() -> date:
    return utcnow().astimezone(PARIS).date()


def a_year_after(day: date) -> date:
    """The same day a year later (28 February for a 29th)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def pending_departure(membership: Membership) -> Departure | None:
    return db.session.scalar(db.select(Departure).filter_by(
        membership_id=membership.id, cancelled_at=None, applied_at=None))


def record(membership: Membership, leaving_on: date, actor: User) -> Departure:
    """Record that the person leaves this attachment on `leaving_on` (applied at once if due)."""
    if not membership.is_active:
        raise DepartureRefused("Ce rattachement est déjà terminé.")
    if pending_departure(membership) is not None:
        raise DepartureRefused("Un départ est déjà enregistré pour ce rattachement : "
                               "annulez-le d'abord pour changer la date.")
    if leaving_on < membership.started_at.astimezone(PARIS).date():
        raise DepartureRefused("La date de départ précède l'arrivée de la personne.")
    # Further off, it is a typing slip (2099 for 2026) more often than a plan; and a date
    # that far keeps a leaver counted as habilitated in the meantime.
    latest = a_year_after(today())
    if leaving_on > latest:
        raise DepartureRefused("Cette date est trop lointaine : un départ s'enregistre au plus "
                               f"un an à l'avance, soit jusqu'au {french_date(latest)}.")
    departure = Departure(membership=membership, leaving_on=leaving_on, recorded_by=actor,
                          recorded_at=utcnow())
    db.session.add(departure)
    db.session.flush()
    audit.record("departure.recorded", membership.user, actor=actor,
                 organisation=membership.organisation_id, scope=membership.scope_label,
                 leaving_on=leaving_on.isoformat())
    if leaving_on <= today():
        apply(departure)
    return departure


def cancel(departure: Departure, actor: User) -> None:
    """Undo a departure before its date."""
    if not departure.is_pending:
        raise DepartureRefused("Ce départ a déjà pris effet : il ne peut plus être annulé.")
    departure.cancelled_at = utcnow()
    departure.cancelled_by_id = actor.id
    db.session.flush()
    audit.record("departure.cancelled", departure.membership.user, actor=actor,
                 organisation=departure.membership.organisation_id,
                 scope=departure.membership.scope_label)


def apply(departure: Departure) -> None:
    """The date has come: end the attachment and withdraw the habilitation on that scope."""
    membership = departure.membership
    now = utcnow()
    leaving = datetime.combine(departure.leaving_on, time(), PARIS)
    membership.ended_at = max(min(leaving, now), membership.started_at)
    departure.applied_at = now
    db.session.flush()
    release(membership, departure.recorded_by, "Départ de la structure")
    audit.record("departure.applied", membership.user, actor=None,
                 organisation=membership.organisation_id, scope=membership.scope_label,
                 leaving_on=departure.leaving_on.isoformat())


def habilitations_left(membership: Membership) -> list[Habilitation]:
    """The habilitations that end with this attachment: those on its scope, unless another
    active attachment of the person still covers that scope."""
    establishment = habilitation_scope(membership)
    still_there = db.session.scalar(
        db.select(Membership.id).where(
            Membership.user_id == membership.user_id,
            Membership.organisation_id == membership.organisation_id,
            Membership.ended_at.is_(None), Membership.id != membership.id,
            *([Membership.establishment_id == establishment.id] if establishment else []))
        .limit(1))
    if still_there is not None:
        return []
    return list(db.session.scalars(db.select(Habilitation).filter_by(
        user_id=membership.user_id, organisation_id=membership.organisation_id,
        establishment_id=establishment.id if establishment else None, withdrawn_at=None)))


def release(membership: Membership, actor: User, reason: str) -> None:
    """The attachment has ended: withdraw the habilitations that ended with it, and revoke the
    API tokens of a manager who manages nothing there any more (turn-over)."""
    for habilitation in habilitations_left(membership):
        withdraw(habilitation, reason, actor)
    revoke_tokens_of_leaver(membership, actor)


def revoke_tokens_of_leaver(membership: Membership, actor: User) -> None:
    """Revoke the EJ's API tokens the person created, once they manage nothing there any more.

    Whoever saw a token when it was created may have kept it: it must not outlive their seat.
    """
    still_manages = db.session.scalar(db.select(Membership.id).where(
        Membership.user_id == membership.user_id,
        Membership.organisation_id == membership.organisation_id,
        Membership.role.in_(STRUCTURE_MANAGERS), Membership.ended_at.is_(None)).limit(1))
    if still_manages is not None:
        return
    for token in db.session.scalars(db.select(ApiToken).filter_by(
            created_by_id=membership.user_id, organisation_id=membership.organisation_id,
            revoked_at=None)):
        revoke_token(token, actor)


def tick(departure: Departure, item: str, done: bool) -> None:
    """Tick (or untick) an item of the checklist in the national portals."""
    if item not in CHECKLIST:
        raise DepartureRefused("Élément inconnu.")
    setattr(departure, item, utcnow() if done else None)
    db.session.flush()


def apply_due(on: date | None = None) -> int:
    """Apply every departure whose date has come (for cron; commits each); how many.

    Each departure is claimed by an UPDATE that only succeeds while it is neither applied nor
    cancelled, and committed with its effects: two runs at once apply each departure once.
    """
    due = db.session.scalars(db.select(Departure.id).where(
        Departure.cancelled_at.is_(None), Departure.applied_at.is_(None),
        Departure.leaving_on <= (on or today())).order_by(Departure.id)).all()
    db.session.commit()
    applied = 0
    for departure_id in due:
        claimed = db.session.execute(
            db.update(Departure).where(Departure.id == departure_id,
                                       Departure.applied_at.is_(None),
                                       Departure.cancelled_at.is_(None))
            .values(applied_at=utcnow()).execution_options(synchronize_session=False)).rowcount
        if claimed:
            apply(db.session.get(Departure, departure_id, populate_existing=True))
            applied += 1
        db.session.commit()
    return applied
