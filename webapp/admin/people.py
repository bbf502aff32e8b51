"""Admin: people, their platform role and their region."""

from flask import flash, render_template, request, url_for
from sqlalchemy import or_
from wtforms import SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from directory.geography import REGIONS

from ..attestations.identity import identity_locked
from ..extensions import db
from ..forms import (
    Form,
    FrenchDecimalField,
    choices,
    email_field,
    name_field,
    phone_field,
    required,
    rpps_field,
)
from ..htmx import render_page, see_other
from ..models import Attestation, AuditEvent, Membership, PlatformRole, User
from ..pagination import paginate
from ..people import create_person, deactivate_person, open_all_modules, update_person
from . import bp
from .people_list import REGION_FILTERS, ROLE_FILTERS, PeopleFilters, people_query, roles_of

PER_PAGE = 25


class PersonForm(Form):
    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    email = email_field(unique=True)
    mobile_phone = phone_field()
    rpps = rpps_field()
    platform_role = SelectField(
        "Rôle sur la plateforme",
        choices=choices((role.value, role.label) for role in PlatformRole),
        validators=[required("Choisissez un rôle.")],
    )
    region_code = SelectField(
        "Région (pour un membre d'une équipe GRADeS)",
        choices=choices(
            [("", "Aucune")] + [(r.code, f"{r.name} – {r.grades_label}") for r in REGIONS]
        ),
    )

    exam_time_factor = FrenchDecimalField(
        "Temps supplémentaire à l'examen (coefficient)",
        places=2,
        default=1,
        validators=[
            Optional(),
            NumberRange(min=1, max=3, message="Le coefficient va de 1 (aucun aménagement) à 3."),
        ],
    )

    def validate_region_code(self, field):
        if self.platform_role.data == PlatformRole.TRAINER.value and not field.data:
            raise ValidationError("Un membre d'une équipe GRADeS est rattaché à une région.")


@bp.get("/people")
def people():
    """List people with their roles and structures; search on name and e-mail, filter by role
    and region."""
    filters = PeopleFilters.from_args(request.args)
    page = paginate(people_query(filters), PER_PAGE)
    return render_page("admin/people.html", "admin/_people_table.html", page=page,
                       filters=filters, roles=roles_of(page.items), role_filters=ROLE_FILTERS,
                       region_filters=REGION_FILTERS)


@bp.route("/people/new", methods=["GET", "POST"])
def new_person():
    """Create an account; the person receives a link to choose a password."""
    form = PersonForm()
    if form.validate_on_submit():
        person = create_person(
            form.email.data, form.first_name.data, form.last_name.data,
            role=PlatformRole(form.platform_role.data), region_code=form.region_code.data or None,
            mobile_phone=form.mobile_phone.data, rpps=form.rpps.data,
            exam_time_factor=float(form.exam_time_factor.data or 1),
        )
        db.session.commit()
        flash(f"Le compte de {person.full_name} est créé ; un lien d'activation lui est envoyé.",
              "success")
        return see_other(url_for("admin.person", person_id=person.id))
    return render_template("admin/person_form.html", form=form), 422 if form.errors else 200


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
def person(person_id):
    """See and change a person: identity, role, region, attachments, recent events."""
    person = db.get_or_404(User, person_id)
    form = PersonForm(obj=person)
    form.person = person
    if form.validate_on_submit() and identity_kept(form, person):
        update_person(
            person, first_name=form.first_name.data, last_name=form.last_name.data,
            email=form.email.data, mobile_phone=form.mobile_phone.data or None,
            rpps=form.rpps.data or None, platform_role=form.platform_role.data,
            region_code=form.region_code.data or None,
            exam_time_factor=float(form.exam_time_factor.data or person.exam_time_factor),
        )
        db.session.commit()
        flash("Modifications enregistrées.", "success")
        return see_other(url_for("admin.person", person_id=person.id))
    memberships = db.session.scalars(
        db.select(Membership).filter_by(user_id=person.id).order_by(Membership.started_at)
    ).all()
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(or_(AuditEvent.actor_id == person.id,
                   (AuditEvent.target_type == "User") & (AuditEvent.target_id == person.id)))
        .order_by(AuditEvent.id.desc())
        .limit(20)
    ).all()
    attestations = db.session.scalars(
        db.select(Attestation).filter_by(user_id=person.id).order_by(Attestation.id.desc())
    ).all()
    return render_template(
        "admin/person.html", person=person, form=form, memberships=memberships, events=events,
        attestations=attestations,
    ), 422 if form.errors else 200


def identity_kept(form: PersonForm, person: User) -> bool:
    """Whether the form leaves alone the identity on a valid attestation; else says why."""
    changed = (form.first_name.data, form.last_name.data, form.rpps.data or None) != (
        person.first_name, person.last_name, person.rpps)
    if changed and identity_locked(person):
        form.form_errors.append(
            "Le nom, le prénom et le numéro RPPS de cette personne figurent sur son attestation "
            "valide : corrigez-les par « Corriger l'identité et rééditer » sur la fiche de "
            "l'attestation.")
        return False
    return True


@bp.post("/people/<int:person_id>/open-modules")
def open_modules(person_id):
    """Open every module of the courses for a person, whatever they have read."""
    person = db.get_or_404(User, person_id)
    open_all_modules(person)
    db.session.commit()
    flash(f"Tous les modules sont ouverts pour {person.full_name}.", "success")
    return see_other(url_for("admin.person", person_id=person.id))


@bp.post("/people/<int:person_id>/deactivate")
def deactivate(person_id):
    """Close an account: sessions end, nothing is deleted."""
    person = db.get_or_404(User, person_id)
    deactivate_person(person)
    db.session.commit()
    flash(f"Le compte de {person.full_name} est désactivé.", "success")
    return see_other(url_for("admin.person", person_id=person.id))
