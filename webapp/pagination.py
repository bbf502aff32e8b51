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


class ListPage:
    """A page of a list already in memory, read by the same macro as a query's page."""

    def __init__(self, items: list, per_page: int, page: int):
        self.total = len(items)
        self.per_page = per_page
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(page, self.pages)
        start = (self.page - 1) * per_page
        self.items = items[start:start + per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num = self.page - 1 if self.has_prev else None
        self.next_num = self.page + 1 if self.has_next else None


def paginate_list(items: list, per_page: int, page: int | None = None) -> ListPage:
    """The page of `items` asked for in the query string, or the last one beyond it."""
    return ListPage(items, per_page, page_number() if page is None else max(1, page))
