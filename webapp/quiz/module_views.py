"""Module quizzes: formative, one question at a time with immediate feedback, retries at will."""

from flask import Response, abort, render_template, request, url_for
from flask_login import current_user

from quizzes import TYPES, field_name, parse_answer

from ..catalogue import questions
from ..extensions import db
from ..htmx import retarget, see_other, wants_fragment
from ..learn.opening import open_module
from ..learn.path import journey_of
from ..models import QuizAttempt
from . import bp, operations


def question_view(attempt, drawn, course):
    """What the template shows of a question: the public view, plus feedback once answered
    (the learner's answer and the right one, option by option for choices)."""
    question = questions(attempt.course_slug)[drawn.question_id]
    kind = TYPES[question.type]
    values = attempt.answers.get(question.id)
    view = {"public": question.public(drawn), "kind": kind, "field": field_name(question.id),
            "answered": values is not None, "values": values or []}
    if values is not None:  # only an answered question reveals its answer and explanation
        response, _ = parse_answer(question, values)
        right = kind.right_response(question)
        view.update(correct=response is not None and kind.is_correct(question, response),
                    right_answer=kind.correct_display(question),
                    given=kind.response_display(question, response)
                    if response is not None else "",
                    right_values=kind.values(right),
                    explanation=question.explanation,
                    lesson=course.lesson(question.lesson_key))
    return view


def attempt_review(course, attempt):
    """A submitted attempt as its result shows it: its questions with their feedback, and the
    lessons of the wrong answers, in course order."""
    items = [question_view(attempt, drawn, course)
             for drawn in operations.drawn_questions(attempt)]
    wrong = {item["lesson"].key for item in items if not item.get("correct") and item["lesson"]}
    return {"attempt": attempt, "items": items,
            "lessons": [lesson for lesson in course.lessons if lesson.key in wrong]}


def quiz_history(course, module) -> list[QuizAttempt]:
    """The learner's submitted attempts at the module's quiz, newest first."""
    return db.session.scalars(
        db.select(QuizAttempt).filter_by(user_id=current_user.id, course_slug=course.slug,
                                         kind="module")
        # Attempts made before the module was renamed are its history too.
        .where(QuizAttempt.module_slug.in_((module.slug, *module.formerly)),
               QuizAttempt.submitted_at.is_not(None)).order_by(QuizAttempt.id.desc())
    ).all()


def render_quiz(course, module, progress, attempt, errors=None, status=200):
    """The quiz page: the attempt in progress (with any refused answer), or the last result
    with its questions and feedback, the history of attempts and the path's next step."""
    history = quiz_history(course, module)
    items = []
    for drawn in operations.drawn_questions(attempt) if attempt else []:
        item = question_view(attempt, drawn, course)
        item["error"] = (errors or {}).get(drawn.question_id)
        items.append(item)
    last = attempt_review(course, history[0]) if history and not attempt else None
    return render_template("quiz/show.html", course=course, module=module, progress=progress,
                           attempt=attempt, items=items, last=last, history=history,
                           journey=journey_of(current_user, course)), status


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
    finished = not attempt.is_open
    if not wants_fragment():
        if error:
            return render_quiz(course, module, progress, attempt, {question_id: error}, 422)
        anchor = "quiz-result" if finished else f"question-{question_id}"
        return see_other(url_for("quiz.show", course_slug=course.slug, module_slug=module.slug)
                         + f"#{anchor}")
    item = question_view(attempt, drawn, course)
    item.update(error=error, values=item["values"] or values)
    number = [d["question_id"] for d in attempt.drawn].index(question_id) + 1
    if not finished:
        return render_template(
            "quiz/_answer.html", course=course, module=module, progress=progress,
            attempt=attempt, item=item, number=number), 422 if error else 200
    # The last answer: the result takes the place (and the focus) of the empty result below
    # the questions; the question and the history, the attempt just made on top, come beside.
    return retarget(Response(render_template(
        "quiz/_answer.html", course=course, module=module, progress=progress, attempt=attempt,
        item=item, number=number, last=attempt_review(course, attempt),
        journey=journey_of(current_user, course), history=quiz_history(course, module))),
        "#quiz-result")
