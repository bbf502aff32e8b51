"""Quizzes: a formative quiz per module, and the final exam that gates the attestation."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("quiz", __name__, url_prefix="/formation")


@bp.before_request
@login_required
def signed_in_only():
    """Every quiz needs a signed-in person."""


from . import exam_views, module_views  # noqa: E402,F401  (routes)
