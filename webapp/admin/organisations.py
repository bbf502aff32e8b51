"""Admin: EJ, their EG, the people attached to them, and an EJ's API tokens."""

from flask import flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_

from ..api import tokens
from ..api.forms import TokenForm
from ..auth.operations import find_person
from ..extensions import db
from ..forms import run_change
from ..htmx import render_page, see_other
from ..models import Establishment, Membership, Organisation
from ..pagination import paginate
from ..people import create_person
from ..structures import departures, operations
from ..structures.api_tokens import token_section
from ..structures.forms import AttachmentForm, EstablishmentForm, OrganisationForm
from . import bp

PER_PAGE = 25


@bp.get("/structures")
def organisations():
    """List the EJ, with a search on name and FINESS."""
    search = request.args.get("q", "").strip()[:100]
    query = db.select(Organisation).order_by(Organisation.name)
    if search:
        pattern = f"%{search}%"
        query = query.where(
            or_(Organisation.name.ilike(pattern), Organisation.finess.ilike(pattern))
        )
    page = paginate(query, PER_PAGE)
    return render_page(
        "admin/organisations.html", "admin/_organisations_table.html", page=page, search=search
    )


@bp.route("/structures/new", methods=["GET", "POST"])
def new_organisation():
    """Create an EJ."""
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation = operations.create_organisation(
            form.name.data, form.finess.data, form.region_code.data, form.contract_mode.data
        )
        db.session.commit()
        flash(f"L'entité juridique « {organisation.name} » est créée.", "success")
        return see_other(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template("admin/organisation_form.html", form=form), 422 if form.errors else 200


@bp.get("/structures/<int:organisation_id>")
def organisation(organisation_id):
    """One EJ: its EG, its people, and the forms to add to them."""
    organisation = db.get_or_404(Organisation, organisation_id)
    return render_organisation(organisation)


def render_organisation(organisation, establishment_form=None, attachment_form=None,
                        status=200, fragment=None, notices=None, token_form=None,
                        new_token=None):
    """The EJ page, or one of its sections for htmx, with forms possibly in error."""
    attachment_form = attachment_form or AttachmentForm(formdata=None)
    attachment_form.set_scopes(organisation)
    memberships = db.session.scalars(
        db.select(Membership)
        .filter_by(organisation_id=organisation.id, ended_at=None)
        .order_by(Membership.started_at)
    ).all()
    return render_page(
        "admin/organisation.html",
        fragment,
        status=status,
        organisation=organisation,
        memberships=memberships,
        establishment_form=establishment_form or EstablishmentForm(formdata=None),
        attachment_form=attachment_form,
        notices=notices or {},
        **token_section(
            organisation, None, token_form, new_token,
            create_url=url_for("admin.create_organisation_token", organisation_id=organisation.id),
            revoke_url=lambda token: url_for("admin.revoke_token", token_id=token.id)),
    )


@bp.route("/structures/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit_organisation(organisation_id):
    """Change an EJ."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    form.current = organisation
    if form.validate_on_submit():
        operations.update_organisation(
            organisation, name=form.name.data, finess=form.finess.data,
            region_code=form.region_code.data, contract_mode=form.contract_mode.data,
        )
        db.session.commit()
        flash("Modifications enregistrées.", "success")
        return see_other(url_for("admin.organisation", organisation_id=organisation.id))
    return render_template(
        "admin/organisation_form.html", form=form, organisation=organisation
    ), 422 if form.errors else 200


@bp.post("/structures/<int:organisation_id>/establishments")
def add_establishment(organisation_id):
    """Add an EG to an EJ."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = EstablishmentForm()
    if not form.validate():
        return render_organisation(organisation, establishment_form=form, status=422,
                                   fragment="admin/_establishments.html")
    establishment = operations.add_establishment(
        organisation, form.name.data, form.finess.data, form.departement.data or None
    )
    db.session.commit()
    notice = f"L'établissement « {establishment.name} » est ajouté."
    return render_organisation(organisation, fragment="admin/_establishments.html",
                               notices={"establishments": notice})


@bp.route("/establishments/<int:establishment_id>/edit", methods=["GET", "POST"])
def edit_establishment(establishment_id):
    """Change an EG."""
    establishment = db.get_or_404(Establishment, establishment_id)
    form = EstablishmentForm(obj=establishment)
    form.current = establishment
    if form.validate_on_submit():
        operations.update_establishment(
            establishment, name=form.name.data, finess=form.finess.data,
            departement=form.departement.data or establishment.departement,
        )
        db.session.commit()
        flash("Modifications enregistrées.", "success")
        return see_other(
            url_for("admin.organisation", organisation_id=establishment.organisation_id)
        )
    return render_template(
        "admin/establishment_form.html", form=form, establishment=establishment
    ), 422 if form.errors else 200


@bp.post("/structures/<int:organisation_id>/members")
def attach(organisation_id):
    """Attach a person (existing, or created now) to the EJ or one of its EG."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = AttachmentForm()
    form.set_scopes(organisation)

    def refuse():
        return render_organisation(organisation, attachment_form=form, status=422,
                                   fragment="admin/_members.html")

    if form.validate():
        establishment = next(
            (eg for eg in organisation.establishments
             if str(eg.id) == form.establishment_id.data), None,
        )
        person = find_person(form.email.data)
        if person is None and not (form.first_name.data and form.last_name.data):
            form.first_name.errors = ["Cette personne n'a pas de compte : saisissez son prénom."]
            form.last_name.errors = ["… et son nom, pour lui créer un compte."]
        else:
            def attach_them():
                member = person or create_person(
                    form.email.data, form.first_name.data, form.last_name.data
                )
                operations.attach_person(member, organisation, form.role.data, establishment)
                return member

            def refused(refusal):
                form.establishment_id.errors = [str(refusal)]
                return refuse()

            return run_change(attach_them, operations.AttachmentRefused, refused,
                              lambda member: render_organisation(
                                  organisation, fragment="admin/_members.html",
                                  notices={"members": f"{member.full_name} est rattaché(e) "
                                                      "à la structure."}))
    return refuse()


@bp.route("/memberships/<int:membership_id>/end", methods=["GET", "POST"])
def end_membership(membership_id):
    """End an attachment (the history stays), after a page saying what it does is confirmed."""
    membership = db.get_or_404(Membership, membership_id)
    back = url_for("admin.organisation", organisation_id=membership.organisation_id) + "#members"
    if not membership.is_active:
        flash(f"Le rattachement de {membership.user.full_name} est déjà terminé.", "info")
        return see_other(back)
    if request.method == "GET" or request.form.get("confirmation") != "1":
        # One click is no decision: ending cannot be undone (the person would have to be
        # attached again), so a page says what it does and asks for a second, explicit one.
        return render_template("admin/membership_end.html", membership=membership, back=back,
                               withdrawn=departures.habilitations_left(membership))
    pending = departures.pending_departure(membership)
    if pending is not None:  # overtaken: never applied later, over this end
        departures.cancel(pending, current_user)
    operations.end_attachment(membership)
    departures.release(membership, current_user, "Rattachement terminé par un administrateur")
    db.session.commit()
    flash(f"Le rattachement de {membership.user.full_name} est terminé.", "success")
    return see_other(back)


@bp.post("/structures/<int:organisation_id>/api-tokens")
def create_organisation_token(organisation_id):
    """Create an API token for an EJ or one of its EG; shown once."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = TokenForm()
    form.set_scopes(organisation, None)
    if not form.validate():
        return render_organisation(organisation, token_form=form, status=422,
                                   fragment="structures/_api_tokens.html")
    new_token = tokens.create_token(form.name.data, current_user, organisation,
                                    form.chosen_establishment())
    db.session.commit()
    return render_organisation(organisation, fragment="structures/_api_tokens.html",
                               new_token=new_token)
