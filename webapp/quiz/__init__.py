"""Quizzes: a formative quiz per module, and the final exam that gates the attestation."""

from flask import Blueprint
from flask_login import current_user

from ..access import sign_in_required

bp = Blueprint("quiz", __name__, url_prefix="/formation")


@bp.before_request
def tell_the_exam_its_session_ended():
    """The exam's own requests without a session get a plain 401 (`session_lost`), before the
    blueprint's guard would send them to the login page and take their answers away."""
    if current_user.is_authenticated:
        return None
    return session_lost.answer()


bp.before_request(sign_in_required)


from . import exam_views, module_views, session_lost  # noqa: E402,F401  (routes)
