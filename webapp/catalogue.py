"""The courses of the platform, loaded once per process and folder (content is immutable)."""

from functools import cache, lru_cache
from pathlib import Path

from flask import abort, current_app, has_app_context, render_template, url_for

from courses.loader import CONTENT, load_courses
from courses.model import Course, Lesson
from courses.rendering import render_markdown
from directory import journey, roles
from directory.resources import resources_about
from quizzes import BANKS, Bank, Question, load_banks, questions_by_id


def content_folders() -> tuple[str, str]:
    """The course content and question bank folders: the app's `COURSE_CONTENT` and
    `QUESTION_BANKS` when set (a revised copy, in tests), else the shipped ones.

    Strings, not paths: every page asks many times, and a string is its own cache key.
    """
    if has_app_context():
        config = current_app.config
        return (config["COURSE_CONTENT"] or SHIPPED[0], config["QUESTION_BANKS"] or SHIPPED[1])
    return SHIPPED


SHIPPED = (str(CONTENT), str(BANKS))


def courses() -> dict[str, Course]:
    """Every course, by slug."""
    return _courses(content_folders()[0])


def banks(course_slug: str) -> dict[str, Bank]:
    """The question banks of a course, by module slug (immutable, like the courses)."""
    return _banks(*content_folders(), course_slug)


def questions(course_slug: str) -> dict[str, Question]:
    """Every question of a course by id: what quizzes and reviews look questions up in."""
    return _questions(*content_folders(), course_slug)


@cache
def _courses(content: str) -> dict[str, Course]:
    return load_courses(Path(content))


@cache
def _banks(content: str, bank_folder: str, course_slug: str) -> dict[str, Bank]:
    return load_banks(Path(bank_folder), _courses(content)[course_slug])


@cache
def _questions(content: str, bank_folder: str, course_slug: str) -> dict[str, Question]:
    return questions_by_id(_banks(content, bank_folder, course_slug))


def mandatory_course() -> Course:
    """The course whose final exam sets the flag (the platform's first course)."""
    return next(iter(courses().values()))


def course_or_404(slug: str) -> Course:
    """The course, or 404."""
    course = courses().get(slug)
    if course is None:
        abort(404)
    return course


def lesson_or_404(course: Course, module_slug: str, lesson_slug: str) -> Lesson:
    """The lesson of that course, or 404."""
    lesson = course.lesson(f"{module_slug}/{lesson_slug}")
    if lesson is None:
        abort(404)
    return lesson


def lesson_html(course: Course, lesson: Lesson) -> str:
    """The lesson's HTML, rendered once per content hash."""
    module = course.module(lesson.module_slug)
    return _render(course.slug, lesson.key, module.content_hash)


def markdown_html(course: Course, text: str) -> str:
    """HTML of a piece of course Markdown (module introductions, slides)."""
    return render_markdown(
        text,
        terms=course.glossary,
        glossary_url=url_for("learn.glossary", course_slug=course.slug),
        link_for=lambda key: url_for("learn.lesson", course_slug=course.slug,
                                     module_slug=key.split("/")[0],
                                     lesson_slug=key.split("/")[1]),
        figure_html=figure_html,
    )


# Each figure of the content format, with the shared data it draws: one source for lessons,
# quizzes and tools.
FIGURES = {
    "six-steps": lambda: {"steps": journey.SIX_STEPS},
    "contract-modes": dict,
    "role-documents": lambda: {"roles": roles.ROLES, "documents": roles.DMP_DOCUMENT_TYPES,
                               "note": roles.DMP_CONSULTATION_NOTE},
    "after-registration": lambda: {"events": journey.AFTER_REGISTRATION},
    "registration-data": lambda: {"steps": journey.REGISTRATION_STEPS,
                                  "confirmations": journey.LEGAL_CONFIRMATIONS},
    "resources-registration": lambda: {"resources": resources_about("enregistrement")},
    "resources-departure": lambda: {"resources": resources_about("depart")},
}


def figure_html(name: str) -> str:
    """A figure drawn from shared data (template `learn/figures/<name>.html`)."""
    return render_template(f"learn/figures/{name}.html", **FIGURES[name]())


@lru_cache(maxsize=256)
def _render(course_slug: str, lesson_key: str, content_hash: str) -> str:
    # `content_hash` is only part of the cache key: new content, new entry.
    course = courses()[course_slug]
    return markdown_html(course, course.lesson(lesson_key).body)
