"""Errors of the API: JSON `{"code", "message"}`, a code for programs and French for people.

The HTML error pages never answer under `/api/v1`, not even for an address or a method that
no route knows (those errors are raised before any blueprint is chosen, hence the app-wide
handlers, which leave every other path to the HTML pages).
"""

import json

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from .. import errors as pages
from ..extensions import db
from . import bp

GENERIC = {
    400: ("bad_request", "La requête n'a pas pu être comprise."),
    401: ("token_missing", "Authentification requise : envoyez l'en-tête "
                           "« Authorization: Bearer <jeton> »."),
    404: ("not_found", "Cette adresse ne correspond à aucune ressource de l'API."),
    405: ("method_not_allowed", "Cette méthode n'est pas acceptée à cette adresse."),
    413: ("request_too_large", "La requête est trop volumineuse."),
    422: ("invalid_parameter", "Un paramètre de la requête n'est pas valide."),
    429: ("rate_limited", "Trop de requêtes en peu de temps : patientez un peu, puis "
                          "réessayez."),
    500: ("server_error", "Une erreur est survenue de notre côté. Elle a été enregistrée ; "
                          "réessayez dans un instant."),
}


class ApiError(Exception):
    """An error the client can fix (or must be told about), with its status and French text."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def json_response(payload, status: int = 200) -> Response:
    """JSON in UTF-8, French accents as they are (readable with curl)."""
    return Response(json.dumps(payload, ensure_ascii=False), status=status,
                    mimetype="application/json")


def error_response(status: int, code: str, message: str, field: str | None = None):
    """The JSON error; 401 says how to authenticate (RFC 6750)."""
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    response = json_response(body, status)
    if status == 401:
        challenge = 'Bearer realm="api"'
        if code == "token_invalid":
            challenge += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    return response


def from_http_exception(error: HTTPException):
    """A werkzeug error as JSON, keeping its headers (Allow, Retry-After)."""
    status = error.code or 500
    code, message = GENERIC.get(status, GENERIC[400] if status < 500 else GENERIC[500])
    response = error_response(status, code, message)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def is_api_request() -> bool:
    """Whether the request's path is under the API's prefix."""
    return request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/")


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    """An error a view raised on purpose."""
    return error_response(error.status, error.code, error.message, error.field)


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Any other HTTP error of an API route (401 from werkzeug, 429 from the limiter…)."""
    return from_http_exception(error)


@bp.app_errorhandler(NotFound)
@bp.app_errorhandler(MethodNotAllowed)
def routing_error(error: HTTPException):
    """No route matched: JSON under the API's prefix, the HTML page everywhere else."""
    if is_api_request():
        return from_http_exception(error)
    return pages.error_page(error.code)


@bp.errorhandler(Exception)
def unexpected_error(error: Exception):
    """A bug: logged, rolled back, answered in JSON. Tests see the exception itself."""
    if current_app.testing:
        raise error
    current_app.logger.exception("unexpected error in the API")
    db.session.rollback()
    return error_response(500, *GENERIC[500])
