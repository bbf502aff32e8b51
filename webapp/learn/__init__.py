"""Reading the course: catalogue, course and module pages, lessons, glossary, slides, handout."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from courses.rendering import split_slides
from courses.sources import QUOTATIONS
from directory.resources import resources, resources_about
from quizzes.draw import MODULE_QUIZ_SIZE

from ..access import sign_in_required
from ..catalogue import course_or_404, courses, lesson_html, lesson_or_404, markdown_html
from ..database import begin_writing
from ..extensions import db
from ..htmx import see_other, wants_fragment
from .opening import open_module
from .operations import (
    ReadingTooSoon,
    finish_lesson,
    in_words,
    open_lesson,
    progress_of,
    reading_on,
)
from .path import journey_of, path_of, step_url
from .toc import toc_html

bp = Blueprint("learn", __name__, url_prefix="/formation")
bp.before_request(sign_in_required)
bp.add_app_template_global(toc_html, "lesson_toc")


@bp.get("/")
def catalogue():
    """The courses, with the person's path in each and its next step."""
    journeys = [journey_of(current_user, course) for course in courses().values()]
    return render_template("learn/catalogue.html", journeys=journeys, **question_counts())


def question_counts() -> dict[str, int]:
    """How many questions a module quiz and the final exam ask: announced apart from reading."""
    return {"quiz_questions": MODULE_QUIZ_SIZE,
            "exam_questions": current_app.config["EXAM_QUESTIONS"]}


@bp.get("/<course_slug>/")
def course(course_slug):
    """A course: its modules and lessons, the person's progress, and where to resume."""
    course = course_or_404(course_slug)
    progress = progress_of(current_user, course)
    return render_template("learn/course.html", course=course, progress=progress,
                           journey=journey_of(current_user, course, progress),
                           intro=markdown_html(course, course.intro), **question_counts())


@bp.get("/<course_slug>/<module_slug>/")
def module(course_slug, module_slug):
    """A module: its introduction, lessons and key points."""
    course, module, progress = open_module(course_slug, module_slug)
    journey = journey_of(current_user, course, progress) if progress.of(module).completed \
        else None
    return render_template("learn/module.html", course=course, module=module,
                           progress=progress, journey=journey,
                           intro=markdown_html(course, module.intro))


@bp.get("/<course_slug>/<module_slug>/<lesson_slug>")
def lesson(course_slug, module_slug, lesson_slug):
    """A lesson, with the module's table of contents and previous / next; starts its clock.

    The address of a lesson renamed by a content revision leads to it (a split one: to its
    first part), for good: bookmarks and links in old e-mails keep working.
    """
    renamed = course_or_404(course_slug).renamed_lessons.get(f"{module_slug}/{lesson_slug}")
    if renamed:
        module_slug, lesson_slug = renamed[0].split("/")
        return redirect(url_for("learn.lesson", course_slug=course_slug,
                                module_slug=module_slug, lesson_slug=lesson_slug), code=301)
    course, module, progress = open_module(course_slug, module_slug)
    lesson = lesson_or_404(course, module_slug, lesson_slug)
    read = progress.is_read(lesson)
    reading = reading_on(progress.clock, course, lesson, read)
    if not read and reading.counts_at is None:
        # The person's one reading clock moves here (a GET that writes: take the lock first).
        begin_writing(db.session)
        reading = open_lesson(current_user, course, lesson)
        db.session.commit()
    return render_lesson(course, module, lesson, progress, reading)


def render_lesson(course, module, lesson, progress, reading, status=200, refusal=None):
    """The lesson page, or its read status alone for htmx; `refusal` says why it is not read."""
    previous, following = course.neighbours(lesson.key)
    context = dict(course=course, module=module, lesson=lesson, progress=progress,
                   reading=reading, refusal=refusal, previous=previous, following=following)
    if wants_fragment():
        return render_template("learn/_read_status.html", **context), status
    return render_template("learn/lesson.html", body=lesson_html(course, lesson),
                           **context), status


@bp.post("/<course_slug>/<module_slug>/<lesson_slug>/read")
def read(course_slug, module_slug, lesson_slug):
    """Mark a lesson read once open long enough; « Suivante » (`suivante`) moves on anyway."""
    course, module, _ = open_module(course_slug, module_slug)
    lesson = lesson_or_404(course, module_slug, lesson_slug)
    _, following = course.neighbours(lesson.key)
    moving_on = "suivante" in request.form
    try:
        finish_lesson(current_user, course, lesson)
    except ReadingTooSoon as refusal:
        progress = progress_of(current_user, course)
        if moving_on:
            # Reading ahead is never blocked: the lesson left behind simply stays unread.
            flash(f"La leçon « {lesson.title} » n'est pas encore comptée comme lue (il lui "
                  f"restait {in_words(refusal.seconds_left)}) : vous pourrez y revenir.", "info")
            return see_other(next_step_url(course, module, lesson, progress))
        reading = reading_on(progress.clock, course, lesson, read=False)
        return render_lesson(course, module, lesson, progress, reading, 422, str(refusal))
    db.session.commit()
    progress = progress_of(current_user, course)
    if wants_fragment():
        reading = reading_on(progress.clock, course, lesson, read=True)
        return render_template("learn/_read_status.html", course=course, module=module,
                               lesson=lesson, progress=progress, following=following,
                               reading=reading, refusal=None)
    return see_other(next_step_url(course, module, lesson, progress))


def next_step_url(course, module, lesson, progress) -> str:
    """After a lesson: the next one of its module, else the module's quiz, else what is open."""
    _, following = course.neighbours(lesson.key)
    if following and following.module_slug == module.slug:
        return lesson_url(following)
    if progress.of(module).has_quiz and not progress.of(module).quiz_passed:
        return url_for("quiz.show", course_slug=course.slug, module_slug=module.slug)
    if following and progress.is_open(following):
        return lesson_url(following)
    return url_for("learn.module", course_slug=course.slug, module_slug=module.slug)


@bp.get("/<course_slug>/resume")
def resume(course_slug):
    """Go on from where the person stopped: their first unread lesson, a module's quiz, or
    the final exam once every module is completed."""
    course = course_or_404(course_slug)
    # The exam page, not the PDF, once passed: it shows the attestation and what follows.
    return see_other(step_url(course, path_of(current_user, course).next))


@bp.get("/<course_slug>/glossaire")
def glossary(course_slug):
    """The glossary every lesson links to."""
    course = course_or_404(course_slug)
    terms = sorted(course.glossary, key=lambda term: term.term.lower())
    return render_template("learn/glossary.html", course=course, terms=terms)


@bp.get("/<course_slug>/ressources")
def resources_page(course_slug):
    """The forms, portals, guides and help the sources name, linked only where they say where."""
    course = course_or_404(course_slug)
    everything = resources()
    shown = set()
    groups = []
    for heading, topic in (("Pour enregistrer les professionnels", "enregistrement"),
                           ("Pour gérer un départ", "depart"),
                           ("Pour être aidé", "aide")):
        entries = [r for r in resources_about(topic) if r.key not in shown]
        shown |= {r.key for r in entries}
        groups.append((heading, entries))
    groups.append(("Pour contractualiser, équiper et former les gestionnaires",
                   [r for r in everything if r.key not in shown]))
    return render_template("learn/resources.html", course=course,
                           groups=[(h, e) for h, e in groups if e])


@bp.get("/<course_slug>/sources")
def sources(course_slug):
    """The two decks the course comes from, and the sentences it quotes word for word."""
    course = course_or_404(course_slug)
    return render_template("learn/sources.html", course=course, quotations=QUOTATIONS)


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
