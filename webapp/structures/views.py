"""The RL's space: the roster of a structure's people, the to-do list's ticks."""

from flask import abort, flash, request, url_for
from flask_login import current_user

from directory.checklist import item
from directory.habilitation import REVIEW_NOTICE

from ..extensions import db
from ..htmx import render_page, see_other, wants_fragment
from ..pagination import paginate
from . import bp, checklist
from .roster import PER_PAGE, SORTS, STATES, RosterFilters, people_query, rows_for
from .roster_filters import with_valid_attestation
from .scope import acting_seat_or_404, seat_or_404

# The roster


@bp.get("/<int:organisation_id>/personnes")
def people(organisation_id):
    """Who is in scope and where each person stands, filtered and sorted; htmx swaps the table."""
    seat = seat_or_404(organisation_id)
    filters = RosterFilters.from_args(request.args)
    page = paginate(people_query(seat.scope, filters), PER_PAGE, filters.page)
    rows = rows_for(page.items, seat.scope, left=filters.state == "parti")
    # The ZIP is offered only when it would hold something (a link that only answers
    # « aucune attestation » is a dead end).
    attestations = bool(rows) and db.session.scalar(with_valid_attestation(seat.scope, filters))
    return render_page("structures/people.html", "structures/_roster.html", seat=seat,
                       organisation=seat.organisation, filters=filters, page=page, rows=rows,
                       states=STATES, sorts=SORTS, review_notice=REVIEW_NOTICE,
                       attestations=attestations)


# The to-do list


@bp.post("/<int:organisation_id>/etapes")
def tick_step(organisation_id):
    """Tick (or untick) an item of the structure's to-do list."""
    seat = acting_seat_or_404(organisation_id)
    scopes = checklist.contract_scopes(seat.organisation, seat.scope.establishment_ids)
    wanted = request.form.get("establishment_id") or None
    scope = next((s for s in scopes if str(s.id if s else None) == str(wanted)), False)
    if scope is False:
        abort(404)
    key, done = request.form.get("step", ""), request.form.get("done") == "1"
    try:
        checklist.tick(seat.organisation, scope, key, done, current_user)
    except checklist.ChecklistRefused:
        abort(404)
    db.session.commit()
    if wants_fragment():  # the list swapped in place, the item's confirmation focused
        return render_page("structures/show.html", "structures/_checklist.html", seat=seat,
                           list=checklist.to_do_list(seat.organisation, scope), compact=False,
                           just_ticked=key)
    flash(f"C'est noté : « {item(key).label} » — {'fait' if done else 'remis à faire'}.",
          "success")
    # Back where the person was: at the item, not at the top of a long page.
    return see_other(url_for("structures.show", organisation_id=organisation_id)
                     + f"#etape-{organisation_id}-{scope.id if scope else 'ej'}-{key}")
