"""People managed by admins: creation with an activation link, identity and platform role."""

from . import audit
from .auth.sessions import revoke_sessions
from .auth.tokens import issue_token
from .extensions import db
from .mail import queue_email
from .models import PlatformRole, User
from .structures.operations import record_changes
from .timekeeping import utcnow
from .urls import public_url


def create_person(email: str, first_name: str, last_name: str, *,
                  role: PlatformRole = PlatformRole.LEARNER, region_code: str | None = None,
                  mobile_phone: str | None = None, rpps: str | None = None,
                  exam_time_factor: float = 1.0, send_activation: bool = True) -> User:
    """Create an account without a password; the person chooses one from an e-mailed link."""
    person = User(
        email=email.strip().lower(),
        first_name=first_name,
        last_name=last_name,
        platform_role=PlatformRole(role).value,
        region_code=region_code if role is PlatformRole.TRAINER else None,
        mobile_phone=mobile_phone or None,
        rpps=rpps or None,
        exam_time_factor=exam_time_factor,
    )
    db.session.add(person)
    db.session.flush()
    audit.record("person.created", person, role=person.platform_role)
    if send_activation:
        token = issue_token(person, "activate_account")
        queue_email(person.email, "Votre compte RPPS+ Académie", "activate_account",
                    person=person,
                    url=public_url("auth.reset_password", token=token))
    return person


def update_person(person: User, **values) -> None:
    """Change a person's identity fields, platform role or region; role changes are audited."""
    role = PlatformRole(values.pop("platform_role", person.platform_role))
    region_code = values.pop("region_code", person.region_code)
    changes = record_changes(person, values)
    if changes:
        audit.record("person.updated", person, fields=sorted(changes))
    role_changes = record_changes(
        person,
        {
            "platform_role": role.value,
            "region_code": region_code if role is PlatformRole.TRAINER else None,
        },
    )
    if role_changes:
        audit.record("person.role_changed", person, changes=role_changes)


def open_all_modules(person: User) -> None:
    """Let a person open every module, whatever they have read (audited)."""
    if person.modules_opened_at is None:
        person.modules_opened_at = utcnow()
        audit.record("person.modules_opened", person)


def deactivate_person(person: User) -> None:
    """Close an account (nothing is deleted); its sessions end at once."""
    if person.deactivated_at is None:
        person.deactivated_at = utcnow()
        revoke_sessions(person)
        audit.record("person.updated", person, fields=["deactivated_at"])
