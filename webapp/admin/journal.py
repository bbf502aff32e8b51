"""Admin: the audit log and the outbox."""

from flask import render_template, request

from ..audit import ACTIONS
from ..extensions import db
from ..htmx import render_page
from ..models import AuditEvent, OutboxMessage
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


@bp.get("/outbox")
def outbox():
    """E-mails queued and sent (readable here when no SMTP server is configured)."""
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    page = paginate(query, PER_PAGE)
    return render_template("admin/outbox.html", page=page)


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id):
    """One e-mail, as it was sent."""
    return render_template("admin/outbox_message.html",
                           message=db.get_or_404(OutboxMessage, message_id))
