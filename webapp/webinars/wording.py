"""How a webinar reads: its description made safe to show, its duration in French.

The description is Markdown typed by a trainer, so user input. Python-Markdown passes raw HTML
through: here that is turned off (typed tags come out as text), and nh3 then keeps only a few
tags and safe link schemes, whatever Markdown produced.
"""

from datetime import datetime

import markdown
import nh3
from markupsafe import Markup

from ..timekeeping import NBSP, PARIS, french_datetime, french_time

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
        "h3", "h4", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"https", "http", "mailto"}


def _markdown() -> markdown.Markdown:
    renderer = markdown.Markdown(output_format="html")
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    return renderer


def description_html(text: str) -> Markup:
    """The description as HTML fit for a page: Markdown rendered, then cleaned."""
    if not text:
        return Markup("")
    html = _markdown().convert(text)
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                            link_rel="noopener noreferrer nofollow"))


def duration_fr(minutes: int) -> str:
    """`1 h 30`, `45 min`, `2 h`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"


def until_fr(starts_at: datetime, ends_at: datetime) -> str:
    """`jusqu'à 11 h 00` the same day (Paris time), else `jusqu'au 11 décembre 2026 à 0 h 30`."""
    start, end = starts_at.astimezone(PARIS), ends_at.astimezone(PARIS)
    if start.date() == end.date():
        return f"jusqu'à {french_time(end)}"
    return f"jusqu'au {french_datetime(end)}"
