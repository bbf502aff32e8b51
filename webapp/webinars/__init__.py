"""Webinars: GRADeS trainers run them, people of the region register, attend and say how it was."""

from flask import Blueprint

from ..access import sign_in_required

bp = Blueprint("webinars", __name__, url_prefix="/webinaires")
bp.before_request(sign_in_required)


from . import attendance_views, views  # noqa: E402,F401  (routes)
