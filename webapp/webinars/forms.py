"""The webinar form: what a trainer types, each problem said in French next to its field."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from directory.geography import REGIONS

from ..catalogue import courses
from ..forms import Form, choices, required, stripped
from ..models import Audience
from ..timekeeping import PARIS, french_datetime, utcnow
from .organising import capacity_below_taken
from .registration import confirmed_count

COURSE = "devenir-gestionnaire"
DESCRIPTION_MAX = 5000
CAPACITY_MAX = 1000
DURATION_MAX = 8 * 60


class FrenchDateField(DateField):
    """A date from a date picker (`2026-11-21`) or typed the French way (`21/11/2026`)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([value.strip() for value in valuelist])
        except ValueError as problem:
            raise ValueError("Saisissez une date valide, par exemple 21/11/2026.") from problem


class FrenchTimeField(TimeField):
    """A time from a time picker (`14:30`) or typed the French way (`14 h 30`, `14h`)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format=["%H:%M", "%H:%M:%S", "%Hh%M", "%Hh"], **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([value.replace(" ", "").lower() for value in valuelist])
        except ValueError as problem:
            raise ValueError("Saisissez une heure valide, par exemple 14:30.") from problem


class WholeNumberField(IntegerField):
    """A whole number, with a French message when it is not one; a text box (styled like the
    others, keeping whatever was typed) that phones open on the digits."""

    widget = TextInput()

    def __init__(self, label, **kwargs):
        super().__init__(label, render_kw={"inputmode": "numeric"}, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata([value.strip() for value in valuelist])
        except ValueError as problem:
            raise ValueError("Saisissez un nombre entier, par exemple 50.") from problem


class Between:
    """A whole number within bounds, with a message for each side."""

    def __init__(self, low: int, high: int, too_low: str, too_high: str):
        self.low, self.high, self.too_low, self.too_high = low, high, too_low, too_high

    def __call__(self, form, field):
        if field.data is None:
            return
        if field.data < self.low:
            raise StopValidation(self.too_low)
        if field.data > self.high:
            raise StopValidation(self.too_high)


def number_fr(value: int) -> str:
    """`5 000`: thousands apart by a narrow no-break space, as French typography wants."""
    return f"{value:,}".replace(",", "\u202f")


def at_most(limit: int, what: str):
    """A text of `limit` characters at most; the message says how many were typed."""

    def check(form, field):
        typed = len(field.data or "")
        if typed > limit:
            raise StopValidation(f"{what} tient en {number_fr(limit)} caractères au plus "
                                 f"(vous en avez saisi {number_fr(typed)}).")
    return check


def secure_link(form, field):
    """A web address reached over HTTPS, with a host."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme.lower() != "https" or not parts.hostname or any(c.isspace()
                                                                    for c in field.data):
        raise ValidationError("Le lien de visio doit être une adresse sécurisée commençant par "
                              "https://, par exemple https://visio.exemple.fr/salle.")


def module_choices() -> list:
    course = courses()[COURSE]
    return choices((m.slug, f"Module {m.number} : {m.title}") for m in course.modules)


class WebinarForm(Form):
    title = StringField("Titre", filters=[stripped], validators=[
        # Spaces alone are no title: checked once stripped.
        DataRequired("Saisissez le titre du webinaire."),
        Length(max=200, message="Le titre tient en 200 caractères au plus.")])
    description = TextAreaField("Description (facultative)", filters=[stripped], validators=[
        Optional(), at_most(DESCRIPTION_MAX, "La description")])
    starts_on = FrenchDateField("Date", validators=[
        required("Indiquez la date du webinaire (jj/mm/aaaa).")])
    starts_at_time = FrenchTimeField("Heure de début", validators=[
        required("Indiquez l'heure de début (hh:mm).")])
    duration_minutes = WholeNumberField("Durée, en minutes", validators=[
        required("Indiquez la durée, en minutes."),
        Between(1, DURATION_MAX,
                "La fin doit venir après le début : indiquez une durée d'au moins 1 minute.",
                f"Un webinaire dure {DURATION_MAX // 60} heures au plus ({DURATION_MAX} "
                "minutes).")])
    capacity = WholeNumberField("Nombre de places", validators=[
        required("Indiquez le nombre de places."),
        Between(1, CAPACITY_MAX, "Il faut au moins 1 place.",
                f"{number_fr(CAPACITY_MAX)} places au plus.")])
    audience = RadioField("Public", default=Audience.ALL.value,
                          choices=choices((a.value, a.label) for a in Audience),
                          validators=[required("Choisissez le public du webinaire.")])
    visio_url = StringField(
        "Lien de la visio", filters=[stripped],
        render_kw={"inputmode": "url", "spellcheck": "false"},
        validators=[required("Indiquez le lien de la visio (https://…)."),
                    Length(max=500, message="Le lien tient en 500 caractères au plus."),
                    secure_link])
    modules = SelectMultipleField(
        "Modules du cours abordés (facultatif)", validators=[Optional()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    region_code = SelectField("Région", validators=[required("Choisissez la région.")])

    def __init__(self, *args, admin: bool = False, current_start: datetime | None = None,
                 seats_taken: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats_taken = seats_taken  # an edited webinar's places cannot go below them
        # An unchanged start may be in the past (a description fixed during the session);
        # the form shows it to the minute.
        self.stored_start = current_start
        self.current_start = current_start and current_start.replace(second=0, microsecond=0)
        self.modules.choices = module_choices()
        if admin:
            self.region_code.choices = choices(
                [("", "Choisir une région")] + [(r.code, r.name) for r in REGIONS])
        else:  # a trainer's webinars are those of their region
            del self.region_code

    @property
    def starts_at(self) -> datetime | None:
        """The start typed, as a UTC-aware datetime (None while date or time is missing)."""
        if self.starts_on.data is None or self.starts_at_time.data is None:
            return None
        return datetime.combine(self.starts_on.data, self.starts_at_time.data, PARIS)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        start = self.starts_at
        if start is not None and start != self.current_start and start <= utcnow():
            # On the time when the day is today: that is the part to change.
            field = self.starts_at_time if start.date() == utcnow().astimezone(
                PARIS).date() else self.starts_on
            field.errors.append(f"Le début doit être dans le futur : le {french_datetime(start)} "
                                "est déjà passé.")
            valid = False
        # With the other fields' problems, not after them on the next submit.
        if (self.capacity.data is not None and not self.capacity.errors
                and self.capacity.data < self.seats_taken):
            self.capacity.errors.append(capacity_below_taken(self.seats_taken))
            valid = False
        return valid

    def details(self) -> dict:
        """The values to store, once valid."""
        values = {
            "title": self.title.data,
            "description": self.description.data or "",
            # Untouched, the start stays as stored (to the second): nothing to send.
            "starts_at": self.stored_start if self.starts_at == self.current_start
            else self.starts_at,
            "duration_minutes": self.duration_minutes.data,
            "capacity": self.capacity.data,
            "audience": self.audience.data,
            "visio_url": self.visio_url.data,
            "modules": list(self.modules.data or []),
        }
        if "region_code" in self:
            values["region_code"] = self.region_code.data
        return values


class CancelForm(Form):
    reason = TextAreaField("Motif de l'annulation (envoyé aux inscrits)", filters=[stripped],
                           validators=[Length(max=500, message="Le motif tient en 500 "
                                                               "caractères au plus.")])


def form_for_edit(webinar, formdata=None, admin: bool = False) -> WebinarForm:
    """The form filled from a webinar (or from what was posted)."""
    local = webinar.starts_at.astimezone(PARIS)
    return WebinarForm(
        formdata=formdata, admin=admin, current_start=webinar.starts_at,
        seats_taken=confirmed_count(webinar),
        title=webinar.title, description=webinar.description, starts_on=local.date(),
        starts_at_time=local.time().replace(second=0, microsecond=0),
        duration_minutes=webinar.duration_minutes, capacity=webinar.capacity,
        audience=webinar.audience, visio_url=webinar.visio_url, modules=list(webinar.modules),
        region_code=webinar.region_code)


def blank_form(formdata=None, admin: bool = False, region_code: str | None = None):
    """The creation form: next week at 14:00, one hour, 50 places, for everyone."""
    day = (utcnow().astimezone(PARIS) + timedelta(days=7)).date()
    return WebinarForm(formdata=formdata, admin=admin, starts_on=day,
                       starts_at_time=datetime.strptime("14:00", "%H:%M").time(),
                       duration_minutes=60, capacity=50, region_code=region_code or "")


def form_for_copy(webinar, formdata=None, admin: bool = False) -> WebinarForm:
    """A copy's form: the webinar's fields, the date and time left for the trainer to set."""
    return WebinarForm(
        formdata=formdata, admin=admin, title=webinar.title, description=webinar.description,
        duration_minutes=webinar.duration_minutes, capacity=webinar.capacity,
        audience=webinar.audience, visio_url=webinar.visio_url, modules=list(webinar.modules),
        region_code=webinar.region_code)
