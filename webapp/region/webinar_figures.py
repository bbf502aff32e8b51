"""The region's webinars in figures: seats, attendance, satisfaction, exams passed after.

One query for every webinar of the region: registrations and survey answers are counted in
their own GROUP BY subqueries, then joined to the webinars.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, select

from ..extensions import db
from ..models import (
    Attestation,
    AttestationStatus,
    Registration,
    RegistrationStatus,
    SurveyAnswer,
    Webinar,
    WebinarStatus,
)
from .progress import percent

# Drafts were never open to registration; cancelled sessions have nothing to measure.
COUNTED = (WebinarStatus.PUBLISHED.value, WebinarStatus.DONE.value)


def french_decimal(value: float) -> str:
    """`4,3`: one decimal, with a comma."""
    return f"{value:.1f}".replace(".", ",")


@dataclass
class WebinarFigures:
    """One webinar, or the total of several (then `id` is None)."""

    id: int | None = None
    title: str = ""
    starts_at: datetime | None = None
    status: str = ""
    capacity: int = 0
    confirmed: int = 0
    waiting: int = 0
    attended: int = 0
    ratings_sum: int = 0
    ratings: int = 0
    passed_after: int = 0

    @property
    def status_label(self) -> str:
        return WebinarStatus(self.status).label if self.status else ""

    @property
    def attendance_percent(self) -> int:
        """Those who checked in, among the confirmed registrations."""
        return percent(self.attended, self.confirmed)

    @property
    def passed_percent(self) -> int:
        """Those who passed the exam after the session, among those present."""
        return percent(self.passed_after, self.attended)

    @property
    def satisfaction(self) -> str:
        """The mean mark out of 5, French style (`4,3`), or an empty string without answers."""
        return french_decimal(self.ratings_sum / self.ratings) if self.ratings else ""

    def add(self, other: WebinarFigures) -> None:
        for name in ("capacity", "confirmed", "waiting", "attended", "ratings_sum", "ratings",
                     "passed_after"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class WebinarReport:
    """The region's webinars, upcoming and past, each list with its total."""

    upcoming: list[WebinarFigures]
    past: list[WebinarFigures]

    @staticmethod
    def total(rows: list[WebinarFigures]) -> WebinarFigures:
        total = WebinarFigures(title="Total")
        for row in rows:
            total.add(row)
        return total

    @property
    def upcoming_total(self) -> WebinarFigures:
        return self.total(self.upcoming)

    @property
    def past_total(self) -> WebinarFigures:
        return self.total(self.past)


def webinar_report(region_code: str, now: datetime) -> WebinarReport:
    """Every published or done webinar of the region with its figures (one query).

    A webinar is past once it has started (or is marked done). « Went on to pass »: a person
    present (checked in, among the confirmed) holding an attestation, not revoked, whose
    success came after the session started.
    """
    confirmed = Registration.status == RegistrationStatus.CONFIRMED.value
    present = and_(confirmed, Registration.checked_in_at.is_not(None))
    passed_later = exists().where(
        Attestation.user_id == Registration.user_id,
        Attestation.passed_at > Webinar.starts_at,
        Attestation.status != AttestationStatus.REVOKED.value)
    seats = (
        select(Registration.webinar_id,
               func.count(case((confirmed, 1))).label("confirmed"),
               func.count(case((Registration.status == RegistrationStatus.WAITING.value, 1)))
               .label("waiting"),
               func.count(case((present, 1))).label("attended"),
               func.count(case((and_(present, passed_later), 1))).label("passed_after"))
        .join(Webinar, Webinar.id == Registration.webinar_id)
        .where(Webinar.region_code == region_code)
        .group_by(Registration.webinar_id)
        .subquery("seats"))
    survey = (
        select(SurveyAnswer.webinar_id,
               func.sum(SurveyAnswer.rating).label("ratings_sum"),
               func.count(SurveyAnswer.id).label("ratings"))
        .join(Webinar, Webinar.id == SurveyAnswer.webinar_id)
        .where(Webinar.region_code == region_code)
        .group_by(SurveyAnswer.webinar_id)
        .subquery("survey"))
    query = (
        select(Webinar.id, Webinar.title, Webinar.starts_at, Webinar.status, Webinar.capacity,
               *(func.coalesce(seats.c[name], 0).label(name)
                 for name in ("confirmed", "waiting", "attended", "passed_after")),
               *(func.coalesce(survey.c[name], 0).label(name)
                 for name in ("ratings_sum", "ratings")))
        .outerjoin(seats, seats.c.webinar_id == Webinar.id)
        .outerjoin(survey, survey.c.webinar_id == Webinar.id)
        .where(Webinar.region_code == region_code, Webinar.status.in_(COUNTED))
        .order_by(Webinar.starts_at, Webinar.id))
    upcoming, past = [], []
    for row in db.session.execute(query):
        figures = WebinarFigures(**row._mapping)
        done = figures.status == WebinarStatus.DONE.value or figures.starts_at <= now
        (past if done else upcoming).append(figures)
    past.reverse()  # the latest first
    return WebinarReport(upcoming=upcoming, past=past)
