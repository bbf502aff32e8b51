"""Attestations de réussite: the page and PDF for those allowed, revocation and re-issue."""

from flask import Blueprint
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("attestations", __name__, url_prefix="/attestations")


@bp.before_request
def signed_in_only():
    """Every route here shows a person's record: sign in first (the public page is /verify)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


from . import corrections, views  # noqa: E402,F401  (routes)
