"""Admin: the outbox, its failed messages, and putting them back in the queue."""

from flask import flash, request, url_for
from flask_login import current_user
from sqlalchemy import or_

from ..extensions import db
from ..htmx import render_page, see_other
from ..mail import retry, retry_all_failed
from ..models import OutboxMessage
from ..models.outbox import STATUS_LABELS
from ..pagination import paginate
from ..wording import counted
from . import bp

PER_PAGE = 50


@bp.get("/outbox")
def outbox():
    """E-mails queued, sent and failed; filter by state, search recipient or subject."""
    state = request.args.get("etat", "")
    search = request.args.get("q", "").strip()[:100]
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if state in STATUS_LABELS:
        query = query.filter_by(status=state)
    if search:
        pattern = f"%{search}%"
        query = query.where(or_(OutboxMessage.recipient.ilike(pattern),
                                OutboxMessage.subject.ilike(pattern)))
    page = paginate(query, PER_PAGE)
    failed = db.session.scalar(db.select(db.func.count(OutboxMessage.id))
                               .filter_by(status="failed"))
    return render_page("admin/outbox.html", "admin/_outbox_table.html", page=page, state=state,
                       search=search, states=STATUS_LABELS, failed=failed)


@bp.get("/outbox/<int:message_id>")
def outbox_message(message_id):
    """One e-mail, as it was (or will be) sent, with its last error."""
    return render_page("admin/outbox_message.html",
                       message=db.get_or_404(OutboxMessage, message_id))


@bp.post("/outbox/<int:message_id>/retry")
def retry_message(message_id):
    """Put one failed e-mail back in the queue; the worker sends it within seconds."""
    message = db.get_or_404(OutboxMessage, message_id)
    if retry(message, current_user):
        db.session.commit()
        flash("L'e-mail est remis en file d'envoi.", "success")
    else:
        flash("Cet e-mail n'est pas en échec : rien à renvoyer.", "info")
    return see_other(url_for("admin.outbox_message", message_id=message_id))


@bp.post("/outbox/retry-failed")
def retry_failed():
    """Put every failed e-mail back in the queue."""
    count = retry_all_failed(current_user)
    db.session.commit()
    flash(f"{counted(count, 'e-mail en échec remis', 'e-mails en échec remis')} en file "
          "d'envoi." if count else "Aucun e-mail en échec à renvoyer.", "success")
    return see_other(url_for("admin.outbox"))
