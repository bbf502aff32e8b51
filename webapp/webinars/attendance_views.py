"""Attendance (« émargement »), the sign-in sheet and attendance certificates, the survey."""

from io import BytesIO

import segno
from flask import abort, current_app, flash, render_template, request, send_file, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from markupsafe import Markup, escape
from wtforms import BooleanField, IntegerField, StringField, URLField
from wtforms.validators import Length, NumberRange, ValidationError

from ..extensions import db, limiter
from ..forms import Form, required, stripped
from ..htmx import render_page, see_other, wants_fragment
from ..models import Registration, RegistrationStatus, Webinar, WebinarStatus
from ..timekeeping import utcnow
from ..urls import public_url
from . import attendance, bp, survey
from .access import may_see, webinar_or_404
from .attendance_documents import presence_certificate_pdf, sign_in_sheet_pdf
from .participants import MAX_BYTES, ExportRefused, read_participants
from .results import session_results


class CheckInForm(Form):
    code = StringField("Code de présence", filters=[stripped], validators=[
        required("Saisissez le code affiché par le formateur ou la formatrice."),
        Length(max=40, message="Le code tient en quelques caractères.")])


class ImportForm(Form):
    file = FileField("Liste des participants (fichier CSV)", validators=[
        FileRequired("Choisissez le fichier exporté de l'outil de visioconférence.")])
    minimum = IntegerField("Durée minimale pour être compté présent (en minutes)", validators=[
        required("Indiquez une durée minimale en minutes."),
        NumberRange(min=1, max=1440, message="Indiquez une durée entre 1 et 1 440 minutes.")])


def https_only(form, field):
    """An https address or nothing (stored as None)."""
    try:
        field.data = attendance.https_url(field.data, field.label.text)
    except attendance.AttendanceRefused as refusal:
        raise ValidationError(str(refusal)) from None


class AfterForm(Form):
    replay_url = URLField("Adresse du replay (facultatif)", filters=[stripped],
                          validators=[https_only])
    slides_url = URLField("Adresse du support de présentation (facultatif)",
                          filters=[stripped], validators=[https_only])
    done = BooleanField("Marquer le webinaire comme terminé")


def minimum_minutes() -> int:
    return int(current_app.config.get("WEBINAR_MINIMUM_MINUTES", 30))


def checkin_qr(url: str) -> Markup:
    """The check-in URL as an inline SVG QR code, described for screen readers."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=5, svgclass="qr-code", lineclass=None)
    label = escape(f"Code QR de la page d'émargement : {url}")
    return Markup(svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))


# The trainer's page


def render_attendance(webinar, import_form=None, after_form=None, refusal=None, status=200):
    """The attendance page; a posted form in error is shown in place of the blank one."""
    now = utcnow()
    if import_form is None:
        import_form = ImportForm(formdata=None, minimum=minimum_minutes())
    checkin_url = public_url("webinars.check_in", webinar_id=webinar.id,
                             code=webinar.checkin_code)
    rows = attendance.attendee_rows(webinar, now)
    return render_template(
        "webinars/attendance.html", webinar=webinar, rows=rows,
        presence_summary=attendance.presence_summary(webinar, rows, now),
        window=attendance.checkin_window(webinar), ended=attendance.has_ended(webinar, now),
        checkin_url=checkin_url, qr=checkin_qr(checkin_url),
        last_import=attendance.last_import(webinar), import_form=import_form,
        after_form=after_form or AfterForm(formdata=None, replay_url=webinar.replay_url,
                                           slides_url=webinar.slides_url),
        refusal=refusal, max_megabytes=MAX_BYTES // 10**6,
    ), status


@bp.get("/<int:webinar_id>/emargement", endpoint="attendance")
def attendance_page(webinar_id):
    """Who is registered and who is present; the code, the ticks, the visio import."""
    return render_attendance(webinar_or_404(webinar_id, manage=True))


@bp.post("/<int:webinar_id>/emargement/<int:registration_id>")
def attendance_tick(webinar_id, registration_id):
    """Tick a registered person present (or not); htmx swaps their row."""
    webinar = webinar_or_404(webinar_id, manage=True)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.webinar_id != webinar.id or (
            registration.status != RegistrationStatus.CONFIRMED.value):
        abort(404)
    try:
        attendance.tick(webinar, registration, request.form.get("present") == "1", utcnow())
    except attendance.AttendanceRefused as refusal:
        flash(str(refusal), "error")
        return see_other(url_for("webinars.attendance", webinar_id=webinar.id))
    db.session.commit()
    if not wants_fragment():
        return see_other(url_for("webinars.attendance", webinar_id=webinar.id)
                         + f"#emargement-{registration.id}")
    return render_page("webinars/attendance_row.html", webinar=webinar, focus=True,
                       row=attendance.attendee_row(webinar, registration, utcnow()))


@bp.post("/<int:webinar_id>/emargement/import")
def attendance_import(webinar_id):
    """Import the visio tool's participants export: all of it, or nothing."""
    webinar = webinar_or_404(webinar_id, manage=True)
    form = ImportForm()
    if not form.validate_on_submit():
        return render_attendance(webinar, import_form=form, status=422)
    try:
        participants = read_participants(form.file.data.read(MAX_BYTES + 1))
        record = attendance.import_participants(webinar, participants, form.minimum.data,
                                                current_user, utcnow())
    except (ExportRefused, attendance.AttendanceRefused) as refusal:
        db.session.rollback()
        form.file.errors.append(str(refusal))
        return render_attendance(webinar, import_form=form, status=422)
    db.session.commit()
    flash(f"Import enregistré : {record.rows} ligne(s), {record.present} personne(s) "
          f"inscrite(s) présente(s) au moins {record.minimum_minutes} min, "
          f"{len(record.unknown)} adresse(s) sans inscription.", "success")
    return see_other(url_for("webinars.attendance", webinar_id=webinar.id) + "#import")


@bp.post("/<int:webinar_id>/apres")
def after(webinar_id):
    """After the session: the replay and slides addresses, and the webinar marked done."""
    webinar = webinar_or_404(webinar_id, manage=True)
    form = AfterForm()
    if not form.validate_on_submit():
        return render_attendance(webinar, after_form=form, status=422)
    try:
        attendance.record_after_session(webinar, form.replay_url.data, form.slides_url.data,
                                        form.done.data, utcnow())
    except attendance.AttendanceRefused as refusal:
        db.session.rollback()
        return render_attendance(webinar, after_form=form, refusal=str(refusal), status=409)
    db.session.commit()
    flash("Replay et support enregistrés." + (" Le webinaire est terminé."
                                              if form.done.data else ""), "success")
    return see_other(url_for("webinars.attendance", webinar_id=webinar.id) + "#apres")


@bp.get("/<int:webinar_id>/feuille-emargement.pdf")
def sign_in_sheet(webinar_id):
    """The sign-in sheet as PDF: every registered person, present or absent."""
    webinar = webinar_or_404(webinar_id, manage=True)
    now = utcnow()
    return pdf_response(sign_in_sheet_pdf(webinar, now),
                        f"feuille-emargement-{webinar.id}-{now:%Y%m%d}.pdf")


@bp.get("/<int:webinar_id>/bilan")
def results(webinar_id):
    """The session's results: registrations, attendance, satisfaction, exams passed since."""
    webinar = webinar_or_404(webinar_id, manage=True)
    return render_template("webinars/attendance_results.html", webinar=webinar,
                           results=session_results(webinar, utcnow()),
                           satisfaction=survey.satisfaction(webinar), marks=survey.MARKS)


# The attendee's side


def attendee_webinar_or_404(webinar_id):
    """The webinar and the signed-in person's confirmed registration (None if they have
    none), for those who may see it or are registered; else 404."""
    webinar = db.session.get(Webinar, webinar_id)
    if webinar is None:
        abort(404)
    registration = attendance.registration_of(webinar, current_user)
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
    status, refusal = 200, None
    if request.method == "POST" and registration is None:
        status = 403
    elif request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                attendance.check_in(webinar, registration, form.code.data, utcnow())
            except attendance.WrongCode as wrong:
                form.code.errors.append(str(wrong))
            except attendance.AttendanceRefused as refused:
                status, refusal = 409, str(refused)
            else:
                db.session.commit()
                flash("Votre présence est enregistrée. Merci !", "success")
                return see_other(url_for("webinars.check_in", webinar_id=webinar.id))
    now = utcnow()
    return render_template(
        "webinars/checkin.html", webinar=webinar, registration=registration, form=form,
        window=attendance.checkin_window(webinar),
        state=attendance.checkin_window(webinar).state(now), refusal=refusal,
        ended=attendance.has_ended(webinar, now),
        cancelled=webinar.state is WebinarStatus.CANCELLED), status


def attended_or_404(webinar_id):
    """The webinar and the signed-in person's registration, if they were present."""
    webinar, registration = attendee_webinar_or_404(webinar_id)
    if (registration is None or not registration.attended
            or webinar.state is WebinarStatus.CANCELLED):
        abort(404)
    return webinar, registration


@bp.get("/<int:webinar_id>/attestation-presence.pdf")
def presence_certificate(webinar_id):
    """An attendee's own attestation de présence, rendered on request."""
    webinar, registration = attended_or_404(webinar_id)
    return pdf_response(presence_certificate_pdf(webinar, registration, utcnow()),
                        f"attestation-presence-webinaire-{webinar.id}.pdf")


@bp.route("/<int:webinar_id>/satisfaction", methods=["GET", "POST"], endpoint="survey")
def survey_page(webinar_id):
    """After the session, present attendees give a mark and a comment, once."""
    webinar, _ = attended_or_404(webinar_id)
    answer = survey.answer_of(webinar, current_user)
    is_open = attendance.has_ended(webinar, utcnow())
    form = survey.SurveyForm(formdata=request.form if request.method == "POST" else None)
    status, refusal = 200, None
    if request.method == "POST":
        if answer is not None or not is_open:
            status = 409
            refusal = ("Vous avez déjà répondu à ce questionnaire : une seule réponse par "
                       "personne." if answer is not None else
                       "Le questionnaire ouvre à la fin du webinaire.")
        elif form.validate_on_submit():
            try:
                survey.record_answer(webinar, current_user, int(form.rating.data),
                                     form.comment.data, utcnow())
            except survey.SurveyRefused as refused:
                status, refusal = 409, str(refused)
            else:
                db.session.commit()
                flash("Merci pour votre réponse !", "success")
                return see_other(url_for("webinars.survey", webinar_id=webinar.id))
        else:
            status = 422
    return render_template("webinars/survey.html", webinar=webinar, form=form, answer=answer,
                           is_open=is_open, refusal=refusal, marks=survey.MARKS), status


def pdf_response(pdf: bytes, filename: str):
    response = send_file(BytesIO(pdf), mimetype="application/pdf", download_name=filename,
                         max_age=0, etag=False, conditional=False)
    response.headers["Cache-Control"] = "private, no-store"
    return response
