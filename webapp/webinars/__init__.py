"""Webinars: GRADeS trainers run them, people of the region register, attend and say how it was."""

from flask import Blueprint

from ..access import sign_in_required

bp = Blueprint("webinars", __name__, url_prefix="/webinaires")
bp.before_request(sign_in_required)


from . import (  # noqa: E402,F401  (routes)
    attendance_views,
    attendee_views,
    organising_views,
    participant_views,
    registration_views,
    views,
)
