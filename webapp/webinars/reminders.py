"""The reminder e-mail the day before (and the same day): each registration reminded once."""

from datetime import datetime, time, timedelta

from ..extensions import db
from ..models import Registration, Webinar, WebinarStatus
from ..timekeeping import PARIS, utcnow
from .registration import CONFIRMED, tell


def reminder_window_end(now: datetime) -> datetime:
    """Midnight (Paris) at the end of tomorrow: webinars before it get their reminder."""
    tomorrow = now.astimezone(PARIS).date() + timedelta(days=2)
    return datetime.combine(tomorrow, time(0, 0), PARIS)


def send_reminders(now: datetime | None = None) -> int:
    """Remind confirmed people of the webinars of today and tomorrow; never twice each.

    Each registration is claimed by an UPDATE that only succeeds while `reminded_at` is empty,
    and committed with its e-mail: two runs at once, or a run that stops half-way, send each
    reminder once.
    """
    now = now or utcnow()
    due = db.session.execute(
        db.select(Registration.id).join(Webinar).where(
            Registration.status == CONFIRMED, Registration.reminded_at.is_(None),
            Webinar.status == WebinarStatus.PUBLISHED.value, Webinar.starts_at > now,
            Webinar.starts_at < reminder_window_end(now))
        .order_by(Webinar.starts_at, Registration.id)).scalars().all()
    db.session.commit()
    sent = 0
    for registration_id in due:
        claimed = db.session.execute(
            db.update(Registration).where(Registration.id == registration_id,
                                          Registration.reminded_at.is_(None),
                                          Registration.status == CONFIRMED)
            .values(reminded_at=now)).rowcount
        if claimed:
            registration = db.session.get(Registration, registration_id)
            webinar = registration.webinar
            tell(registration, "webinar_reminder",
                 f"Rappel : votre webinaire {day_word(webinar, now)}, {webinar.title}",
                 day=day_word(webinar, now))
            sent += 1
        db.session.commit()
    return sent


def day_word(webinar: Webinar, now: datetime) -> str:
    """« aujourd'hui » or « demain »… in the reminder's subject, as the person reads it."""
    day = webinar.starts_at.astimezone(PARIS).date()
    return "aujourd'hui" if day == now.astimezone(PARIS).date() else "demain"
