"""The attendee's side of a webinar: checking in, the attestation de présence, the survey."""

from flask import abort, current_app, flash, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ..extensions import db, limiter
from ..forms import run_change
from ..htmx import see_other
from ..models import Webinar
from ..timekeeping import french_datetime, utcnow
from . import bp, checkin, survey
from .access import may_see
from .attendance_documents import pdf_response, presence_certificate_pdf
from .attendance_forms import CheckInForm


def attendee_webinar_or_404(webinar_id):
    """The webinar and the signed-in person's confirmed registration (None if they have
    none), for those who may see it or are registered; else 404."""
    webinar = db.session.get(Webinar, webinar_id)
    if webinar is None:
        abort(404)
    registration = checkin.registration_of(webinar, current_user)
    if registration is None and not may_see(current_user, webinar):
        abort(404)
    return webinar, registration


def checkin_key() -> str:
    """Per person: the attendees of one structure often share one address."""
    return f"presence:{current_user.get_id() or get_remote_address()}"


def checkin_limit() -> str:
    return current_app.config.get("WEBINAR_CHECKIN_LIMIT", "10 per minute")


@bp.route("/<int:webinar_id>/presence", methods=["GET", "POST"])
@limiter.limit(checkin_limit, methods=["POST"], key_func=checkin_key)
def check_in(webinar_id):
    """An attendee checks in with the code (or the QR code's link), during the window."""
    webinar, registration = attendee_webinar_or_404(webinar_id)
    form = CheckInForm() if request.method == "POST" else CheckInForm(
        formdata=None, code=request.args.get("code", "")[:40])

    def page(status=200, refusal=None):
        now = utcnow()
        return render_template(
            "webinars/checkin.html", webinar=webinar, registration=registration, form=form,
            window=checkin.checkin_window(webinar),
            state=checkin.checkin_window(webinar).state(now), refusal=refusal,
            certificate=checkin.issues_presence_certificate(webinar, registration, now),
            ended=checkin.has_ended(webinar, now), cancelled=webinar.is_cancelled), status

    def refused(refusal):
        if isinstance(refusal, checkin.WrongCode):
            form.code.errors.append(str(refusal))
            return page(422)
        return page(409, str(refusal))

    def done(_):
        flash("Votre présence est enregistrée. Merci !", "success")
        return see_other(url_for("webinars.check_in", webinar_id=webinar.id))

    if request.method != "POST":
        return page()
    if registration is None:
        return page(403)
    if not form.validate_on_submit():
        return page(422)
    return run_change(lambda: checkin.check_in(webinar, registration, form.code.data, utcnow()),
                      (checkin.WrongCode, checkin.AttendanceRefused), refused, done)


def attended_or_404(webinar_id):
    """The webinar and the signed-in person's registration, if they were present."""
    webinar, registration = attendee_webinar_or_404(webinar_id)
    if (registration is None or not registration.attended
            or webinar.is_cancelled):
        abort(404)
    return webinar, registration


@bp.get("/<int:webinar_id>/attestation-presence.pdf")
def presence_certificate(webinar_id):
    """An attendee's own attestation de présence, rendered on request, never before the start
    (whatever the registration says: it states that the person took part)."""
    webinar, registration = attended_or_404(webinar_id)
    now = utcnow()
    if not checkin.issues_presence_certificate(webinar, registration, now):
        return render_template(
            "error.html", title="Attestation pas encore disponible",
            message="Le webinaire n'a pas encore commencé : l'attestation de présence se "
                    f"télécharge à partir du {french_datetime(webinar.starts_at)}."), 409
    return pdf_response(presence_certificate_pdf(webinar, registration, now),
                        f"attestation-presence-webinaire-{webinar.id}.pdf")


@bp.route("/<int:webinar_id>/satisfaction", methods=["GET", "POST"], endpoint="survey")
def survey_page(webinar_id):
    """After the session, present attendees give a mark and a comment, once."""
    webinar, _ = attended_or_404(webinar_id)
    answer = survey.answer_of(webinar, current_user)
    is_open = checkin.has_ended(webinar, utcnow())
    form = survey.SurveyForm(formdata=request.form if request.method == "POST" else None)

    def page(status=200, refusal=None):
        return render_template("webinars/survey.html", webinar=webinar, form=form,
                               answer=answer, is_open=is_open, refusal=refusal,
                               marks=survey.MARKS), status

    def done(_):
        flash("Merci pour votre réponse !", "success")
        return see_other(url_for("webinars.survey", webinar_id=webinar.id))

    if request.method != "POST":
        return page()
    if answer is not None or not is_open:
        return page(409, "Vous avez déjà répondu à ce questionnaire : une seule réponse par "
                         "personne." if answer is not None else
                         "Le questionnaire ouvre à la fin du webinaire.")
    if not form.validate_on_submit():
        return page(422)
    return run_change(
        lambda: survey.record_answer(webinar, current_user, int(form.rating.data),
                                     form.comment.data, utcnow()),
        survey.SurveyRefused, lambda refusal: page(409, str(refusal)), done)
