"""Error pages in French; the same page for every miss, so nothing leaks.

Pages for server-side failures (500, and 503 when the database cannot be reached) are rendered
without touching the database: no signed-in person, no session lookup, no context processor —
the layout of every other page needs the database (the header names the person). Each request
error writes one key=value log line a collector can parse.
"""

import logging
import re
import sys
import uuid

from flask import Flask, current_app, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .htmx import wants_fragment
from .templating import asset_url

log = logging.getLogger("webapp.requests")

MESSAGES = {
    400: ("Requête invalide", "La demande envoyée n'a pas pu être comprise."),
    404: (
        "Page introuvable",
        "Cette page n'existe pas, ou vous n'avez pas accès à son contenu.",
    ),
    405: ("Action impossible", "Cette action n'est pas possible sur cette page."),
    413: ("Envoi trop volumineux", "Le fichier ou le texte envoyé est trop volumineux."),
    429: (
        "Trop de tentatives",
        "Vous avez fait trop de tentatives en peu de temps. Patientez quelques minutes, "
        "puis réessayez.",
    ),
    500: (
        "Erreur inattendue",
        "Une erreur est survenue de notre côté. Elle a été enregistrée ; réessayez dans un "
        "instant.",
    ),
    503: (
        "Service momentanément indisponible",
        "La plateforme ne parvient pas à joindre sa base de données. Rien de ce qui était "
        "déjà enregistré n'est perdu ; réessayez dans une minute.",
    ),
}
# Seconds a client (or a proxy) should wait before asking again while the database is away.
RETRY_AFTER_SECONDS = 30
# An id the proxy gave the request (X-Request-Id) is kept when it looks like one.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def error_page(code: int, detail: str | None = None, error: BaseException | None = None):
    """Render the French error page for `code` (and write its log line)."""
    title, message = MESSAGES.get(code, MESSAGES[400])
    if code >= 500:
        log_request_error(code, error)
        return bare_error_page(code, detail or message)
    try:  # the layout names the signed-in person: it reads the database
        html = render_template("error.html", title=title, message=detail or message, code=code)
    except DBAPIError as unreachable:
        if not database_unreachable(unreachable):
            raise
        log_request_error(503, unreachable)
        forget_transaction()
        return bare_error_page(503, MESSAGES[503][1])
    log_request_error(code, error)
    return html, code


def bare_error_page(code: int, message: str):
    """The page of a server failure, rendered without the database (nor the signed-in person).

    A plain htmx request gets the message alone, which app.js shows where the person looks.
    """
    title = MESSAGES.get(code, MESSAGES[500])[0]
    template = "errors/_notice.html" if wants_fragment() else "errors/bare.html"
    # Straight from the Jinja environment: no context processor runs (they load the person).
    html = current_app.jinja_env.get_template(template).render(
        title=title, message=message, code=code, request_id=request_id(),
        asset_url=asset_url, home_url=request.script_root + "/")
    headers = {"X-Request-Id": request_id()}
    if code == 503:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return html, code, headers


def database_unreachable(error: BaseException) -> bool:
    """Whether a database error says the database cannot be reached (or cannot serve now)."""
    return isinstance(error, OperationalError | InterfaceError) or bool(
        getattr(error, "connection_invalidated", False))


def request_id() -> str:
    """The request's id: the proxy's X-Request-Id when given, else one made here once."""
    cached = request.environ.get("rppsplus.request_id")
    if cached is None:
        given = request.headers.get("X-Request-Id", "")
        cached = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        request.environ["rppsplus.request_id"] = cached
    return cached


def log_request_error(status: int, error: BaseException | None = None) -> None:
    """One key=value line per request error: ids only, never a name, an address or a value."""
    error = error or sys.exc_info()[1]  # handlers run inside Flask's `except`
    rule = request.url_rule.rule if request.url_rule is not None else "-"
    fields = {
        "event": "request_error",
        "status": status,
        "method": request.method,
        "endpoint": request.endpoint or "-",
        "rule": rule,
        "request_id": request_id(),
        # Flask-Login's id from the signed cookie: no database needed, no personal data.
        "user_id": session.get("_user_id") or "-",
        "error": type(error).__name__ if error is not None else "-",
    }
    level = logging.ERROR if status >= 500 else logging.INFO
    log.log(level, " ".join(f"{key}={value}" for key, value in fields.items()))


def forget_transaction() -> None:
    """Roll the request's transaction back; a dead connection may refuse even that."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.close()


def init_app(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(
            400,
            "Le formulaire a expiré ou n'a pas été envoyé depuis cette plateforme. "
            "Rechargez la page et recommencez.",
            error,
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        return error_page(error.code or 500,
                          error=getattr(error, "original_exception", None) or error)

    @app.errorhandler(DBAPIError)
    def database_error(error):
        """The database is down or restarting: a French 503, whoever asks (tests included)."""
        if not database_unreachable(error):
            if app.testing:
                raise error  # let tests see a faulty query itself
            return unexpected_error(error)
        forget_transaction()
        return error_page(503, error=error)

    def unexpected_error(error):
        app.logger.exception("unexpected error request_id=%s", request_id())
        forget_transaction()
        return error_page(500, error=error)

    if app.testing:
        return  # let tests see the exception itself

    app.register_error_handler(Exception, unexpected_error)
