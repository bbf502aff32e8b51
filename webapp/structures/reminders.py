"""« Relancer »: an e-mail from the RL to a person who has not finished the e-learning.

At most one per person and per week, whoever sends it: the unique (person, week) row is claimed
before the e-mail is written, so two clicks or two RLs at once leave one e-mail. Flush only.
"""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from .. import audit
from ..catalogue import mandatory_course
from ..extensions import db
from ..mail import queue_email
from ..models import ElearningFlag, Organisation, Reminder, User
from ..timekeeping import utcnow
from ..urls import public_url
from .digest import week_of

QUIET_DAYS = 7


class ReminderRefused(ValueError):
    """No reminder for this person now; the message says why, in French."""


def last_reminder(person: User) -> Reminder | None:
    """The person's latest reminder, from any structure."""
    return db.session.scalar(db.select(Reminder).where(Reminder.user_id == person.id)
                             .order_by(Reminder.sent_at.desc()).limit(1))


def remind(person: User, organisation: Organisation, actor: User,
           now: datetime | None = None) -> Reminder:
    """Queue the reminder e-mail with the course's link, and log it; refused when the person
    is trained or was reminded less than a week ago."""
    now = now or utcnow()
    if db.session.get(ElearningFlag, person.id) is not None:
        raise ReminderRefused(f"{person.full_name} a déjà réalisé l'e-learning.")
    previous = last_reminder(person)
    if previous is not None and previous.sent_at > now - timedelta(days=QUIET_DAYS):
        raise ReminderRefused(f"{person.full_name} a déjà été relancé(e) cette semaine.")
    reminder = Reminder(user_id=person.id, organisation_id=organisation.id, week=week_of(now),
                        sent_at=now, sent_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(reminder)
    except IntegrityError:
        # Another click or another RL claimed this week first (PostgreSQL waits for it).
        raise ReminderRefused(
            f"{person.full_name} a déjà été relancé(e) cette semaine.") from None
    course = mandatory_course()
    queue_email(person.email, "RPPS+ Académie : votre formation de gestionnaire RPPS+",
                "training_reminder", about=person, person=person, manager=actor,
                organisation=organisation, course=course,
                url=public_url("learn.course", course_slug=course.slug))
    audit.record("person.reminded", person, actor=actor, organisation=organisation.id,
                 week=reminder.week)
    return reminder
