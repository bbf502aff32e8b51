"""Our one door to htmx: page-or-fragment rendering and htmx-aware redirects.

htmx-flask is small and written for htmx 1.x; everything else goes through this module, so that
it can be swapped without touching a view.
"""

import htmx_flask
from flask import Flask, Response, redirect, render_template, request

__all__ = ["Htmx", "wants_fragment", "render_page", "retarget", "see_other"]


class Htmx(htmx_flask.Htmx):
    """htmx-flask's request headers, and the address rule below on every response."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        app.after_request(keep_the_page_address)


def keep_the_page_address(response: Response) -> Response:
    """A boosted form answered in place (its errors, a result) leaves the address bar alone.

    htmx would push the form's POST address into the history, where a reload, a bookmark or the
    back button then meets « Action impossible » (405). A form that succeeds redirects (303):
    the page it leads to is a GET, and its address is pushed as usual.
    """
    headers = getattr(request, "htmx", None)
    if headers and headers.boosted and request.method != "GET":
        response.headers.setdefault("HX-Push-Url", "false")
    return response


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


def retarget(response: Response, selector: str) -> Response:
    """Swap the fragment in place of `selector` rather than of the element that asked: the
    server alone knows, say, that an answer was a quiz's last one and brings its result."""
    response.headers["HX-Retarget"] = selector
    response.headers["HX-Reswap"] = "outerHTML"
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
