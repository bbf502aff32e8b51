"""A trainer's webinar: created (or copied), changed, published, cancelled, marked done."""

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from ..catalogue import courses
from ..extensions import db
from ..forms import run_change
from ..htmx import see_other
from ..models import WebinarStatus
from . import bp, organising
from .access import webinar_or_404
from .forms import COURSE, CancelForm, blank_form, form_for_copy, form_for_edit
from .views import may_create, render_show


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
    if not webinar.is_editable:
        return render_show(webinar, 422, error=f"Un webinaire {webinar.state.label.lower()} "
                                               "ne se modifie plus.")
    posted = request.method == "POST"
    form = form_for_edit(webinar, request.form if posted else None,
                         admin=current_user.is_admin)
    if not (posted and form.validate()):
        return render_form(form, webinar, status=422 if posted else 200)

    def refused(refusal):
        target = getattr(form, refusal.field).errors if refusal.field else form.form_errors
        target.append(str(refusal))
        return render_form(form, webinar, status=422)

    def changed(labels):
        if not labels:
            flash("Aucune modification.", "info")
        elif webinar.state is WebinarStatus.PUBLISHED:
            flash(f"Webinaire modifié ({', '.join(labels)}). Les inscrits reçoivent "
                  "l'invitation mise à jour.", "success")
        else:
            flash("Brouillon modifié.", "success")
        return see_other(url_for("webinars.show", webinar_id=webinar.id))

    return run_change(lambda: organising.update_webinar(webinar, form.details()),
                      organising.WebinarRefused, refused, changed)


def change_state(webinar_id, change, message, **arguments):
    """Apply a change of state to the webinar; its page with the reason if refused."""
    webinar = webinar_or_404(webinar_id, manage=True)

    def done(_):
        flash(message, "success")
        return see_other(url_for("webinars.show", webinar_id=webinar.id))

    return run_change(lambda: change(webinar, **arguments), organising.WebinarRefused,
                      lambda refusal: render_show(webinar, 422, error=str(refusal)), done)


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




@bp.route("/<int:webinar_id>/dupliquer", methods=["GET", "POST"])
def duplicate(webinar_id):
    """A new draft with the same fields as this webinar; the date and time to set."""
    source = webinar_or_404(webinar_id, manage=True)
    posted = request.method == "POST"
    form = form_for_copy(source, request.form if posted else None,
                         admin=current_user.is_admin)
    if posted and form.validate():
        webinar = organising.create_webinar(form.details(), current_user, source.region_code)
        db.session.commit()
        flash("Copie enregistrée en brouillon. Relisez-la, puis publiez-la pour ouvrir les "
              "inscriptions.", "success")
        return see_other(url_for("webinars.show", webinar_id=webinar.id))
    return render_template("webinars/form.html", form=form, webinar=None, source=source,
                           modules=courses()[COURSE].modules), 422 if posted else 200
