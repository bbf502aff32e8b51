"""One way to cut a list into pages: any page number typed in a URL gives a page, never a 500."""

from flask import request

from .extensions import db

# Far beyond any real list, and small enough that its OFFSET fits every database's integer.
MAX_PAGE = 1_000_000


def page_number(args=None, name: str = "page") -> int:
    """The page asked for in the query string: 1 when absent, absurd, negative or not a number."""
    raw = (request.args if args is None else args).get(name, "1")
    try:
        number = int(str(raw).strip()[:20])
    except ValueError:
        return 1
    return max(1, min(number, MAX_PAGE))


def paginate(query, per_page: int, page: int | None = None):
    """The page of `query` asked for, or its last page when the number is beyond it."""
    number = page_number() if page is None else max(1, min(page, MAX_PAGE))
    result = db.paginate(query, page=number, per_page=per_page, error_out=False, count=True)
    if result.pages and number > result.pages:
        result = db.paginate(query, page=result.pages, per_page=per_page, error_out=False,
                             count=True)
    return result
