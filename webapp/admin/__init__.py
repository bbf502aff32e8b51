"""The administrators' area: structures, people, audit log and outbox."""

from flask import Blueprint, abort
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    """Every admin route: sign in first; anyone but an admin gets 404."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(404)


from . import attestations, journal, organisations, outbox, people  # noqa: E402,F401  (routes)
