"""Security headers and cookies for every response; CSRF tokens signed once per session."""

from flask import Flask, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (or config says so)."""

    _serializer = (None, None)  # (keys, serializer): built once per key, not per request

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if self._serializer[0] != keys:
            self._serializer = (keys, super().get_signing_serializer(app))
        return self._serializer[1]


def add_security_headers(response):
    """Set the security headers on every response (HSTS only over HTTPS)."""
    # One pass over the headers a view set, rather than one search per header we add.
    present = {name.lower() for name in response.headers.keys()}
    for name, value in HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", "max-age=31536000")
    if "cache-control" not in present and request.endpoint != "static":
        # Pages carry personal data: never keep them in shared caches.
        response.headers.add("Cache-Control", "no-store")
    return response


# Sessions whose signed CSRF token this process keeps: a bound, as for cached URLs.
MAX_SIGNED_TOKENS = 4096


def csrf_field() -> str:
    """Flask-WTF's name for the CSRF token: of the form field, in the session and in `g`."""
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def reuse_signed_csrf_token() -> None:
    """Give Flask-WTF the token it signed for this session before, rather than sign anew.

    Every page carries the token (htmx sends it in a header), and signing it is a serialisation
    and an HMAC per page. Without a time limit (WTF_CSRF_TIME_LIMIT None) a signed token stays
    valid as long as the session's secret: one per secret is enough. Flask-WTF reads the token
    of the request from `g` (documented in `generate_csrf`), where this puts it.
    """
    field = csrf_field()
    secret = session.get(field)
    if secret is None or current_app.config["WTF_CSRF_TIME_LIMIT"] is not None:
        return
    signed = current_app.extensions["signed_csrf_tokens"]
    key = (current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, secret)
    token = signed.get(key)
    if token is None:
        token = generate_csrf()
        if len(signed) >= MAX_SIGNED_TOKENS:
            signed.clear()
        signed[key] = token
    setattr(g, field, token)


def init_app(app: Flask) -> None:
    """Install the session interface, the header hook and the CSRF token reuse."""
    app.session_interface = SessionInterface()
    app.extensions["signed_csrf_tokens"] = {}
    app.before_request(reuse_signed_csrf_token)
    app.after_request(add_security_headers)
