"""The trainer's participants page: people of the region added (searched by name or
address), the waiting list promoted, registrations cancelled, the lists exported."""

from flask import abort, flash, request, url_for
from wtforms import HiddenField, IntegerField
from wtforms.validators import Length

from ..extensions import db
from ..forms import Form, required, run_change, stripped
from ..htmx import render_page, see_other
from ..models import Registration, RegistrationStatus
from ..timekeeping import utcnow
from . import bp, exports, participants
from . import registration as seats
from .access import webinar_or_404


class AddForm(Form):
    person_id = IntegerField("Personne à inscrire", validators=[
        required("Choisissez la personne à inscrire dans les résultats de la recherche.")])
    q = HiddenField(filters=[stripped], validators=[Length(max=100)])


class RowForm(Form):
    """A button on one registration's line: only its CSRF token."""


def render_participants(webinar, add_form=None, error=None, status=200):
    """The page, or only the search results when htmx asks for them."""
    query = (request.args.get("q") or (add_form.q.data if add_form else "") or "").strip()[:100]
    found = participants.people_of_region(webinar, query)
    counts = seats.seats_taken([webinar.id])[webinar.id]
    return render_page(
        "webinars/participants.html", "webinars/_people_found.html", status=status,
        webinar=webinar, query=query, found=found, search_min=participants.SEARCH_MIN,
        too_short=participants.too_short(query),
        add_form=add_form or AddForm(formdata=None, q=query), error=error,
        row_form=RowForm(formdata=None),
        counts=counts, seats_label=seats.seats_label,
        may_promote=participants.may_promote(webinar, counts[0]),
        registrations=seats.registered(webinar, (seats.CONFIRMED, seats.WAITING)))


def back(webinar):
    return see_other(url_for("webinars.participants", webinar_id=webinar.id))


@bp.get("/<int:webinar_id>/participants", endpoint="participants")
def participants_page(webinar_id):
    """Who is registered and waiting; the search to add someone of the region."""
    return render_participants(webinar_or_404(webinar_id, manage=True))


@bp.post("/<int:webinar_id>/participants")
def add_participant(webinar_id):
    """Register a person of the region (a seat, or the waiting list when full)."""
    webinar = webinar_or_404(webinar_id, manage=True)
    form = AddForm()
    if not form.validate():
        return render_participants(webinar, form, status=422)
    person = participants.person_of_region(webinar, form.person_id.data)
    if person is None:
        form.person_id.errors.append("Cette personne n'est rattachée à aucune structure de la "
                                     "région du webinaire.")
        return render_participants(webinar, form, status=422)

    def done(registration):
        flash(f"{person.full_name} est inscrit(e) et a une place."
              if registration.state is RegistrationStatus.CONFIRMED else
              f"Le webinaire est complet : {person.full_name} est sur la liste d'attente.",
              "success")
        return back(webinar)

    return run_change(lambda: participants.add_participant(webinar, person, utcnow()),
                      seats.RegistrationRefused,
                      lambda refusal: render_participants(webinar, form, str(refusal), 422),
                      done)


def registration_or_404(webinar, registration_id) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.webinar_id != webinar.id:
        abort(404)
    return registration


def change_registration(webinar_id, registration_id, change, message):
    """Promote or cancel one registration; the page again with the reason if refused."""
    webinar = webinar_or_404(webinar_id, manage=True)
    registration = registration_or_404(webinar, registration_id)
    form = RowForm()
    if not form.validate():
        return render_participants(webinar, error="La page a expiré : rechargez-la et "
                                   "recommencez.", status=422)

    def done(_):
        flash(message.format(name=registration.person.full_name), "success")
        return back(webinar)

    return run_change(lambda: change(webinar, registration, utcnow()),
                      seats.RegistrationRefused,
                      lambda refusal: render_participants(webinar, error=str(refusal),
                                                          status=422), done)


@bp.post("/<int:webinar_id>/participants/<int:registration_id>/promotion")
def promote(webinar_id, registration_id):
    """Give a free seat to someone of the waiting list."""
    return change_registration(webinar_id, registration_id, participants.promote,
                               "{name} a maintenant une place.")


@bp.post("/<int:webinar_id>/participants/<int:registration_id>/annulation")
def cancel_registration(webinar_id, registration_id):
    """Cancel a seat or a waiting place (a seat freed goes to the waiting list)."""
    return change_registration(webinar_id, registration_id, participants.cancel_registration,
                               "L'inscription de {name} est annulée.")


@bp.get("/<int:webinar_id>/participants.csv")
def participants_csv(webinar_id):
    """The registrants and their attendance, as CSV for Excel in French."""
    return exports.participants_csv(webinar_or_404(webinar_id, manage=True))


@bp.get("/<int:webinar_id>/participants.xlsx")
def participants_xlsx(webinar_id):
    """The registrants and their attendance, as an Excel workbook."""
    return exports.participants_xlsx(webinar_or_404(webinar_id, manage=True))
