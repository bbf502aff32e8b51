"""The forms that create API tokens, for RLs, mandataires and admins."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..forms import Form, choices, stripped
from ..models import Establishment, Organisation


class TokenNameForm(Form):
    """An all-structures token (admins): a name is all it takes."""

    # DataRequired, not InputRequired: a name of spaces alone is no name once stripped. Its own
    # id: the admin's structure page also has an establishment's « name » field.
    name = StringField("Nom du jeton", id="token-name", validators=[
        DataRequired("Donnez un nom au jeton, pour le reconnaître dans la liste."),
        Length(max=100, message="100 caractères au plus."),
    ], filters=[stripped])


class TokenForm(TokenNameForm):
    """A structure's token: a name and a scope, the EJ or one of its EG."""

    scope = SelectField("Périmètre", choices=[], id="token-scope")

    def set_scopes(self, organisation: Organisation, establishment_ids: set[int] | None) -> None:
        """Offer the whole EJ (to those who manage it all) and each EG the person manages."""
        pairs = [] if establishment_ids is not None else [
            ("", f"Toute l'entité juridique ({organisation.name})")]
        pairs += [(str(eg.id), f"{eg.name} (FINESS {eg.finess})")
                  for eg in organisation.establishments
                  if establishment_ids is None or eg.id in establishment_ids]
        self.scope.choices = choices(pairs)
        self.organisation = organisation

    def chosen_establishment(self) -> Establishment | None:
        """The EG chosen, or None for the whole EJ (the choice is validated against the list)."""
        return next((eg for eg in self.organisation.establishments
                     if str(eg.id) == self.scope.data), None)
