"""Attestations de réussite: the page and PDF for those allowed, revocation and re-issue."""

from flask import Blueprint

from ..access import sign_in_required

bp = Blueprint("attestations", __name__, url_prefix="/attestations")
# Every route here shows a person's record (the public page is /verify).
bp.before_request(sign_in_required)


from . import corrections, views  # noqa: E402,F401  (routes)
