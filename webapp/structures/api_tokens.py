"""A structure's API tokens, managed by its RL and mandataires (never by trainers)."""

from flask import abort, flash, request, url_for
from flask_login import current_user

from ..access import organisation_or_404, visible_establishment_ids
from ..api import tokens
from ..api.forms import TokenForm
from ..extensions import db
from ..htmx import render_page, see_other
from ..models import ApiToken, Organisation
from . import bp

PAGE, SECTION = "structures/api_tokens.html", "structures/_api_tokens.html"


@bp.get("/<int:organisation_id>/api-tokens")
def api_tokens(organisation_id):
    """The structure's tokens within the person's scope, and the form to create one."""
    organisation, scope = managed_organisation_or_404(organisation_id)
    return render_tokens(organisation, scope)


@bp.post("/<int:organisation_id>/api-tokens")
def create_token(organisation_id):
    """Create a token for the EJ or one of the EG the person manages; shown this once."""
    organisation, scope = managed_organisation_or_404(organisation_id)
    form = TokenForm()
    form.set_scopes(organisation, scope)
    if not form.validate():
        return render_tokens(organisation, scope, form, status=422)
    new_token = tokens.create_token(form.name.data, current_user, organisation,
                                    form.chosen_establishment())
    db.session.commit()
    return render_tokens(organisation, scope, new_token=new_token)


@bp.post("/<int:organisation_id>/api-tokens/<int:token_id>/revoke")
def revoke_token(organisation_id, token_id):
    """Revoke one of the structure's tokens, within the person's scope."""
    organisation, scope = managed_organisation_or_404(organisation_id)
    token = db.session.scalar(tokens.tokens_of(organisation, scope).where(ApiToken.id == token_id))
    if token is None:
        abort(404)
    if request.form.get("confirmation") != "1":
        flash(f"Le jeton « {token.name} » n'est pas révoqué : confirmez la révocation.", "error")
        return see_other(url_for("structures.api_tokens", organisation_id=organisation.id))
    tokens.revoke_token(token, current_user)
    db.session.commit()
    flash(f"Le jeton d'API « {token.name} » est révoqué : il ne donne plus accès à rien.",
          "success")
    return see_other(url_for("structures.api_tokens", organisation_id=organisation.id))


def managed_organisation_or_404(organisation_id: int) -> tuple[Organisation, set[int] | None]:
    """The EJ and the EG within which the person manages tokens (None: all); else 404.

    `organisation_or_404` lets the region's trainers see the EJ too, but its tokens are the
    structure's business: its RL and mandataires (and admins) only.
    """
    organisation = organisation_or_404(organisation_id)
    if current_user.is_trainer:
        abort(404)
    return organisation, visible_establishment_ids(current_user, organisation)


def render_tokens(organisation, scope, form=None, new_token=None, status=200):
    """The tokens page, or its section alone for htmx."""
    return render_page(
        PAGE, SECTION, status=status, organisation=organisation,
        **token_section(
            organisation, scope, form, new_token,
            create_url=url_for("structures.create_token", organisation_id=organisation.id),
            revoke_url=lambda token: url_for("structures.revoke_token",
                                             organisation_id=organisation.id, token_id=token.id)),
    )


def token_section(organisation, scope, form, new_token, create_url, revoke_url) -> dict:
    """What `structures/_api_tokens.html` shows: tokens in scope, the form, a new token once."""
    if form is None:
        form = TokenForm(formdata=None)
        form.set_scopes(organisation, scope)
    return {
        "api_tokens": db.session.scalars(tokens.tokens_of(organisation, scope)).all(),
        "token_form": form,
        "new_token": new_token,
        "token_urls": {"create": create_url, "revoke": revoke_url},
    }
