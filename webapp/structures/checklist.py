"""A structure's to-do list from contract to turn-over: ticked by the RL, or computed; and
above it, what cannot wait (a habilitation to review, a departure to finish in the portals)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func

from directory.checklist import PAGES, ChecklistItem, item, steps_with_items
from directory.habilitation import REVIEW_NOTICE
from directory.journey import JourneyStep
from directory.resources import Resource, resource
from directory.structures import ContractMode, StructureRole

from .. import audit
from ..extensions import db
from ..models import (
    Departure,
    ElearningFlag,
    Establishment,
    Habilitation,
    Membership,
    Organisation,
    StepTick,
)
from ..models.habilitations import in_force, scope_key, to_review
from ..timekeeping import french_date, utcnow
from ..wording import counted


class ChecklistRefused(ValueError):
    """A tick the list does not allow (a computed item, an unknown one)."""


@dataclass(frozen=True)
class ItemState:
    item: ChecklistItem
    done: bool
    detail: str | None = None
    ticked_at: datetime | None = None

    @property
    def page_label(self) -> str | None:
        """The words of the link to our page where it is done, if any."""
        return PAGES.get(self.item.page) if self.item.page else None

    @property
    def resources(self) -> list[Resource]:
        """The national forms and portals where it is done (a link only where one is known)."""
        return [resource(key) for key in self.item.resources]


@dataclass(frozen=True)
class FollowUp:
    """Something about one person that goes before the steps: what, and since when."""

    person_id: int
    name: str
    what: str


@dataclass(frozen=True)
class Checklist:
    """The to-do list of one contract scope: an EJ (centralised) or one EG (decentralised)."""

    organisation: Organisation
    establishment: Establishment | None
    steps: list[tuple[JourneyStep, list[ItemState]]]
    follow_ups: tuple[FollowUp, ...] = ()

    @property
    def label(self) -> str:
        return (self.establishment or self.organisation).name

    @property
    def items(self) -> list[ItemState]:
        return [state for _, states in self.steps for state in states]

    @property
    def step_count(self) -> int:
        return len(self.steps)

    @property
    def done(self) -> int:
        """The steps done: each of their items done (the counter counts the steps shown)."""
        return sum(all(state.done for state in states) for _, states in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.step_count)


def contract_scopes(organisation: Organisation,
                    establishment_ids: set[int] | None) -> list[Establishment | None]:
    """The scopes holding a contract that one sees: the EJ, or its EG one by one."""
    if organisation.mode is ContractMode.CENTRALISED:
        return [None]
    return [eg for eg in organisation.establishments
            if establishment_ids is None or eg.id in establishment_ids]


def counts(organisation: Organisation, establishment: Establishment | None) -> tuple[int, ...]:
    """(gestionnaires, of whom with the flag, of whom habilitated) on the scope, one query."""
    where = [Membership.organisation_id == organisation.id, Membership.ended_at.is_(None),
             Membership.role == StructureRole.GESTIONNAIRE.value]
    if establishment is not None:
        where.append(Membership.establishment_id == establishment.id)
    habilitated = (db.select(Habilitation.user_id).where(
        Habilitation.organisation_id == organisation.id,
        Habilitation.scope_key == scope_key(establishment.id if establishment else None),
        in_force()))
    row = db.session.execute(
        db.select(func.count(distinct(Membership.user_id)),
                  func.count(distinct(ElearningFlag.user_id)),
                  func.count(distinct(db.case((Membership.user_id.in_(habilitated),
                                               Membership.user_id)))))
        .select_from(Membership)
        .outerjoin(ElearningFlag, ElearningFlag.user_id == Membership.user_id)
        .where(*where)).one()
    return tuple(row)


def to_do_list(organisation: Organisation, establishment: Establishment | None) -> Checklist:
    """The list with the state of each item for this scope."""
    people, trained, habilitated = counts(organisation, establishment)
    ticks = {tick.step: tick for tick in db.session.scalars(db.select(StepTick).filter_by(
        organisation_id=organisation.id,
        scope_key=scope_key(establishment.id if establishment else None)))}
    computed = {
        "contract_mode": (True, organisation.mode.label),
        "gestionnaires_designated": (people > 0, counted(people, "gestionnaire rattaché",
                                                         "gestionnaires rattachés")),
        "elearning_done": (people > 0 and trained == people,
                           f"{trained} sur {people} avec l'e-learning réalisé"),
        "habilitations_granted": (people > 0 and habilitated == people,
                                  f"{habilitated} sur {counted(people, 'habilité')}"),
    }
    steps = []
    for step, entries in steps_with_items():
        states = []
        for entry in entries:
            if entry.ticked:
                tick = ticks.get(entry.key)
                states.append(ItemState(entry, tick is not None,
                                        ticked_at=tick.ticked_at if tick else None))
            else:
                done, detail = computed[entry.key]
                states.append(ItemState(entry, done, detail))
        steps.append((step, states))
    return Checklist(organisation, establishment, steps,
                     tuple(follow_ups(organisation, establishment)))


def follow_ups(organisation: Organisation, establishment: Establishment | None) -> list:
    """Habilitations to review after a revoked attestation first, then the departures whose
    attachment or habilitation is still to remove in the national portals."""
    found = [FollowUp(habilitation.user_id, habilitation.person.full_name,
                      REVIEW_NOTICE[0].upper() + REVIEW_NOTICE[1:])
             for habilitation in db.session.scalars(
                 db.select(Habilitation).where(
                     Habilitation.organisation_id == organisation.id,
                     Habilitation.scope_key == scope_key(
                         establishment.id if establishment else None),
                     to_review()).order_by(Habilitation.attestation_revoked_at))]
    where = [Membership.organisation_id == organisation.id, Departure.applied_at.is_not(None),
             Departure.cancelled_at.is_(None),
             db.or_(Departure.portal_attachment_removed_at.is_(None),
                    Departure.habilitation_removed_at.is_(None))]
    if establishment is not None:
        where.append(Membership.establishment_id == establishment.id)
    for departure in db.session.scalars(
            db.select(Departure).join(Membership, Departure.membership_id == Membership.id)
            .where(*where).order_by(Departure.leaving_on)):
        left = [portal for portal, done in (
            ("le portail d'enregistrement RPPS+", departure.portal_attachment_removed_at),
            ("« Mes Habilitations »", departure.habilitation_removed_at)) if done is None]
        found.append(FollowUp(departure.membership.user_id, departure.membership.user.full_name,
                              f"Parti(e) le {french_date(departure.leaving_on)} : à retirer "
                              f"dans {' et dans '.join(left)}"))
    return found


def tick(organisation: Organisation, establishment: Establishment | None, key: str, done: bool,
         actor) -> None:
    """Mark an item the RL ticks as done, or not done."""
    entry = item(key)
    if entry is None or not entry.ticked:
        raise ChecklistRefused("Cette étape se calcule d'elle-même : elle ne se coche pas.")
    key_value = scope_key(establishment.id if establishment else None)
    existing = db.session.scalar(db.select(StepTick).filter_by(
        organisation_id=organisation.id, scope_key=key_value, step=key))
    if done and existing is None:
        db.session.add(StepTick(organisation_id=organisation.id,
                                establishment_id=establishment.id if establishment else None,
                                scope_key=key_value, step=key, ticked_by_id=actor.id,
                                ticked_at=utcnow()))
    elif not done and existing is not None:
        db.session.delete(existing)
    else:
        return
    db.session.flush()
    audit.record("checklist.ticked", organisation, actor=actor, step=key, done=done,
                 scope=(establishment or organisation).name)
