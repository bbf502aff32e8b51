"""The forms of attendance: the attendee's code, the visio import, after the session."""

from flask import current_app
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, StringField, URLField
from wtforms.validators import Length, NumberRange, ValidationError

from ..forms import Form, required, stripped
from .attendance import https_url
from .checkin import AttendanceRefused


class CheckInForm(Form):
    code = StringField("Code de présence", filters=[stripped], validators=[
        required("Saisissez le code affiché par le formateur ou la formatrice."),
        Length(max=40, message="Le code tient en quelques caractères.")])


class ImportForm(Form):
    file = FileField("Rapport de présence de la visio (Teams, Zoom, Webex ou CSV)", validators=[
        FileRequired("Choisissez le fichier exporté de l'outil de visioconférence.")])
    minimum = IntegerField("Durée minimale pour être compté présent (en minutes)", validators=[
        required("Indiquez une durée minimale en minutes."),
        NumberRange(min=1, max=1440, message="Indiquez une durée entre 1 et 1 440 minutes.")])


def https_only(form, field):
    """An https address or nothing (stored as None)."""
    try:
        field.data = https_url(field.data, field.label.text)
    except AttendanceRefused as refusal:
        raise ValidationError(str(refusal)) from None


class AfterForm(Form):
    replay_url = URLField("Adresse du replay (facultatif)", filters=[stripped],
                          validators=[https_only])
    slides_url = URLField("Adresse du support de présentation (facultatif)",
                          filters=[stripped], validators=[https_only])
    done = BooleanField("Marquer le webinaire comme terminé")


def minimum_minutes() -> int:
    return int(current_app.config.get("WEBINAR_MINIMUM_MINUTES", 30))
