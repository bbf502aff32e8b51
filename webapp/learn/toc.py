"""A lesson page's table of contents: its module's lessons, the page shown and those read.

Rendered once per content version of the module and set of marks, then served as it is: the
HTML is a function of those values alone. The marks come from the person's rows, read on every
page: what is kept is HTML, never a row.
"""

from functools import lru_cache

from flask import render_template, request
from markupsafe import Markup

from courses.model import Course, Lesson, Module
from courses.progress import CourseProgress

from ..catalogue import courses
from .operations import Reading

# Renderings kept per process (most lessons are read in order: few sets of marks occur).
MAX_RENDERINGS = 1024


def toc_html(course: Course, module: Module, lesson: Lesson, progress: CourseProgress,
             reading: Reading | None, oob: bool = False) -> Markup:
    """The module's lessons with the person's marks; `oob` to replace the page's after a swap."""
    read = frozenset(item.key for item in module.lessons if progress.is_read(item))
    # The clock's badge on the lesson shown, while it runs.
    running = (reading.wait if reading and lesson.key not in read and reading.seconds_left
               else None)
    return _rendered(request.script_root, course.slug, module.slug, module.number,
                     module.content_hash, lesson.key, read, progress.of(module).percent,
                     running, oob)


@lru_cache(maxsize=MAX_RENDERINGS)
def _rendered(script_root: str, course_slug: str, module_slug: str, number: int,
              content_hash: str, lesson_key: str, read: frozenset[str], percent: int,
              running: str | None, oob: bool) -> Markup:
    # `script_root`, `number` and `content_hash` are only part of the key: a new address
    # prefix, place or content of the module, a new rendering.
    course = courses()[course_slug]
    return Markup(render_template("learn/_toc.html", course=course,
                                  module=course.module(module_slug), current=lesson_key,
                                  read=read, percent=percent, running=running, oob=oob))
