"""The ORM models: the only place SQL lives."""

from .attestations import (
    ApiToken,
    Attestation,
    AttestationCounter,
    AttestationDocument,
    AttestationStatus,
    ElearningFlag,
)
from .audit import AuditEvent
from .learning import LessonProgress, QuizAttempt
from .outbox import OutboxMessage
from .people import ActionToken, LoginSession, PlatformRole, User
from .structures import Establishment, Membership, Organisation

__all__ = [
    "ApiToken",
    "Attestation",
    "AttestationCounter",
    "AttestationDocument",
    "AttestationStatus",
    "ElearningFlag",
    "ActionToken",
    "AuditEvent",
    "Establishment",
    "LessonProgress",
    "LoginSession",
    "Membership",
    "Organisation",
    "OutboxMessage",
    "PlatformRole",
    "QuizAttempt",
    "User",
]
