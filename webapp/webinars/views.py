"""Webinars: the list and the page; creating, publishing, cancelling; registering."""

from datetime import timedelta

from flask import (
    Response,
    abort,
    current_app,
    flash,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from directory.geography import region as region_named

from ..catalogue import courses
from ..extensions import db
from ..htmx import see_other, wants_fragment
from ..models import Registration, RegistrationStatus, Webinar, WebinarStatus
from ..timekeeping import utcnow
from ..urls import public_url
from . import bp, organising
from . import registration as seats
from .access import in_audience, regions_of, runs, webinar_or_404
from .calendar import invitation
from .forms import COURSE, DURATION_MAX, CancelForm, blank_form, form_for_edit
from .wording import description_html, duration_fr


def may_create() -> bool:
    return current_user.is_admin or (current_user.is_trainer and bool(current_user.region_code))


def has_endpoint(name: str) -> bool:
    """Whether a route exists (the attendance views come from another module)."""
    return name in current_app.view_functions


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
    confirmed = panel is not None and panel.state == RegistrationStatus.CONFIRMED.value
    course = courses()[COURSE]
    return render_template(
        "webinars/show.html", webinar=webinar, manager=manager, panel=panel, counts=counts,
        confirmed=confirmed, now=utcnow(), visio_early=seats.VISIO_EARLY,
        visio=seats.sees_visio(webinar, registration, manager),
        description=description_html(webinar.description), duration_fr=duration_fr,
        seats_label=seats.seats_label,
        modules=[m for m in course.modules if m.slug in (webinar.modules or [])], course=course,
        region=region_named(webinar.region_code), has_endpoint=has_endpoint,
        registrations=seats.registered(webinar, (seats.CONFIRMED, seats.WAITING))
        if manager else [],
        cancel_form=cancel_form or CancelForm(formdata=None), error=error,
    ), status


@bp.get("/<int:webinar_id>")
def show(webinar_id):
    """A webinar: date, programme, seats; registering; the visio link when the time comes."""
    return render_show(webinar_or_404(webinar_id))


# Organising


def render_form(form, webinar=None, status=200):
    return render_template("webinars/form.html", form=form, webinar=webinar,
                           modules=courses()[COURSE].modules), status


@bp.route("/nouveau", methods=["GET", "POST"])
def new():
    """Create a webinar, as a draft (trainers of a region, admins)."""
    if not may_create():
        abort(404)
    posted = request.method == "POST"
    form = blank_form(request.form if posted else None, admin=current_user.is_admin,
                      region_code=current_user.region_code)
    if posted and form.validate():
        webinar = organising.create_webinar(form.details(), current_user,
                                            current_user.region_code)
        db.session.commit()
        flash("Webinaire enregistré en brouillon. Relisez-le, puis publiez-le pour ouvrir "
              "les inscriptions.", "success")
        return see_other(url_for("webinars.show", webinar_id=webinar.id))
    return render_form(form, status=422 if posted else 200)


@bp.route("/<int:webinar_id>/modifier", methods=["GET", "POST"])
def edit(webinar_id):
    """Change a webinar; once published, those registered get the updated invitation."""
    webinar = webinar_or_404(webinar_id, manage=True)
    if webinar.state not in (WebinarStatus.DRAFT, WebinarStatus.PUBLISHED):
        return render_show(webinar, 422, error=f"Un webinaire {webinar.state.label.lower()} "
                                               "ne se modifie plus.")
    posted = request.method == "POST"
    form = form_for_edit(webinar, request.form if posted else None,
                         admin=current_user.is_admin)
    if not (posted and form.validate()):
        return render_form(form, webinar, status=422 if posted else 200)
    try:
        changed = organising.update_webinar(webinar, form.details())
    except organising.WebinarRefused as refusal:
        db.session.rollback()
        target = getattr(form, refusal.field).errors if refusal.field else form.form_errors
        target.append(str(refusal))
        return render_form(form, webinar, status=422)
    db.session.commit()
    if not changed:
        flash("Aucune modification.", "info")
    elif webinar.state is WebinarStatus.PUBLISHED:
        flash(f"Webinaire modifié ({', '.join(changed)}). Les inscrits reçoivent l'invitation "
              "mise à jour.", "success")
    else:
        flash("Brouillon modifié.", "success")
    return see_other(url_for("webinars.show", webinar_id=webinar.id))


def change_state(webinar_id, change, message, **arguments):
    """Apply a change of state to the webinar; its page with the reason if refused."""
    webinar = webinar_or_404(webinar_id, manage=True)
    try:
        change(webinar, **arguments)
    except organising.WebinarRefused as refusal:
        db.session.rollback()
        return render_show(webinar, 422, error=str(refusal))
    db.session.commit()
    flash(message, "success")
    return see_other(url_for("webinars.show", webinar_id=webinar.id))


@bp.post("/<int:webinar_id>/publier")
def publish(webinar_id):
    """Publish a draft: the people of the region see it and register."""
    return change_state(webinar_id, organising.publish,
                        "Webinaire publié : les personnes concernées de la région peuvent "
                        "s'inscrire.")


@bp.post("/<int:webinar_id>/annuler")
def cancel(webinar_id):
    """Cancel a webinar; those registered are told, with the cancellation for calendars."""
    form = CancelForm()
    if not form.validate():
        return render_show(webinar_or_404(webinar_id, manage=True), 422, cancel_form=form)
    return change_state(webinar_id, organising.cancel,
                        "Webinaire annulé. Les inscrits et la liste d'attente sont prévenus "
                        "par e-mail.", reason=form.reason.data or "")


@bp.post("/<int:webinar_id>/terminer")
def mark_done(webinar_id):
    """Record that the session took place."""
    return change_state(webinar_id, organising.mark_done, "Webinaire marqué comme terminé.")


# Registering


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
