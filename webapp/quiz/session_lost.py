"""An exam page whose session ended keeps its answers: it is told so, and resends them.

A save or a token request without a session answers 401 (not a redirect to the login page,
which would take the page, and what it holds, away); the page offers to sign in again in a new
tab, whose landing page says it is done, then fetches a fresh CSRF token and resends.
"""

from flask import jsonify, render_template, request
from flask_wtf.csrf import generate_csrf

from ..htmx import wants_fragment
from . import bp

# What the page says when its session is gone (app.js shows it in the exam's bar).
SESSION_LOST = ("Votre session a expiré : vos réponses restent sur cette page mais ne sont "
                "plus enregistrées. Reconnectez-vous, puis elles seront renvoyées.")


def answer():
    """The 401 for the exam's own requests without a session; None for any other request."""
    if request.endpoint == "quiz.csrf_token":
        return jsonify(signed_in=False, message=SESSION_LOST), 401
    if request.endpoint == "quiz.save_exam" and wants_fragment():
        return render_template("quiz/_save_status.html", message=SESSION_LOST,
                               state="lost"), 401
    return None


@bp.get("/jeton")
def csrf_token():
    """The CSRF token of this session, for a page that signed in again in another tab."""
    response = jsonify(signed_in=True, csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/reconnecte")
def signed_in_again():
    """Where the sign-in tab lands: it says the exam's tab can resend its answers now."""
    return render_template("quiz/signed_in_again.html")
