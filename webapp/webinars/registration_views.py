"""Registering in one click, giving up one's seat, the invitation for one's calendar."""

from flask import Response, abort, flash, make_response, render_template, url_for
from flask_login import current_user

from ..extensions import db
from ..htmx import see_other, wants_fragment
from ..models import RegistrationStatus, WebinarStatus
from ..urls import public_url
from . import bp
from . import registration as seats
from .access import webinar_or_404
from .calendar import invitation
from .views import render_show


def answer(webinar, message=None, error=None):
    """The registration panel alone to htmx; otherwise back to the page (or it, with the
    error, 422).

    Built before the transaction ends: on SQLite, reading after the commit would take the
    write lock a second time, and a burst of clicks would wait twice in line.
    """
    if wants_fragment():
        panel = seats.panel_for(webinar, seats.registration_of(webinar, current_user))
        response = Response(render_template("webinars/_registration.html", panel=panel,
                                            message=message, error=error, oob_seats=True),
                            status=422 if error else 200)
        response.vary.add("HX-Request")
        return response
    if error:
        return make_response(render_show(webinar, 422, error=error))
    flash(message, "success")
    return see_other(url_for("webinars.show", webinar_id=webinar.id))


def refused(webinar, refusal):
    """The answer to a refused click; nothing was written, the lock is let go."""
    response = answer(webinar, error=str(refusal))
    db.session.rollback()
    return response


@bp.post("/<int:webinar_id>/inscription")
def register(webinar_id):
    """Register in one click: a seat, or the waiting list when the webinar is full."""
    webinar = webinar_or_404(webinar_id)
    try:
        registration = seats.register(webinar, current_user)
    except seats.RegistrationRefused as refusal:
        return refused(webinar, refusal)
    if registration.state is RegistrationStatus.CONFIRMED:
        message = ("Vous êtes inscrit(e). La confirmation et l'invitation pour votre agenda "
                   "partent par e-mail.")
    else:
        message = ("Le webinaire est complet : vous êtes sur la liste d'attente. Si une place "
                   "se libère, vous serez inscrit(e) et prévenu(e) par e-mail.")
    response = answer(webinar, message=message)
    db.session.commit()
    return response


@bp.post("/<int:webinar_id>/desinscription")
def unregister(webinar_id):
    """Give up one's seat (the first on the waiting list takes it) or waiting place."""
    webinar = webinar_or_404(webinar_id)
    try:
        was = seats.unregister(webinar, current_user)
    except seats.RegistrationRefused as refusal:
        return refused(webinar, refusal)
    response = answer(webinar, message="Votre inscription est annulée." if was is
                      RegistrationStatus.CONFIRMED else "Vous avez quitté la liste d'attente.")
    db.session.commit()
    return response


@bp.get("/<int:webinar_id>/invitation.ics")
def ics(webinar_id):
    """The invitation for one's calendar (confirmed registrations only; 404 otherwise)."""
    webinar = webinar_or_404(webinar_id)
    registration = seats.registration_of(webinar, current_user)
    if registration is None or registration.state is not RegistrationStatus.CONFIRMED:
        abort(404)
    body = invitation(webinar, current_user,
                      public_url("webinars.show", webinar_id=webinar.id))
    method = "CANCEL" if webinar.state is WebinarStatus.CANCELLED else "REQUEST"
    response = Response(body, content_type=f"text/calendar; charset=utf-8; method={method}")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="webinaire-{webinar.id}.ics"')
    response.headers["Cache-Control"] = "private, no-cache"
    return response
