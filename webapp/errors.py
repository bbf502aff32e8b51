"""Error pages in French; the same page for every miss, so nothing leaks."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .extensions import db

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
}


def error_page(code: int, detail: str | None = None):
    """Render the French error page for `code`."""
    title, message = MESSAGES.get(code, MESSAGES[400])
    return render_template("error.html", title=title, message=detail or message, code=code), code


def init_app(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return error_page(
            400,
            "Le formulaire a expiré ou n'a pas été envoyé depuis cette plateforme. "
            "Rechargez la page et recommencez.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        return error_page(error.code or 500)

    if app.testing:
        return  # let tests see the exception itself

    @app.errorhandler(Exception)
    def unexpected_error(error):
        app.logger.exception("unexpected error")
        db.session.rollback()
        return error_page(500)
