"""Form base and validators shared by every area: French messages, identifiers, uniqueness."""

import unicodedata

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from directory.identifiers import (
    InvalidIdentifier,
    normalize_mobile_phone,
    normalize_rpps,
)

from .email_addresses import EMAIL_MAX_LENGTH, InvalidEmail, checked_email
from .extensions import db
from .models import User

# Line and paragraph separators break a line as surely as LF does (in e-mail clients, in CSV).
LINE_SEPARATORS = "\u2028\u2029"


def control_characters(text: str, allowed: str = "") -> list[str]:
    """The control characters of `text` (Unicode category Cc, line separators) not `allowed`."""
    return [char for char in text
            if (unicodedata.category(char) == "Cc" or char in LINE_SEPARATORS)
            and char not in allowed]


class PlainText:
    """Text that cannot break anything it goes into: an e-mail header, a CSV cell, a PDF.

    A single-line field refuses every control character (CR, LF, tab…); a multi-line one keeps
    line breaks and tabs and refuses the others. The form base puts it on every text field.
    """

    def __init__(self, multiline: bool = False):
        self.allowed = "\r\n\t" if multiline else ""
        self.message = (
            "Ce texte contient un caractère invisible qui n'est pas permis : retirez-le."
            if multiline else
            "Ce champ tient sur une seule ligne : retirez les retours à la ligne, tabulations "
            "et autres caractères invisibles."
        )

    def __call__(self, form, field):
        if isinstance(field.data, str) and control_characters(field.data, self.allowed):
            raise StopValidation(self.message)


def plain_text_validator(field_class) -> PlainText | None:
    """The PlainText check a field of this class gets (None: not text a person reads)."""
    if not issubclass(field_class, StringField) or issubclass(field_class,
                                                               (PasswordField, HiddenField)):
        return None
    return PlainText(multiline=issubclass(field_class, TextAreaField))


class Form(FlaskForm):
    """WTForms with its own French messages (no Babel needed), and text checked for controls."""

    class Meta:
        locales = ("fr_FR", "fr")

        def bind_field(self, form, unbound_field, options):
            """Every text field of every form gets PlainText first: no form can forget it."""
            check = plain_text_validator(unbound_field.field_class)
            if check is not None:
                validators = unbound_field.kwargs.get("validators") or ()
                options = {**options, "validators": [check, *validators]}
            return unbound_field.bind(form=form, **options)

    @property
    def first_error_id(self) -> str | None:
        """The id of the first field in error, where focus goes after a failed submission."""
        for field in self:
            if field.errors:
                return field.id
        return None


class FrenchDecimalField(DecimalField):
    """A decimal typed the French way ("1,33") or the other ("1.33")."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.replace(",", ".").strip() for value in valuelist])


def choices(pairs) -> list[SelectChoice]:
    """Options of a select or radio field from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def required(message: str = "Ce champ est obligatoire."):
    return InputRequired(message=message)


class Identifier:
    """Normalise the field with one of `directory.identifiers`, or fail with its message."""

    def __init__(self, normalize, *, keyed: bool = True):
        self.normalize = normalize
        self.keyed = keyed

    def __call__(self, form, field):
        if not field.data:
            return
        # The key rule is only "likely" for some values: IDENTIFIER_KEY_CHECK lets test data by.
        options = {"check_key": current_app.config["IDENTIFIER_KEY_CHECK"]} if self.keyed else {}
        try:
            field.data = self.normalize(field.data, **options)
        except InvalidIdentifier as problem:
            raise StopValidation(str(problem)) from problem


class Unique:
    """The value is not already used by another person (e-mail, phone, RPPS)."""

    def __init__(self, column, message: str):
        self.column = column
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            return
        query = db.select(User.id).where(self.column == field.data)
        person = getattr(form, "person", None)
        if person is not None and person.id is not None:
            query = query.where(User.id != person.id)
        if db.session.scalar(query.limit(1)) is not None:
            raise StopValidation(self.message)


class EmailAddress:
    """The form validator of `checked_email`: the field keeps the normalised address."""

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = checked_email(field.data)
        except InvalidEmail as problem:
            raise StopValidation(str(problem)) from None


def lower_stripped(value):
    return value.strip().lower() if isinstance(value, str) else value


def stripped(value):
    return value.strip() if isinstance(value, str) else value


def email_field(label: str = "Adresse e-mail", unique: bool = False,
                new: bool = True) -> EmailField:
    """An e-mail field, lower-cased; a `new` address is checked for shape, and for uniqueness.

    An address typed to find an existing account is not checked for shape: the answer must be
    the same as for any unknown address, and reserved domains (the demo's `.test`) must work.
    """
    validators = [
        required("Saisissez une adresse e-mail."),
        Length(max=EMAIL_MAX_LENGTH,
               message="L'adresse e-mail est trop longue (254 caractères au plus)."),
    ]
    if new:
        validators.append(EmailAddress())
    if unique:
        validators.append(
            Unique(User.email, "Cette adresse e-mail est déjà celle d'une autre personne.")
        )
    return EmailField(label, validators=validators, filters=[lower_stripped])


def name_field(label: str, max_length: int = 100) -> StringField:
    """A required text field of bounded length."""
    return StringField(
        label,
        validators=[
            required(f"Saisissez le champ « {label} »."),
            Length(max=max_length, message=f"{max_length} caractères au plus."),
        ],
        filters=[stripped],
    )


def phone_field() -> StringField:
    return StringField(
        "Téléphone mobile (facultatif)",
        validators=[
            Optional(),
            Length(max=30, message="Le numéro de téléphone est trop long."),
            Identifier(normalize_mobile_phone, keyed=False),
            Unique(User.mobile_phone, "Ce numéro de mobile est déjà celui d'une autre personne."),
        ],
        filters=[stripped],
    )


def rpps_field() -> StringField:
    return StringField(
        "Numéro RPPS (facultatif)",
        validators=[
            Optional(),
            Length(max=30, message="Le numéro RPPS compte 11 chiffres."),
            Identifier(normalize_rpps),
            Unique(User.rpps, "Ce numéro RPPS est déjà celui d'une autre personne."),
        ],
        filters=[stripped],
    )


def run_change(operation, refused, on_refusal, on_success):
    """The one way a view makes a change, once its form is valid: run `operation()`; if it
    raises one of `refused`, roll back and answer `on_refusal(refusal)` (the page again, 422);
    else commit and answer `on_success(result)` (a 303 to the page changed)."""
    try:
        result = operation()
    except refused as refusal:
        db.session.rollback()
        return on_refusal(refusal)
    db.session.commit()
    return on_success(result)
