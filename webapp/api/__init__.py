"""The JSON API (`/api/v1`) for structures' information systems and habilitation tools.

Bearer tokens only: no session, no cookie, so no CSRF token either. A structure's token sees
the people attached to that structure; an admin's all-structures token sees every attached
person. `GET /api/v1/openapi.json` describes it all.
"""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from . import errors, views  # noqa: E402,F401  (handlers and routes)
