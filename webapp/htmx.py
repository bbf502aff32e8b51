"""Our one door to htmx: page-or-fragment rendering and htmx-aware redirects.

htmx-flask is small and written for htmx 1.x; everything else goes through this module, so that
it can be swapped without touching a view.
"""

from flask import Response, redirect, render_template, request
from htmx_flask import Htmx

__all__ = ["Htmx", "wants_fragment", "render_page", "see_other"]


def wants_fragment() -> bool:
    """A fragment only for a plain htmx request: boosted links and history restores want pages."""
    headers = getattr(request, "htmx", None)
    return bool(headers) and not headers.boosted and not headers.history_restore_request


def render_page(template: str, fragment: str | None = None, status: int = 200,
                **context) -> Response:
    """Render the page `template`, or only `fragment` when htmx asks for a part of the page."""
    chosen = fragment if fragment and wants_fragment() else template
    response = Response(render_template(chosen, **context), status=status)
    response.vary.add("HX-Request")
    return response


def see_other(location: str) -> Response:
    """Redirect after a change: 303 for browsers, HX-Redirect for plain htmx requests.

    A 302 followed by htmx would be swapped into the fragment's target; HX-Redirect makes the
    browser load the whole page instead.
    """
    if wants_fragment():
        response = Response(status=204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)
