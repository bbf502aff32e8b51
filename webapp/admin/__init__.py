"""The administrators' area: structures, people, audit log and outbox."""

from flask import Blueprint, abort
from flask_login import current_user

from ..access import sign_in_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(sign_in_required)


@bp.before_request
def admins_only():
    """Every admin route: anyone signed in but an admin gets 404."""
    if not current_user.is_admin:
        abort(404)


from . import (  # noqa: E402,F401  (routes)
    api_tokens,
    attestations,
    journal,
    organisations,
    outbox,
    people,
)
