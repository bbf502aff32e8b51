"""Acting on many people of the roster at once: remind them, record their habilitations."""

from flask import flash, request, url_for
from flask_login import current_user

from ..extensions import db
from ..htmx import see_other
from ..models import Membership, User
from . import bp, habilitations, reminders
from .roster_filters import RosterFilters
from .scope import acting_seat_or_404

MAX_SELECTED = 200


def selected_people(seat) -> dict[User, list[Membership]]:
    """The ticked people still attached within the seat's scope, with those attachments;
    anything else posted is ignored (never another structure's people)."""
    ids = {int(value) for value in request.form.getlist("personne")[:MAX_SELECTED]
           if value.isdigit()}
    chosen: dict[User, list[Membership]] = {}
    if not ids:
        return chosen
    for membership in db.session.scalars(
            db.select(Membership).where(Membership.user_id.in_(ids),
                                        seat.scope.covers(Membership),
                                        Membership.ended_at.is_(None))
            .order_by(Membership.user_id, Membership.id)):
        chosen.setdefault(membership.user, []).append(membership)
    return chosen


def remind_all(seat, people) -> tuple[list[str], list[str]]:
    """Remind each person; (names reminded, refusals with their reason)."""
    done, refused = [], []
    for person in people:
        try:
            reminders.remind(person, seat.organisation, current_user)
        except reminders.ReminderRefused as refusal:
            refused.append(str(refusal))
        else:
            done.append(person.full_name)
    return done, refused


def grant_all(people) -> tuple[list[str], list[str]]:
    """Record the habilitation of each person on each scope they lack it; (names, refusals)."""
    done, refused = [], []
    for person, memberships in people.items():
        reasons, granted = [], False
        for membership in memberships:
            try:
                with db.session.begin_nested():
                    habilitations.grant(membership, current_user)
            except habilitations.HabilitationRefused as refusal:
                reasons.append(str(refusal))
            else:
                granted = True
        if granted:
            done.append(person.full_name)
        else:
            refused.extend(dict.fromkeys(reasons))  # the same reason once per person
    return done, refused


@bp.post("/<int:organisation_id>/personnes/actions")
def act_on_people(organisation_id):
    """« Relancer » or « Enregistrer leur habilitation » for the people ticked on the roster."""
    seat = acting_seat_or_404(organisation_id)
    back = see_other(url_for("structures.people", organisation_id=organisation_id,
                             **RosterFilters.from_args(request.args).args()))
    if request.form.get("fiche", "").isdigit():  # sent from one person's page: back there
        back = see_other(url_for("structures.person", organisation_id=organisation_id,
                                 person_id=int(request.form["fiche"])))
    action = request.form.get("action")
    if action not in ("relancer", "habiliter"):
        flash("Choisissez une action : relancer, ou enregistrer l'habilitation.", "error")
        return back
    people = selected_people(seat)
    if not people:
        flash("Cochez au moins une personne.", "error")
        return back
    if action == "relancer":
        done, refused = remind_all(seat, people)
        if done:
            flash(f"Relance envoyée à {len(done)} personne{'s' if len(done) > 1 else ''} : "
                  f"{', '.join(done)}.", "success")
    else:
        done, refused = grant_all(people)
        if done:
            flash(f"Habilitation « Gestionnaire RPPS+ » enregistrée pour {len(done)} "
                  f"personne{'s' if len(done) > 1 else ''} : {', '.join(done)}. "
                  "Accordez-la aussi dans le portail « Mes Habilitations ».", "success")
    for reason in refused:
        flash(reason, "error")
    db.session.commit()
    return back
