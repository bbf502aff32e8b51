"""The final exam: status and start, answers saved as the learner goes, one submission."""

from dataclasses import dataclass

from flask import current_app, flash, render_template, request, url_for
from flask_login import current_user

from quizzes import TYPES, field_name

from ..attestations.issuance import valid_attestation
from ..auth.sessions import LearnerStanding, learner_standing
from ..catalogue import course_or_404, questions
from ..database import begin_writing, reads_first
from ..extensions import db
from ..htmx import see_other, wants_fragment
from ..learn.operations import progress_of
from ..wording import counted
from . import bp, exam, operations, submission

# The value of the « Rendre ma copie quand même » button: unanswered questions left on purpose.
CONFIRM_UNANSWERED = "unanswered"


@dataclass(frozen=True)
class SaveLine:
    """The exam bar's save line: how many answers the server holds, said with its state."""

    saved: int
    total: int

    @property
    def state(self) -> str:
        """« saved » (a tick) once an answer is held; « empty » before: nothing was saved."""
        return "saved" if self.saved else "empty"

    @property
    def message(self) -> str:
        if not self.saved:
            return "Aucune réponse enregistrée pour l'instant."
        held = "enregistrée" if self.saved == 1 else "enregistrées"
        return f"{counted(self.saved, 'réponse')} sur {self.total} {held}."


def exam_items(attempt, errors=None, posted=None):
    """The questions of an attempt as shown, with the saved (or just posted) answers."""
    items = []
    for drawn in operations.drawn_questions(attempt):
        question = questions(attempt.course_slug)[drawn.question_id]
        field = field_name(question.id)
        values = posted.getlist(field) if posted is not None else attempt.answers.get(
            question.id, [])
        items.append({"public": question.public(drawn), "kind": TYPES[question.type],
                      "field": field, "values": values, "answered": False,
                      "saved": question.id in attempt.answers,
                      "error": (errors or {}).get(field)})
    return items


def percent(share: float) -> int:
    """A share of the questions as the pages say it: 0.8 → 80."""
    return round(share * 100)


def failed_rules(graded, modules) -> list[str]:
    """Each rule of the pass that a failed attempt missed, in a French sentence."""
    rules = []
    if graded.total_short:
        rules.append(f"Il faut au moins {percent(graded.pass_mark)} % de bonnes réponses au "
                     f"total : vous en avez {graded.percent} %.")
    if graded.modules_short:
        below = ", ".join(f"module {modules[slug].number} ({modules[slug].title})"
                          for slug in graded.modules_short if slug in modules)
        rules.append(f"Il faut {'aussi ' if rules else ''}au moins "
                     f"{percent(graded.module_minimum)} % de bonnes réponses dans chaque "
                     f"module. En dessous : {below}.")
    return rules


def review(attempt, course, mode: str):
    """What the review of a submitted attempt shows under the deployment's `EXAM_REVIEW`.

    Never the key for a failed attempt unless the deployment chose `full`: per-module scores
    and the lessons to re-read. After a pass, right or wrong per question (`modules`).
    """
    graded = exam.exam_result(attempt)
    bank = questions(attempt.course_slug)
    modules = {m.slug: m for m in course.modules}
    scores = [{"module": modules[slug], "right": right, "asked": asked,
               "short": slug in graded.modules_short}
              for slug, (right, asked) in graded.per_module.items() if slug in modules]
    wrong = {bank[item.question_id].lesson_key for item in graded.per_question
             if not item.correct}
    lessons = [lesson for lesson in course.lessons if lesson.key in wrong]
    rows = []
    if mode == "full" or (mode == "modules" and graded.passed):
        for item in graded.per_question:
            question = bank[item.question_id]
            kind = TYPES[question.type]
            row = {"question": question, "correct": item.correct}
            if mode == "full":
                row.update(given=kind.response_display(question, item.response)
                           if item.answered else "Sans réponse",
                           right=kind.correct_display(question),
                           explanation=question.explanation)
            rows.append(row)
    return {"graded": graded, "scores": scores if mode != "score" else [],
            "failed_rules": [] if graded.passed else failed_rules(graded, modules),
            "lessons": lessons if mode != "score" and not graded.passed else [],
            "rows": rows, "fast": exam.too_fast(attempt)}


def render_exam(course, status_code=200, errors=None, posted=None, unanswered=()):
    """The exam page: status, the attempt in progress, or the last result and its review."""
    progress = progress_of(current_user, course)
    status = exam.exam_status(current_user, course, progress)
    attempt = status.open_attempt
    if attempt is not None and submission.submit_if_late(attempt):
        db.session.commit()
        flash("Le temps de l'épreuve est écoulé : vos réponses enregistrées ont été corrigées.",
              "info")
        status = exam.exam_status(current_user, course, progress)
        attempt = None
    mode = current_app.config["EXAM_REVIEW"]
    last = review(status.last_attempt, course, mode) if status.last_attempt else None
    items = exam_items(attempt, errors, posted) if attempt else []
    return render_template(
        "quiz/exam.html", course=course, status=status, attempt=attempt, items=items,
        save_line=attempt and SaveLine(sum(item["saved"] for item in items), attempt.total),
        last=last,
        graded=last and last["graded"], modules={m.slug: m for m in course.modules},
        errors=errors or {}, attestation=valid_attestation(current_user, course.slug),
        habilitated=learner_standing(current_user) is LearnerStanding.HABILITATED,
        history=[] if attempt else [a for a in db.session.scalars(
            exam.attempts(current_user, course)) if not a.is_open],
        unanswered=unanswered,
    ), status_code


@bp.get("/<course_slug>/examen")
def exam_page(course_slug):
    """The final exam of a course."""
    return render_exam(course_or_404(course_slug))


@bp.post("/<course_slug>/examen")
def start_exam(course_slug):
    """Start the exam (or continue the attempt in progress)."""
    course = course_or_404(course_slug)
    # Read the status under the person's lock: two tabs must not both start an attempt.
    operations.lock_person(current_user)
    status = exam.exam_status(current_user, course, progress_of(current_user, course))
    try:
        exam.start_exam(current_user, course, status)
    except exam.ExamRefused as refusal:
        flash(str(refusal), "error")
        return see_other(url_for("quiz.exam_page", course_slug=course.slug))
    db.session.commit()
    return see_other(url_for("quiz.exam_page", course_slug=course.slug))


@bp.post("/<course_slug>/examen/<int:attempt_id>/save")
def save_exam(course_slug, attempt_id):
    """Save the answers given so far (htmx, on every change): a crash loses nothing.

    Without JavaScript, the bar's « Enregistrer mes réponses » comes back to the exam page.
    """
    course = course_or_404(course_slug)
    attempt = operations.attempt_or_404(attempt_id, exam.EXAM)
    if not attempt.is_open or submission.submit_if_late(attempt):
        db.session.commit()
        if not wants_fragment():
            return see_other(url_for("quiz.exam_page", course_slug=course.slug))
        return render_template("quiz/_save_status.html", message="L'épreuve est terminée.")
    errors = exam.save_answers(attempt, request.form)
    db.session.commit()
    if not wants_fragment():
        if errors:
            return render_exam(course, 422, errors, request.form)
        flash(f"Vos réponses sont enregistrées ({len(attempt.answers)} sur {attempt.total}).",
              "success")
        return see_other(url_for("quiz.exam_page", course_slug=course.slug))
    line = SaveLine(len(attempt.answers), attempt.total)
    return render_template("quiz/_save_status.html", message=line.message,
                           state=line.state), 422 if errors else 200


@bp.get("/<course_slug>/examen/<int:attempt_id>/submit")
@bp.get("/<course_slug>/examen/<int:attempt_id>/save")
def exam_address(course_slug, attempt_id):
    """The address a form of the exam was sent to, asked again (a reload after the question
    about unanswered ones, a bookmark): the exam's page, where the attempt stands."""
    return see_other(url_for("quiz.exam_page", course_slug=course_or_404(course_slug).slug))


@bp.post("/<course_slug>/examen/<int:attempt_id>/submit")
@reads_first
def submit_exam(course_slug, attempt_id):
    """Submit the exam: graded once from the stored answers; a second submit changes nothing.

    Graded, and what a pass issues read, before the write transaction: at the end of a
    webinar hundreds hand in at once, and SQLite's write lock is held for the writes alone.
    """
    course = course_or_404(course_slug)
    attempt = operations.attempt_or_404(attempt_id, exam.EXAM)
    if attempt.is_open:
        # Past its deadline, the attempt is handed in as saved: the form no longer counts.
        late = submission.is_late(attempt)
        posted, cleared, errors = ({}, frozenset(), {}) if late else exam.posted_answers(
            attempt, request.form)
        # Unanswered questions: nothing graded until the person confirms (the page lists them).
        unanswered = [] if late or errors else exam.unanswered(
            attempt, exam.with_posted(attempt.answers, posted, cleared))
        asks = bool(unanswered) and request.form.get("confirm") != CONFIRM_UNANSWERED
        prepared = None if errors or asks else submission.prepare_submission(
            attempt, posted, cleared)
        # The attempt and the person are re-read under lock (`record_submission`).
        begin_writing(db.session, expire=False)
        if prepared is None:
            attempt = submission.locked_attempt(attempt_id)
            if attempt.is_open:
                exam.save_answers(attempt, request.form)  # the valid answers are kept
            db.session.commit()
            if errors:
                return render_exam(course, 422, errors, request.form)
            return render_exam(course, 422, posted=request.form, unanswered=unanswered)
        passed = submission.record_submission(prepared).passed
    else:
        passed = attempt.passed
    db.session.commit()
    # After a pass the attestation card comes first, at the top: no jump to the correction.
    anchor = "" if passed else "#resultat"
    return see_other(url_for("quiz.exam_page", course_slug=course.slug) + anchor)
