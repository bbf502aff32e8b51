"""Security headers and cookies for every response."""

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

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


def init_app(app: Flask) -> None:
    """Install the session interface and the header hook."""
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
