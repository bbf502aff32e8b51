"""Forms of EJ, EG and attachments (used by admins)."""

from wtforms import RadioField, SelectField, StringField
from wtforms.validators import Length, Optional, StopValidation

from directory.geography import DEPARTEMENTS, REGIONS, region_of_finess
from directory.identifiers import InvalidIdentifier, normalize_finess
from directory.structures import ContractMode, StructureRole

from ..extensions import db
from ..forms import Form, Identifier, choices, email_field, name_field, required, stripped
from ..models import Establishment, Organisation


class UniqueFiness:
    """No other EJ (or EG) already has this FINESS number."""

    def __init__(self, model):
        self.model = model

    def __call__(self, form, field):
        query = db.select(self.model.id).filter_by(finess=field.data)
        current = getattr(form, "current", None)
        if current is not None:
            query = query.where(self.model.id != current.id)
        if db.session.scalar(query.limit(1)) is not None:
            other = ("d'une autre entité juridique" if self.model is Organisation
                     else "d'un autre établissement")
            raise StopValidation(f"Ce numéro FINESS est déjà celui {other}.")


def finess_field(label: str, model) -> StringField:
    return StringField(
        label,
        validators=[
            required("Saisissez le numéro FINESS."),
            Length(max=20, message="Le numéro FINESS compte 9 caractères."),
            Identifier(normalize_finess),
            UniqueFiness(model),
        ],
        filters=[stripped],
    )


class OrganisationForm(Form):
    name = name_field("Nom de l'entité juridique", max_length=200)
    finess = finess_field("FINESS juridique", Organisation)
    region_code = SelectField(
        "Région",
        choices=choices([("", "Déduite du numéro FINESS")]
                        + [(r.code, r.name) for r in REGIONS]),
    )
    contract_mode = RadioField(
        "Contractualisation",
        choices=choices((mode.value, mode.label) for mode in ContractMode),
        validators=[required("Choisissez le mode de contractualisation.")],
    )

    def validate_region_code(self, field):
        """Left blank, the region is the FINESS juridique's département's."""
        if field.data or self.finess.errors or not self.finess.data:
            return
        try:
            field.data = region_of_finess(self.finess.data).code
        except (InvalidIdentifier, KeyError):
            raise StopValidation("Ce numéro FINESS ne dit pas la région : choisissez-la.") \
                from None


class EstablishmentForm(Form):
    name = name_field("Nom de l'établissement", max_length=200)
    finess = finess_field("FINESS géographique", Establishment)
    departement = SelectField(
        "Département",
        choices=choices(
            [("", "Déduit du numéro FINESS")]
            + [(d.code, f"{d.code} – {d.name}") for d in DEPARTEMENTS]
        ),
        validators=[Optional()],
    )


class AttachmentForm(Form):
    email = email_field("Adresse e-mail de la personne")
    first_name = StringField(
        "Prénom (si la personne n'a pas encore de compte)",
        validators=[Optional(), Length(max=100, message="100 caractères au plus.")],
        filters=[stripped],
    )
    last_name = StringField(
        "Nom (si la personne n'a pas encore de compte)",
        validators=[Optional(), Length(max=100, message="100 caractères au plus.")],
        filters=[stripped],
    )
    role = SelectField(
        "Rôle dans la structure",
        choices=choices((role.value, role.label) for role in StructureRole),
        validators=[required("Choisissez le rôle.")],
    )
    establishment_id = SelectField("Périmètre", choices=[], validators=[Optional()])

    def set_scopes(self, organisation: Organisation) -> None:
        """Offer the EJ itself and each of its EG."""
        whole = ("", f"Toute l'entité juridique ({organisation.name})")
        self.establishment_id.choices = choices([whole] + [
            (str(eg.id), f"{eg.name} (FINESS {eg.finess})") for eg in organisation.establishments
        ])
