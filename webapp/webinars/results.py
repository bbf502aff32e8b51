"""A session's results: registrations, attendance, and attendees who passed the exam since."""

from dataclasses import dataclass
from datetime import datetime

from ..extensions import db
from ..models import Attestation, AttestationStatus, Registration, RegistrationStatus, Webinar


@dataclass(frozen=True)
class Results:
    confirmed: int
    waiting: int
    cancelled: int
    present: int
    by_method: dict[str, int]
    passed_after: int
    certified_before: int
    upcoming: bool  # before the start: nobody is absent yet

    @property
    def present_label(self) -> str:
        """`à venir` before the start, else the number of people present."""
        return "à venir" if self.upcoming else str(self.present)

    @property
    def rate(self) -> int | None:
        """Attendance as a whole percentage of the confirmed registrations."""
        if self.upcoming:
            return None
        return round(100 * self.present / self.confirmed) if self.confirmed else None


def session_results(webinar: Webinar, now: datetime) -> Results:
    """Registrations, attendance, and how many attendees passed the exam since it began."""
    counts = dict(db.session.execute(
        db.select(Registration.status, db.func.count(Registration.id))
        .where(Registration.webinar_id == webinar.id).group_by(Registration.status)).all())
    attended = db.session.execute(
        db.select(Registration.user_id, Registration.checkin_method).where(
            Registration.webinar_id == webinar.id, Registration.checked_in_at.is_not(None),
            Registration.status == RegistrationStatus.CONFIRMED.value)).all()
    by_method = {"self": 0, "manual": 0, "import": 0}
    for _, method in attended:
        by_method[method or "self"] = by_method.get(method or "self", 0) + 1
    people = [user_id for user_id, _ in attended]

    def holders(when) -> set[int]:
        if not people:
            return set()
        return set(db.session.scalars(
            db.select(Attestation.user_id).distinct().where(
                Attestation.user_id.in_(people), when,
                Attestation.status != AttestationStatus.REVOKED.value)))

    before = holders(Attestation.passed_at <= webinar.starts_at)
    after = holders(Attestation.passed_at > webinar.starts_at) - before
    return Results(
        confirmed=counts.get(RegistrationStatus.CONFIRMED.value, 0),
        waiting=counts.get(RegistrationStatus.WAITING.value, 0),
        cancelled=counts.get(RegistrationStatus.CANCELLED.value, 0),
        present=len(people), by_method=by_method, passed_after=len(after),
        certified_before=len(before), upcoming=now < webinar.starts_at)
