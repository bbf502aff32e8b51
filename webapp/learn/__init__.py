"""Reading the course: catalogue, course and module pages, lessons, glossary, slides, handout."""

from flask import Blueprint, abort, make_response, render_template, request, url_for
from flask_login import current_user, login_required

from courses.model import Module
from courses.rendering import split_slides

from ..catalogue import course_or_404, courses, lesson_html, lesson_or_404, markdown_html
from ..extensions import db
from ..htmx import see_other, wants_fragment
from .operations import mark_read, progress_of

bp = Blueprint("learn", __name__, url_prefix="/formation")


@bp.before_request
@login_required
def signed_in_only():
    """Every page of the course needs a signed-in person."""


def open_module(course_slug: str, module_slug: str):
    """The course, module and person's progress: 404 if unknown, a page saying why if closed."""
    course = course_or_404(course_slug)
    module = course.module(module_slug)
    if module is None:
        abort(404)
    progress = progress_of(current_user, course)
    if not progress.of(module).unlocked:
        # 403, not 404: the module exists and the page says what to finish first.
        abort(make_response(render_template(
            "learn/locked.html", course=course, module=module, progress=progress,
            blocking=progress.blocking_module), 403))
    return course, module, progress


@bp.get("/")
def catalogue():
    """The courses, with the person's progress in each."""
    entries = [(course, progress_of(current_user, course)) for course in courses().values()]
    return render_template("learn/catalogue.html", entries=entries)


@bp.get("/<course_slug>/")
def course(course_slug):
    """A course: its modules and lessons, the person's progress, and where to resume."""
    course = course_or_404(course_slug)
    return render_template("learn/course.html", course=course,
                           progress=progress_of(current_user, course),
                           intro=markdown_html(course, course.intro))


@bp.get("/<course_slug>/<module_slug>/")
def module(course_slug, module_slug):
    """A module: its introduction, lessons and key points."""
    course, module, progress = open_module(course_slug, module_slug)
    return render_template("learn/module.html", course=course, module=module,
                           progress=progress, intro=markdown_html(course, module.intro))


@bp.get("/<course_slug>/<module_slug>/<lesson_slug>")
def lesson(course_slug, module_slug, lesson_slug):
    """A lesson, with the module's table of contents and previous / next."""
    course, module, progress = open_module(course_slug, module_slug)
    lesson = lesson_or_404(course, module_slug, lesson_slug)
    previous, following = course.neighbours(lesson.key)
    return render_template("learn/lesson.html", course=course, module=module, lesson=lesson,
                           progress=progress, body=lesson_html(course, lesson),
                           previous=previous, following=following)


@bp.post("/<course_slug>/<module_slug>/<lesson_slug>/read")
def read(course_slug, module_slug, lesson_slug):
    """Mark a lesson read; htmx gets the updated progress, others go to the next lesson."""
    course, module, _ = open_module(course_slug, module_slug)
    lesson = lesson_or_404(course, module_slug, lesson_slug)
    mark_read(current_user, course, lesson)
    db.session.commit()
    progress = progress_of(current_user, course)
    _, following = course.neighbours(lesson.key)
    if wants_fragment():
        return render_template("learn/_read_status.html", course=course, module=module,
                               lesson=lesson, progress=progress, following=following)
    target = following if following and progress.is_open(following) else None
    return see_other(lesson_url(target) if target else
                     url_for("learn.module", course_slug=course.slug, module_slug=module.slug))


@bp.get("/<course_slug>/resume")
def resume(course_slug):
    """Go back to where the person stopped: their first unread lesson."""
    course = course_or_404(course_slug)
    target = progress_of(current_user, course).resume
    if isinstance(target, Module):  # every lesson read: the module's quiz is next
        return see_other(url_for("quiz.show", course_slug=course.slug, module_slug=target.slug))
    return see_other(lesson_url(target))


@bp.get("/<course_slug>/glossaire")
def glossary(course_slug):
    """The glossary every lesson links to."""
    course = course_or_404(course_slug)
    terms = sorted(course.glossary, key=lambda term: term.term.lower())
    return render_template("learn/glossary.html", course=course, terms=terms)


@bp.get("/<course_slug>/<module_slug>/presentation")
def presentation(course_slug, module_slug):
    """A module as slides, one `##` section each, for trainers running a webinar."""
    course, module, progress = open_module(course_slug, module_slug)
    slides = [(lesson, markdown_html(course, slide))
              for lesson in module.lessons for slide in split_slides(lesson.body)]
    return render_template("learn/presentation.html", course=course, module=module,
                           slides=slides, start=request.args.get("diapo", 0, type=int))


@bp.get("/<course_slug>/<module_slug>/imprimer")
def handout(course_slug, module_slug):
    """A module on one page, to print as a handout."""
    course, module, progress = open_module(course_slug, module_slug)
    lessons = [(lesson, lesson_html(course, lesson)) for lesson in module.lessons]
    return render_template("learn/handout.html", course=course, module=module, lessons=lessons,
                           intro=markdown_html(course, module.intro))


def lesson_url(lesson) -> str:
    """The URL of a lesson of the (only) course it belongs to."""
    course_slug = request.view_args["course_slug"]
    return url_for("learn.lesson", course_slug=course_slug, module_slug=lesson.module_slug,
                   lesson_slug=lesson.slug)
