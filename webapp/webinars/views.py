"""Webinars: the list and a webinar's page."""

from datetime import timedelta

from flask import (
    render_template,
)
from flask_login import current_user

from directory.geography import region as region_named

from ..catalogue import courses
from ..extensions import db
from ..models import Registration, RegistrationStatus, Webinar, WebinarStatus
from ..timekeeping import utcnow
from . import bp, organising
from . import registration as seats
from .access import in_audience, regions_of, runs, webinar_or_404
from .checkin import issues_presence_certificate, offers_checkin
from .forms import COURSE, DURATION_MAX, CancelForm
from .wording import description_html, duration_fr, until_fr


def may_create() -> bool:
    return current_user.is_admin or (current_user.is_trainer and bool(current_user.region_code))


# The list and the page


@bp.get("/")
def index():
    """Upcoming webinars of the person's region, and theirs; a trainer's, all of them."""
    now = utcnow()
    if may_create():
        query = db.select(Webinar).order_by(Webinar.starts_at.desc())
        if not current_user.is_admin:
            query = query.where(Webinar.region_code == current_user.region_code)
        webinars = db.session.scalars(query).all()
        return render_template("webinars/index.html", managed=webinars, now=now,
                               counts=seats.seats_taken([w.id for w in webinars]),
                               region_name=lambda code: region_named(code).name)
    upcoming = [w for w in db.session.scalars(
        db.select(Webinar).where(Webinar.region_code.in_(regions_of(current_user)),
                                 Webinar.status == WebinarStatus.PUBLISHED.value,
                                 Webinar.starts_at > now - timedelta(minutes=DURATION_MAX))
        .order_by(Webinar.starts_at)) if w.ends_at > now and in_audience(current_user, w)]
    mine = {r.webinar_id: r for r in db.session.scalars(
        db.select(Registration).where(Registration.user_id == current_user.id))}
    counts = seats.seats_taken([w.id for w in upcoming])
    shown = {w.id for w in upcoming}
    past = db.session.scalars(
        db.select(Webinar).join(Registration).where(
            Registration.user_id == current_user.id,
            Registration.status == RegistrationStatus.CONFIRMED.value,
            Webinar.id.not_in(shown), Webinar.status != WebinarStatus.DRAFT.value)
        .order_by(Webinar.starts_at.desc())).all()
    return render_template(
        "webinars/index.html", managed=None, now=now, past=past, duration_fr=duration_fr,
        panels=[seats.panel_for(w, mine.get(w.id), counts[w.id]) for w in upcoming])


def render_show(webinar, status=200, *, error=None, cancel_form=None):
    """The webinar's page: what it is, where one stands, and the trainer's tools."""
    manager = runs(current_user, webinar)
    registration = seats.registration_of(webinar, current_user)
    counts = seats.seats_taken([webinar.id])[webinar.id]
    panel = None
    if not manager and (in_audience(current_user, webinar) or registration is not None):
        panel = seats.panel_for(webinar, registration, counts)
    confirmed = panel is not None and panel.is_confirmed
    course = courses()[COURSE]
    now = utcnow()
    return render_template(
        "webinars/show.html", webinar=webinar, manager=manager, panel=panel, counts=counts,
        confirmed=confirmed, visio_from=webinar.starts_at - seats.VISIO_EARLY,
        offers_checkin=offers_checkin(webinar, confirmed, now),
        offers_certificate=issues_presence_certificate(webinar, registration, now),
        may_mark_done=organising.may_mark_done(webinar, now),
        visio=seats.sees_visio(webinar, registration, manager),
        description=description_html(webinar.description), duration_fr=duration_fr,
        until=until_fr(webinar.starts_at, webinar.ends_at),
        seats_label=seats.seats_label,
        modules=[m for m in course.modules if m.slug in (webinar.modules or [])], course=course,
        region=region_named(webinar.region_code),
        registrations=seats.registered(webinar, (seats.CONFIRMED, seats.WAITING))
        if manager else [],
        cancel_form=cancel_form or CancelForm(formdata=None), error=error,
    ), status


@bp.get("/<int:webinar_id>")
def show(webinar_id):
    """A webinar: date, programme, seats; registering; the visio link when the time comes."""
    return render_show(webinar_or_404(webinar_id))
