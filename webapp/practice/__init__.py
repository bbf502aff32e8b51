"""« S'entraîner à enregistrer »: the registration simulator, the role finder, the sheet.

A simulation: nothing is sent anywhere, the cases are fictional, and only the result of an
attempt (which fields were right) is kept once it ends.
"""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from directory.roles import DMP_CONSULTATION_NOTE
from practice import COURSE, FORM_STEPS, check_step, load_cases, read_step, step_by_number
from practice.checks import FIXED, RIGHT, WRONG, shown
from practice.finder import DMP_NOTE_SOURCES, QUESTIONS, jobs, roles_for_answers, roles_for_job
from practice.form import FIELDS

from ..access import sign_in_required
from ..catalogue import courses
from ..extensions import db
from ..htmx import see_other
from .operations import (
    attempt_or_404,
    case_or_404,
    checked_steps,
    finish_attempt,
    finished_attempts,
    keep_entries,
    start_attempt,
)

bp = Blueprint("practice", __name__, url_prefix="/entrainement")
bp.before_request(sign_in_required)
LAST_STEP = FORM_STEPS[-1].number

from . import sheet  # noqa: E402,F401  (the sheet's route, on this blueprint)

bp.add_app_template_global(shown, "practice_shown")
# The module that teaches registering: its page links to the simulator, finder and sheet.
PRACTICE_MODULE = "04-enregistrer-les-professionnels"


@bp.app_template_global()
def practice_links_on(module) -> bool:
    """Whether a module's page shows the practice links."""
    return module.slug == PRACTICE_MODULE


@bp.app_template_global()
def practice_lesson(key: str) -> tuple[str, str]:
    """The address and title of the lesson a case points at (`<module>/<lesson>`)."""
    lesson = courses()[COURSE].lesson(key)
    return (url_for("learn.lesson", course_slug=COURSE, module_slug=lesson.module_slug,
                    lesson_slug=lesson.slug), lesson.title)


@bp.get("/")
def index():
    """The cases, those the person has done, the role finder and the sheet."""
    latest = {}
    for attempt in finished_attempts(current_user):  # newest first: keep the first per case
        latest.setdefault(attempt.case_key, attempt)
    return render_template("practice/index.html", cases=load_cases().values(), latest=latest)


@bp.post("/cas/<case_key>/commencer")
def start(case_key):
    """Start a case (or resume the open attempt); « Recommencer ce cas » always starts anew."""
    case = case_or_404(case_key)
    attempt = start_attempt(current_user, case, again="recommencer" in request.form)
    db.session.commit()
    return see_other(url_for(".step", attempt_id=attempt.id, number=0))


def next_step(attempt, number: int) -> int | None:
    """The step after `number`, or None when the attempt is ready to finish."""
    if number == 0:
        return 1 if (attempt.entries or {}).get("demarche") == "enregistrer" else None
    return number + 1 if number < LAST_STEP else None


def render_step(attempt, case, number, errors=None, status=200):
    """A step's form, with the attempt's entries and any error next to its field."""
    return render_template(
        "practice/step.html", attempt=attempt, case=case, step=step_by_number(number),
        entries=attempt.entries or {}, errors=errors or {}, checked=checked_steps(attempt),
        steps=FORM_STEPS), status


def open_step(attempt_id: int, number: int):
    """The attempt, its case and the step number; 404 outside them."""
    attempt, case = attempt_or_404(attempt_id)
    if number not in {s.number for s in FORM_STEPS}:
        abort(404)
    return attempt, case


@bp.get("/tentatives/<int:attempt_id>/etape/<int:number>")
def step(attempt_id, number):
    """A step of the simulated form, with what was typed so far."""
    attempt, case = open_step(attempt_id, number)
    if not attempt.is_open:
        return see_other(url_for(".result", attempt_id=attempt.id))
    return render_step(attempt, case, number)


@bp.post("/tentatives/<int:attempt_id>/etape/<int:number>")
def submit_step(attempt_id, number):
    """Keep the step's entries; check them (then the feedback), or go back a step."""
    attempt, case = open_step(attempt_id, number)
    if not attempt.is_open:
        return see_other(url_for(".result", attempt_id=attempt.id))
    entries, errors = read_step(number, request.form)
    if "precedent" in request.form:
        # Going back keeps everything typed, even what is not yet usable.
        keep_entries(attempt, entries)
        db.session.commit()
        return see_other(url_for(".step", attempt_id=attempt.id, number=max(number - 1, 0)))
    if errors:
        keep_entries(attempt, entries)
        db.session.commit()
        return render_step(attempt, case, number, errors, 422)
    keep_entries(attempt, entries, check_step(case, number, entries))
    db.session.commit()
    return see_other(url_for(".feedback", attempt_id=attempt.id, number=number))


@bp.get("/tentatives/<int:attempt_id>/etape/<int:number>/bilan")
def feedback(attempt_id, number):
    """The step's feedback: each field right, to correct or not checked, with why."""
    attempt, case = open_step(attempt_id, number)
    if not attempt.is_open:
        return see_other(url_for(".result", attempt_id=attempt.id))
    if number not in checked_steps(attempt):
        return see_other(url_for(".step", attempt_id=attempt.id, number=number))
    return render_template(
        "practice/feedback.html", attempt=attempt, case=case, step=step_by_number(number),
        check=check_step(case, number, attempt.entries or {}),
        following=next_step(attempt, number), checked=checked_steps(attempt), steps=FORM_STEPS)


@bp.post("/tentatives/<int:attempt_id>/terminer")
def finish(attempt_id):
    """End the attempt: keep which fields were right, drop what was typed."""
    attempt, case = attempt_or_404(attempt_id)
    if attempt.is_open:
        finish_attempt(attempt, case)
        db.session.commit()
    return see_other(url_for(".result", attempt_id=attempt.id))


@bp.get("/tentatives/<int:attempt_id>")
def result(attempt_id):
    """The end of an attempt: the fields right and those to correct, and why."""
    attempt, case = attempt_or_404(attempt_id)
    if attempt.is_open:
        return see_other(url_for(".step", attempt_id=attempt.id, number=0))
    lines = [(FIELDS[key], case.expected[key], outcome)
             for key, outcome in (attempt.results or {}).items()
             if key in case.expected and key in FIELDS]
    return render_template("practice/result.html", attempt=attempt, case=case, lines=lines,
                           mistakes=[line for line in lines if line[2] != RIGHT],
                           left=[line for line in lines if line[2] == WRONG],
                           outcomes={"right": RIGHT, "fixed": FIXED})


@bp.get("/quel-role")
def role_finder():
    """« Quel rôle RPPS+ ? »: from a job, or from two or three answers, to the fitting roles."""
    job = request.args.get("metier", "")
    answers = {q.key: request.args.get(q.key, "") for q in QUESTIONS}
    if job:
        found, asked = roles_for_job(job), "metier"
    elif any(answers.values()):
        found, asked = roles_for_answers(answers), "questions"
    else:
        found, asked = (), None
    return render_template("practice/finder.html", job=job, answers=answers, found=found,
                           asked=asked, questions=QUESTIONS, job_groups=jobs(),
                           dmp_note=DMP_CONSULTATION_NOTE, note_sources=DMP_NOTE_SOURCES)
