"""The structures' space: RLs and mandataires act on their scope, trainers and admins look."""

from flask import Blueprint, render_template
from flask_login import current_user

from ..access import memberships_in_scope, sign_in_required, visible_organisations
from ..extensions import db
from ..models import Organisation
from .checklist import contract_scopes, to_do_list
from .scope import seat_or_404

bp = Blueprint("structures", __name__, url_prefix="/structures")
bp.before_request(sign_in_required)


@bp.get("/")
def index():
    """The structures the person may open (their own, or their region's for a trainer)."""
    organisations = db.session.scalars(
        visible_organisations(current_user).order_by(Organisation.name)
    ).all()
    return render_template("structures/index.html", organisations=organisations)


@bp.get("/<int:organisation_id>")
def show(organisation_id):
    """One EJ within the person's scope: its to-do list, its EG, its people in figures."""
    seat = seat_or_404(organisation_id)
    organisation, scope = seat.organisation, seat.scope.establishment_ids
    establishments = [
        eg for eg in organisation.establishments if scope is None or eg.id in scope
    ]
    memberships = db.session.scalars(memberships_in_scope(organisation, scope)).all()
    return render_template(
        "structures/show.html",
        seat=seat,
        organisation=organisation,
        establishments=establishments,
        people=len({m.user_id for m in memberships}),
        checklists=[to_do_list(organisation, s) for s in contract_scopes(organisation, scope)],
    )


from . import (  # noqa: E402,F401  (routes)
    api_tokens,
    bulk_views,
    exports,
    invitation_views,
    person_views,
    views,
)
