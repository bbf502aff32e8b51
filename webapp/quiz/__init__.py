"""Quizzes: a formative quiz per module, and the final exam that gates the attestation."""

from flask import Blueprint

from ..access import sign_in_required

bp = Blueprint("quiz", __name__, url_prefix="/formation")
bp.before_request(sign_in_required)


from . import exam_views, module_views  # noqa: E402,F401  (routes)
