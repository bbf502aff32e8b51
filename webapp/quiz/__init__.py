"""Quizzes: a formative quiz per module, and the final exam that gates the attestation."""

from flask import Blueprint
from flask_login import current_user

from ..extensions import login_manager

bp = Blueprint("quiz", __name__, url_prefix="/formation")


@bp.before_request
def signed_in_only():
    """Every quiz needs a signed-in person; the exam's own requests are told so plainly."""
    if current_user.is_authenticated:
        return None
    return session_lost.answer() or login_manager.unauthorized()


from . import exam_views, module_views, session_lost  # noqa: E402,F401  (routes)
