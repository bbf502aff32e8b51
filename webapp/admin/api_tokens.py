"""Admin: every API token, the all-structures ones created here (an EJ's on its page)."""

from flask import flash, request, url_for
from flask_login import current_user

from ..api import tokens
from ..api.forms import TokenNameForm
from ..extensions import db
from ..htmx import render_page, see_other
from ..models import ApiToken
from . import bp


@bp.route("/api-tokens", methods=["GET", "POST"])
def api_tokens():
    """Every API token; and creating an all-structures token (shown once)."""
    form = TokenNameForm()
    new_token, status = None, 200
    if request.method == "POST":
        if form.validate():
            new_token = tokens.create_token(form.name.data, current_user)
            db.session.commit()
            form = TokenNameForm(formdata=None)
        else:
            status = 422
    return render_page(
        "admin/api_tokens.html", "structures/_api_tokens.html", status=status,
        api_tokens=db.session.scalars(tokens.every_token()).all(), token_form=form,
        new_token=new_token,
        token_urls={"create": url_for("admin.api_tokens"),
                    "revoke": lambda token: url_for("admin.revoke_token", token_id=token.id)},
    )


@bp.post("/api-tokens/<int:token_id>/revoke")
def revoke_token(token_id):
    """Revoke any API token."""
    token = db.get_or_404(ApiToken, token_id)
    back = (url_for("admin.api_tokens") if token.organisation_id is None
            else url_for("admin.organisation", organisation_id=token.organisation_id)
            + "#api-tokens")
    if request.form.get("confirmation") != "1":  # as the structure's page asks it
        flash(f"Le jeton « {token.name} » n'est pas révoqué : confirmez la révocation.", "error")
        return see_other(back)
    tokens.revoke_token(token, current_user)
    db.session.commit()
    flash(f"Le jeton d'API « {token.name} » est révoqué : il ne donne plus accès à rien.",
          "success")
    return see_other(back)
