"""Who is calling: the bearer token, looked up once per request, and the per-token rate limit."""

from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from ..extensions import limiter
from ..models import ApiToken
from .errors import ApiError
from .tokens import active_token, note_use

UNSET = object()


def presented_token() -> str | None:
    """The clear text after `Authorization: Bearer`, if the header says so."""
    authorization = request.authorization
    if authorization is None or authorization.type != "bearer":
        return None
    return authorization.token or None


def request_token() -> ApiToken | None:
    """The request's valid token, if any (looked up once; the rate limiter asks first)."""
    token = g.get("api_token", UNSET)
    if token is UNSET:
        token = g.api_token = active_token(presented_token())
    return token


def rate_key() -> str:
    """A valid token has its own budget; anything else counts against the caller's address."""
    token = request_token()
    return f"api-token:{token.id}" if token is not None else f"api-ip:{get_remote_address()}"


def api_limit() -> str:
    """The per-token limit, read at request time (tests and deployments change it)."""
    return current_app.config["API_LIMIT_PER_TOKEN"]


# On every route of the API, one budget per token (or address) across them all.
rate_limited = limiter.shared_limit(api_limit, scope="api", key_func=rate_key)


def token_required(view):
    """Answer 401 without a valid token; the view gets it in `g.api_token`."""

    @wraps(view)
    def wrapped(**kwargs):
        token = request_token()
        if token is None:
            if presented_token() is None:
                raise ApiError(401, "token_missing", "Authentification requise : envoyez "
                               "l'en-tête « Authorization: Bearer <jeton> ».")
            raise ApiError(401, "token_invalid",
                           "Ce jeton d'API est inconnu, révoqué ou mal formé.")
        g.api_token = note_use(token)
        return view(**kwargs)

    return wrapped
