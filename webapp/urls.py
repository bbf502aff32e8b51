"""Addresses given out of the platform (QR codes, e-mails): on the configured public base URL."""

from flask import current_app, url_for


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of `endpoint` on `PUBLIC_BASE_URL`, whatever Host the request named."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)
