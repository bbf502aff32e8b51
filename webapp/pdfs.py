"""The one door from the web app to the PDF renderers of `certificates`: injectable.

A deployment renders for real. A test app may set `app.extensions["pdf_renderer"]` to a stand-in
(`tests/conftest.py` does): web tests that never read a PDF then never pay for rendering one,
and those that read it get the real one (`tests/pdfs.py`).
"""

from collections.abc import Callable

from flask import current_app

EXTENSION = "pdf_renderer"


def render(renderer: Callable[[object], bytes], data) -> bytes:
    """`renderer(data)`: a PDF of `certificates`, or what the app's stand-in makes of it."""
    stand_in = current_app.extensions.get(EXTENSION)
    return renderer(data) if stand_in is None else stand_in(renderer, data)
