"""Module quizzes: formative, one question at a time with immediate feedback, retries at will."""

from flask import abort, render_template, request, url_for
from flask_login import current_user

from quizzes import TYPES, field_name, parse_answer

from ..catalogue import questions
from ..extensions import db
from ..htmx import see_other, wants_fragment
from ..learn import open_module
from ..models import QuizAttempt
from . import bp, operations


def question_view(attempt, drawn):
    """What the template shows of a question: the public view, plus feedback once answered."""
    question = questions(attempt.course_slug)[drawn.question_id]
    kind = TYPES[question.type]
    values = attempt.answers.get(question.id)
    view = {"public": question.public(drawn), "kind": kind, "field": field_name(question.id),
            "answered": values is not None, "values": values or []}
    if values is not None:  # only an answered question reveals its answer and explanation
        response, _ = parse_answer(question, values)
        view.update(correct=kind.is_correct(question, response),
                    right_answer=kind.correct_display(question),
                    explanation=question.explanation, lesson_slug=question.lesson_slug)
    return view


def render_quiz(course, module, progress, attempt, errors=None, status=200):
    """The quiz page: the attempt in progress (with any refused answer), or the last result."""
    last = db.session.scalar(
        db.select(QuizAttempt).filter_by(user_id=current_user.id, course_slug=course.slug,
                                         kind="module", module_slug=module.slug)
        .where(QuizAttempt.submitted_at.is_not(None)).order_by(QuizAttempt.id.desc())
    )
    items = []
    for drawn in operations.drawn_questions(attempt) if attempt else []:
        item = question_view(attempt, drawn)
        item["error"] = (errors or {}).get(drawn.question_id)
        items.append(item)
    return render_template("quiz/show.html", course=course, module=module, progress=progress,
                           attempt=attempt, items=items, last=last), status


@bp.get("/<course_slug>/<module_slug>/quiz")
def show(course_slug, module_slug):
    """The module's quiz: the attempt in progress, or the last result and a new start."""
    course, module, progress = open_module(course_slug, module_slug)
    return render_quiz(course, module, progress,
                       operations.open_attempt(current_user, course.slug, module.slug))


@bp.post("/<course_slug>/<module_slug>/quiz")
def start(course_slug, module_slug):
    """Start a quiz (or continue the one in progress)."""
    course, module, _ = open_module(course_slug, module_slug)
    operations.start_module_quiz(current_user, course.slug, module.slug)
    db.session.commit()
    return see_other(url_for("quiz.show", course_slug=course.slug, module_slug=module.slug))


@bp.post("/<course_slug>/<module_slug>/quiz/<int:attempt_id>/<question_id>")
def answer(course_slug, module_slug, attempt_id, question_id):
    """Answer one question: the feedback comes back at once (the first answer counts)."""
    course, module, progress = open_module(course_slug, module_slug)
    attempt = operations.attempt_or_404(attempt_id, "module")
    drawn = next((d for d in operations.drawn_questions(attempt)
                  if d.question_id == question_id), None)
    if drawn is None or attempt.module_slug != module.slug:
        abort(404)
    values = request.form.getlist(field_name(question_id))
    error = operations.answer(attempt, question_id, values) if attempt.is_open else None
    db.session.commit()
    if not wants_fragment():
        if error:
            return render_quiz(course, module, progress, attempt, {question_id: error}, 422)
        return see_other(url_for("quiz.show", course_slug=course.slug, module_slug=module.slug)
                         + f"#question-{question_id}")
    item = question_view(attempt, drawn)
    item.update(error=error, values=item["values"] or values)
    number = [d["question_id"] for d in attempt.drawn].index(question_id) + 1
    return render_template("quiz/_answer.html", course=course, module=module, attempt=attempt,
                           item=item, number=number), 422 if error else 200
