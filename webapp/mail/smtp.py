"""Turning an outbox row into an SMTP transaction, and SMTP errors into « retry » or « never »."""

import smtplib
import unicodedata
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr


class PermanentFailure(Exception):
    """This message can never leave as it is (bad address, refused by the server)."""


@dataclass(frozen=True)
class Envelope:
    """What SMTP needs of a message, read from the database before the connection opens."""

    id: int
    recipient: str
    subject: str
    body_text: str


def single_line(text: str) -> str:
    """The text with every control character (CR, LF, tab, NUL…) turned into a space."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c
                            for c in text).split())


def checked_address(recipient: str) -> str:
    """The recipient as one plain address, or PermanentFailure: a header is never injected."""
    if any(unicodedata.category(c) == "Cc" for c in recipient):
        raise PermanentFailure("adresse du destinataire invalide (caractère de contrôle)")
    name, address = parseaddr(recipient)
    if name or address != recipient.strip() or address.count("@") != 1:
        raise PermanentFailure("adresse du destinataire invalide")
    try:
        Address(addr_spec=address)
    except (ValueError, IndexError) as error:
        raise PermanentFailure(f"adresse du destinataire invalide ({error})") from error
    return address


def compose(envelope: Envelope, sender: str) -> EmailMessage:
    """The MIME message; header values are cleaned here whatever their source."""
    email = EmailMessage()
    try:
        email["From"] = single_line(sender)
        email["To"] = checked_address(envelope.recipient)
        email["Subject"] = single_line(envelope.subject) or "(sans objet)"
        email.set_content(envelope.body_text)
    except PermanentFailure:
        raise
    except (ValueError, TypeError, UnicodeError) as error:
        raise PermanentFailure(f"message impossible à composer ({error})") from error
    return email


class Connection:
    """One SMTP session for a batch of messages: opened on first use, dropped on a fault."""

    def __init__(self, config):
        self.config, self.smtp = config, None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def open(self) -> smtplib.SMTP:
        config = self.config
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                            timeout=config["MAIL_TIMEOUT"])
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            smtp.close()
            raise
        return smtp

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def send(self, email: EmailMessage) -> None:
        """Send one message; raises PermanentFailure, or OSError/SMTPException to retry."""
        reused = self.smtp is not None
        if not reused:
            self.smtp = self.open()
        try:
            transmit(self.smtp, email)
        except smtplib.SMTPServerDisconnected:
            self.close()
            if not reused:
                raise
            self.smtp = self.open()  # the server closed an idle session: once more, afresh
            try:
                transmit(self.smtp, email)
            except (OSError, smtplib.SMTPServerDisconnected):
                self.close()
                raise
        except PermanentFailure:
            raise
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                smtplib.SMTPSenderRefused):
            raise  # smtplib has reset the transaction: the session goes on for the next one
        except (OSError, smtplib.SMTPException):
            self.close()  # a broken session: the next message opens a new one
            raise


def transmit(smtp: smtplib.SMTP, email: EmailMessage) -> None:
    """One message on an open session; a refusal for good becomes PermanentFailure."""
    try:
        smtp.send_message(email)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        if all(code >= 500 for code in codes):
            raise PermanentFailure(f"destinataire refusé par le serveur : {error.recipients}") \
                from error
        raise
    except smtplib.SMTPDataError as error:
        if error.smtp_code >= 500:
            raise PermanentFailure(f"message refusé par le serveur : {error.smtp_code} "
                                   f"{error.smtp_error!r}") from error
        raise
    except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address without SMTPUTF8
        raise PermanentFailure(f"adresse non acceptée par le serveur ({error})") from error
