"""Forms of sign-in, registration and passwords."""

from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, Length, ValidationError

from ..forms import Form, email_field, name_field, required
from .passwords import MAX_LENGTH, password_problem


class StrongPassword:
    """The password policy, with what the form knows of the person as context.

    The person's names and e-mail come from the form's fields (registration), from the account
    the password is for (`form.password_owner`: reset, change) or from `form.email_hint` (an
    invitation's address).
    """

    def __call__(self, form, field):
        owner = getattr(form, "password_owner", None)
        names = [getattr(form, name).data for name in ("first_name", "last_name")
                 if hasattr(form, name)]
        email_field = getattr(form, "email", None)
        email = (email_field.data if email_field else None) or getattr(form, "email_hint", "")
        if owner is not None:
            names += [owner.first_name, owner.last_name]
            email = email or owner.email
        problem = password_problem(field.data or "", email=email or "",
                                   names=[name for name in names if isinstance(name, str)])
        if problem:
            raise ValidationError(problem)


def new_password_fields(label="Nouveau mot de passe"):
    """A password to choose and its confirmation; « Mot de passe » for a first one."""
    password = PasswordField(
        label,
        validators=[required("Choisissez un mot de passe."), StrongPassword()],
    )
    confirmation = PasswordField(
        "Confirmez le mot de passe",
        validators=[
            required("Saisissez le mot de passe une seconde fois."),
            EqualTo("password", message="Les deux mots de passe ne sont pas identiques."),
        ],
    )
    return password, confirmation


class LoginForm(Form):
    email = email_field(new=False)
    password = PasswordField(
        "Mot de passe",
        validators=[
            required("Saisissez votre mot de passe."),
            Length(max=MAX_LENGTH, message="Mot de passe trop long."),
        ],
    )


class RegistrationForm(Form):
    first_name = name_field("Prénom")
    last_name = name_field("Nom")
    email = email_field()
    password, password_confirmation = new_password_fields("Mot de passe")


class EmailForm(Form):
    """Ask for a reset link, or for a new confirmation link."""

    email = email_field(new=False)


class ResetPasswordForm(Form):
    password, password_confirmation = new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField(
        "Mot de passe actuel", validators=[required("Saisissez votre mot de passe actuel.")]
    )
    password, password_confirmation = new_password_fields()


class ConfirmForm(Form):
    """A button that spends a single-use token (links in e-mails are only GET)."""

    token = StringField(validators=[Length(max=100)])
