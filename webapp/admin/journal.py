"""Admin: the audit log."""

from flask import request

from ..audit import ACTIONS
from ..extensions import db
from ..htmx import render_page
from ..models import AuditEvent
from ..pagination import paginate
from . import bp

PER_PAGE = 50


@bp.get("/audit")
def audit_log():
    """The audit log, newest first, filterable by action."""
    action = request.args.get("action", "")
    query = db.select(AuditEvent).order_by(AuditEvent.id.desc())
    if action in ACTIONS:
        query = query.filter_by(action=action)
    page = paginate(query, PER_PAGE)
    return render_page("admin/audit.html", "admin/_audit_table.html",
                       page=page, action=action, actions=ACTIONS)
