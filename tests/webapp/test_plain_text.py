"""Text that cannot break anything: control characters are refused where text is typed."""


import pytest
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import StopValidation

from tests.factories import make_finess, make_organisation, make_person
from webapp.extensions import db
from webapp.forms import Form, PlainText
from webapp.models import Organisation, PlatformRole, User

from .steps import text

ONE_LINE = "Ce champ tient sur une seule ligne"
# What broke every e-mail: a name with a line break, then whatever an attacker likes.
INJECTED = ["Léa\r\nBcc: tous@exemple.fr", "Léa\nMartin", "Léa\tMartin", "Léa\x00",
            "Léa\u2028Martin", "Léa\x85Martin", "Léa\x1bMartin"]



def refused_and_kept(response, kept: str):
    page = text(response)
    assert response.status_code == 422
    assert ONE_LINE in page and 'aria-invalid="true"' in page
    assert kept in page  # the input is kept for the person to fix


@pytest.mark.parametrize("name", INJECTED)
def test_registration_refuses_a_name_on_two_lines(client, name):
    """Can a visitor register with a first name holding a line break or another control?"""
    password = "une phrase assez longue"
    response = client.post("/register", data={
        "first_name": name, "last_name": "Martin", "email": "lea@exemple.fr",
        "password": password, "password_confirmation": password})
    refused_and_kept(response, "Bcc: tous@exemple.fr" if "Bcc" in name else "Léa")
    assert db.session.scalar(db.select(User).filter_by(email="lea@exemple.fr")) is None


def test_the_profile_refuses_a_name_on_two_lines(client, auth):
    """Can a learner put a line break in their name (it went into e-mail subjects)?"""
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    auth.login(person.email)
    response = client.post("/account/profile", data={"first_name": "Léa\r\nBcc: x@exemple.fr",
                                                     "last_name": "Martin"})
    refused_and_kept(response, "Bcc: x@exemple.fr")
    db.session.refresh(person)
    assert person.first_name == "Léa"
    # Spaces around a name are only trimmed, as before.
    assert client.post("/account/profile", data={"first_name": " Léa ",
                                                 "last_name": "Martin"}).status_code == 303


def test_admin_forms_refuse_controls(client, auth):
    """Do an admin's structure and person forms refuse a name with a line break?"""
    auth.login(make_person("admin@exemple.fr", role=PlatformRole.ADMIN).email)
    response = client.post("/admin/structures/new", data={
        "name": "Clinique\r\ndu Parc", "finess": make_finess(), "region_code": "84",
        "contract_mode": "centralised"})
    refused_and_kept(response, "du Parc")
    assert db.session.scalar(db.select(Organisation).filter_by(name="Clinique")) is None
    organisation = make_organisation(establishments=0)
    response = client.post(f"/admin/structures/{organisation.id}/establishments", data={
        "name": "Site\tNord", "finess": make_finess()})
    refused_and_kept(response, "Nord")
    response = client.post("/admin/people/new", data={
        "first_name": "Anne", "last_name": "Roy\nBcc: x@exemple.fr", "email": "anne@exemple.fr",
        "platform_role": "learner"})
    refused_and_kept(response, "Bcc: x@exemple.fr")


def test_a_webinar_title_is_one_line(client, auth):
    """Can a trainer give a webinar a title on two lines (it goes into invitations)?"""
    trainer = make_person("formateur@exemple.fr", role=PlatformRole.TRAINER)
    auth.login(trainer.email)
    response = client.post("/webinaires/nouveau", data={
        "title": "Désigner\r\nses gestionnaires", "starts_on": "01/01/2099",
        "starts_at_time": "14:00", "duration_minutes": "60", "capacity": "10",
        "audience": "all", "visio_url": "https://visio.exemple.fr/salle"})
    refused_and_kept(response, "ses gestionnaires")


def test_multi_line_text_keeps_its_lines_and_refuses_other_controls():
    """Does a text area keep line breaks and tabs, and refuse a NUL or an escape?"""
    check = PlainText(multiline=True)

    class Field:
        data = "Premier paragraphe.\r\n\tSecond."

    check(None, Field)
    Field.data = "Motif\x00caché"
    with pytest.raises(StopValidation, match="caractère invisible"):
        check(None, Field)


def all_forms(base=Form):
    for form in base.__subclasses__():
        yield form
        yield from all_forms(form)


def test_every_text_field_of_every_form_is_checked(app):
    """Has every single-line field of every form of the platform the check, first?"""
    import webapp.api.forms  # noqa: F401  (forms defined in modules the app imports lazily)

    checked = 0
    with app.test_request_context():
        for form_class in all_forms():
            try:
                form = form_class(formdata=None)
            except TypeError:  # a form that needs arguments: its fields are class attributes
                continue
            for field in form:
                if isinstance(field, StringField) and not isinstance(
                        field, PasswordField | HiddenField):
                    assert isinstance(field.validators[0], PlainText), (form_class, field.name)
                    checked += 1
    assert checked >= 20
