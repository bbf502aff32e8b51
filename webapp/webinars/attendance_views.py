"""The trainer's attendance page: the code and QR, the ticks and « excusé(e) », the visio
import, after the session; the sign-in sheet and the session's results."""

import segno
from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from visio import MAX_BYTES, ReportRefused, read_report

from ..extensions import db
from ..forms import run_change
from ..htmx import render_page, see_other, wants_fragment
from ..models import Registration, RegistrationStatus
from ..timekeeping import utcnow
from ..urls import public_url
from ..wording import counted
from . import attendance, bp, checkin, survey
from .access import webinar_or_404
from .attendance_documents import pdf_response, sign_in_sheet_pdf
from .attendance_forms import AfterForm, ImportForm, minimum_minutes
from .attendance_import import import_report, last_import
from .results import session_results


def checkin_qr(url: str) -> Markup:
    """The check-in URL as an inline SVG QR code, described for screen readers."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=5, svgclass="qr-code", lineclass=None)
    label = escape(f"Code QR de la page d'émargement : {url}")
    return Markup(svg.replace("<svg", f'<svg role="img" aria-label="{label}"', 1))


def render_attendance(webinar, import_form=None, after_form=None, refusal=None, status=200, *,
                      import_refusal=None, row_refusal=None):
    """The attendance page; a posted form in error is shown in place of the blank one, a
    refusal next to what was refused (`row_refusal`: a registration's id and the message)."""
    now = utcnow()
    if import_form is None:
        import_form = ImportForm(formdata=None, minimum=minimum_minutes())
    checkin_url = public_url("webinars.check_in", webinar_id=webinar.id,
                             code=webinar.checkin_code)
    rows = attendance.attendee_rows(webinar, now)
    return render_template(
        "webinars/attendance.html", webinar=webinar, rows=rows, now=now,
        presence_summary=attendance.presence_summary(webinar, rows, now),
        window=checkin.checkin_window(webinar), ended=checkin.has_ended(webinar, now),
        presence_open=checkin.may_record_presence(webinar, now),
        presence_opening=checkin.presence_opening_label(webinar),
        checkin_url=checkin_url, qr=checkin_qr(checkin_url),
        last_import=last_import(webinar), import_form=import_form,
        matched=sum(row.registration.minutes_present is not None for row in rows),
        after_form=after_form or AfterForm(formdata=None, replay_url=webinar.replay_url,
                                           slides_url=webinar.slides_url),
        refusal=refusal, max_megabytes=MAX_BYTES // 10**6, import_refusal=import_refusal,
        row_refusal=row_refusal or (None, None),
    ), status


def back_to_page(webinar, anchor=""):
    return see_other(url_for("webinars.attendance", webinar_id=webinar.id) + anchor)


@bp.get("/<int:webinar_id>/emargement", endpoint="attendance")
def attendance_page(webinar_id):
    """Who is registered and who is present; the code, the ticks, the visio import."""
    return render_attendance(webinar_or_404(webinar_id, manage=True))


def confirmed_or_404(webinar, registration_id) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.webinar_id != webinar.id or (
            registration.status != RegistrationStatus.CONFIRMED.value):
        abort(404)
    return registration


def change_row(webinar_id, registration_id, change, focus):
    """Tick or excuse one registered person; htmx swaps their row, focus on its button. A
    refusal is said in the row (the whole page at that row without JavaScript)."""
    webinar = webinar_or_404(webinar_id, manage=True)
    registration = confirmed_or_404(webinar, registration_id)

    def refused(refusal):
        if not wants_fragment():
            return render_attendance(webinar, row_refusal=(registration.id, str(refusal)),
                                     status=422)
        return render_page("webinars/attendance_row.html", status=422, webinar=webinar,
                           row=attendance.attendee_row(webinar, registration, utcnow()),
                           row_refusal=(registration.id, str(refusal)))

    def done(_):
        if not wants_fragment():
            return back_to_page(webinar, f"#emargement-{registration.id}")
        return render_page("webinars/attendance_row.html", webinar=webinar, focus=focus,
                           row=attendance.attendee_row(webinar, registration, utcnow()))

    return run_change(lambda: change(webinar, registration, utcnow()),
                      checkin.AttendanceRefused, refused, done)


@bp.post("/<int:webinar_id>/emargement/<int:registration_id>")
def attendance_tick(webinar_id, registration_id):
    """Tick a registered person present (or not)."""
    present = request.form.get("present") == "1"
    return change_row(webinar_id, registration_id,
                      lambda w, r, now: attendance.tick(w, r, present, now), "tick")


@bp.post("/<int:webinar_id>/emargement/<int:registration_id>/excuse")
def attendance_excuse(webinar_id, registration_id):
    """Mark a registered person « excusé(e) » (or not any more)."""
    excused = request.form.get("excused") == "1"
    return change_row(webinar_id, registration_id,
                      lambda w, r, now: attendance.excuse(w, r, excused, now), "excuse")


@bp.post("/<int:webinar_id>/emargement/import")
def attendance_import(webinar_id):
    """Import the visio tool's attendance report: all of it, or nothing."""
    webinar = webinar_or_404(webinar_id, manage=True)
    form = ImportForm()
    if not form.validate_on_submit():
        return render_attendance(webinar, import_form=form, status=422)

    def apply():
        report = read_report(form.file.data.read(MAX_BYTES + 1))
        return import_report(webinar, report, form.minimum.data, current_user, utcnow())

    def refused(refusal):
        if isinstance(refusal, checkin.AttendanceRefused):  # the time, not the file
            return render_attendance(webinar, import_form=form, import_refusal=str(refusal),
                                     status=422)
        form.file.errors.append(str(refusal))
        return render_attendance(webinar, import_form=form, status=422)

    def done(outcome):
        record, matching = outcome
        found = counted(len(matching.minutes), "personne inscrite retrouvée",
                        "personnes inscrites retrouvées")
        flash(f"Import {record.tool} enregistré : {counted(record.rows, 'ligne')}, {found}, "
              f"dont {counted(record.present, 'présente')} au moins "
              f"{record.minimum_minutes} min ; {len(record.unknown)} sans inscription, "
              f"{counted(len(record.ambiguous), 'ambiguë')}.", "success")
        return back_to_page(webinar, "#import")

    return run_change(apply, (ReportRefused, checkin.AttendanceRefused), refused, done)


@bp.post("/<int:webinar_id>/apres")
def after(webinar_id):
    """After the session: the replay and slides addresses, and the webinar marked done."""
    webinar = webinar_or_404(webinar_id, manage=True)
    form = AfterForm()
    if not form.validate_on_submit():
        return render_attendance(webinar, after_form=form, status=422)

    def done(_):
        flash("Replay et support enregistrés." + (" Le webinaire est terminé."
                                                  if form.done.data else ""), "success")
        return back_to_page(webinar, "#apres")

    return run_change(
        lambda: attendance.record_after_session(webinar, form.replay_url.data,
                                                form.slides_url.data, form.done.data,
                                                utcnow()),
        checkin.AttendanceRefused,
        lambda refusal: render_attendance(webinar, after_form=form, refusal=str(refusal),
                                          status=409), done)


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
