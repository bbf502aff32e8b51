"""Opening a module for the signed-in person: the learn and quiz pages both start here.

A module of its own, importing no view: the quiz package imports it while the learn package
is still loading (the learner's path reads the exam's standing, which the quiz package holds).
"""

from flask import abort, make_response, redirect, render_template, request
from flask_login import current_user

from ..catalogue import course_or_404
from .operations import progress_of


def open_module(course_slug: str, module_slug: str):
    """The course, module and person's progress: 404 if unknown, a page saying why if closed.

    A page of a module renamed by a content revision, asked for at its old address, moves.
    """
    course = course_or_404(course_slug)
    module = course.module(module_slug)
    renamed = course.renamed_modules.get(module_slug)
    if module is None and renamed and request.method == "GET":
        abort(redirect(request.path.replace(f"/{module_slug}/", f"/{renamed}/", 1), code=301))
    if module is None:
        abort(404)
    progress = progress_of(current_user, course)
    if not progress.of(module).unlocked:
        # 403, not 404: the module exists and the page says what to finish first.
        abort(make_response(render_template(
            "learn/locked.html", course=course, module=module, progress=progress,
            blocking=progress.blocking_module), 403))
    return course, module, progress
