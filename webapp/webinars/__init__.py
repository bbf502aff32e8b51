"""Webinars: GRADeS trainers run them, people of the region register, attend and say how it was."""

from flask import Blueprint
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("webinars", __name__, url_prefix="/webinaires")


@bp.before_request
def signed_in_only():
    """Every page here is for signed-in people of a region, and their trainers."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


from . import (  # noqa: E402,F401  (routes)
    attendance_views,
    attendee_views,
    organising_views,
    participant_views,
    registration_views,
    views,
)
