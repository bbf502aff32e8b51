"""The one rule for an e-mail address a person gives us, in forms and in lists of invitations."""

from email_validator import EmailNotValidError, validate_email

EMAIL_MAX_LENGTH = 254


class InvalidEmail(ValueError):
    """An address refused: `message` for a form, `short` for a list of refused addresses."""

    def __init__(self, message: str, short: str):
        super().__init__(message)
        self.short = short


def checked_email(address: str) -> str:
    """The one rule for an e-mail address a person gives us (forms, invitations): its shape
    checked by email_validator, no DNS look-up, lower-cased as accounts store it.

    Reserved test domains (the demo's `.test`) are accepted: mail to them goes nowhere, and
    the demo and tests need them.
    """
    address = (address or "").strip()
    if len(address) > EMAIL_MAX_LENGTH:
        raise InvalidEmail("L'adresse e-mail est trop longue (254 caractères au plus).",
                           "adresse trop longue")
    try:
        return validate_email(address, check_deliverability=False,
                              test_environment=True).normalized.lower()
    except EmailNotValidError:
        raise InvalidEmail("Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.",
                           "adresse e-mail invalide") from None
