"""The ORM models: the only place SQL lives."""

from .attestations import (
    ApiToken,
    Attestation,
    AttestationCounter,
    AttestationDocument,
    AttestationStatus,
    ElearningFlag,
    HasStatus,
)
from .audit import AuditEvent
from .habilitations import Departure, DigestSent, Habilitation, Invitation, Reminder, StepTick
from .identity import CorrectionStatus, IdentityCorrection
from .learning import LessonOpening, LessonProgress, QuizAttempt
from .outbox import OutboxMessage
from .people import ActionToken, LoginSession, PlatformRole, User
from .practice import PracticeAttempt
from .structures import Establishment, Membership, Organisation
from .webinars import (
    AttendanceImport,
    Audience,
    Registration,
    RegistrationStatus,
    SurveyAnswer,
    Webinar,
    WebinarStatus,
)

__all__ = [
    "AttendanceImport",
    "Audience",
    "Registration",
    "RegistrationStatus",
    "SurveyAnswer",
    "Webinar",
    "WebinarStatus",
    "ApiToken",
    "Attestation",
    "AttestationCounter",
    "AttestationDocument",
    "AttestationStatus",
    "ElearningFlag",
    "HasStatus",
    "CorrectionStatus",
    "IdentityCorrection",
    "ActionToken",
    "AuditEvent",
    "Departure",
    "DigestSent",
    "Habilitation",
    "Invitation",
    "Reminder",
    "StepTick",
    "Establishment",
    "LessonOpening",
    "LessonProgress",
    "LoginSession",
    "Membership",
    "Organisation",
    "OutboxMessage",
    "PlatformRole",
    "PracticeAttempt",
    "QuizAttempt",
    "User",
]
