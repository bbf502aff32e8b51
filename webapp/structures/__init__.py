"""Structures as their RL, mandataires and the region's trainers see them (read-only here)."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..access import (
    memberships_in_scope,
    organisation_or_404,
    visible_establishment_ids,
    visible_organisations,
)
from ..extensions import db
from ..models import Organisation

bp = Blueprint("structures", __name__, url_prefix="/structures")


@bp.get("/")
@login_required
def index():
    """The structures the person may open (their own, or their region's for a trainer)."""
    organisations = db.session.scalars(
        visible_organisations(current_user).order_by(Organisation.name)
    ).all()
    return render_template("structures/index.html", organisations=organisations)


@bp.get("/<int:organisation_id>")
@login_required
def show(organisation_id):
    """One EJ: its EG and its people, within the person's scope."""
    organisation = organisation_or_404(organisation_id)
    scope = visible_establishment_ids(current_user, organisation)
    establishments = [
        eg for eg in organisation.establishments if scope is None or eg.id in scope
    ]
    memberships = db.session.scalars(memberships_in_scope(organisation, scope)).all()
    return render_template(
        "structures/show.html",
        organisation=organisation,
        establishments=establishments,
        memberships=memberships,
    )


from . import api_tokens  # noqa: E402,F401  (routes)
