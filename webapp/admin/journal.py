"""Admin: the audit log, filtered by person, structure, event and dates, and its CSV export."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import request
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ..audit import ACTIONS
from ..extensions import db
from ..htmx import render_page
from ..models import (
    ApiToken,
    Attestation,
    AuditEvent,
    Establishment,
    Invitation,
    Organisation,
    User,
)
from ..pagination import paginate
from ..spreadsheets import csv_download
from ..timekeeping import PARIS
from . import bp

PER_PAGE = 50
EXPORT_CAP = 100_000  # rows in one CSV: far beyond a year of a region's events


@dataclass
class AuditFilters:
    """What the admin typed: each filter as typed (kept on the page), and its errors."""

    person: str = ""
    structure: str = ""
    action: str = ""
    start: str = ""
    end: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        def typed(name):
            return args.get(name, "").strip()[:100]
        action = typed("action")
        return cls(person=typed("personne"), structure=typed("structure"),
                   action=action if action in ACTIONS else "", start=typed("du"),
                   end=typed("au"))

    @property
    def args(self) -> dict[str, str]:
        """The query string that keeps these filters (pagination, export)."""
        values = {"personne": self.person, "structure": self.structure,
                  "action": self.action, "du": self.start, "au": self.end}
        return {name: value for name, value in values.items() if value}

    def day(self, name: str, value: str) -> date | None:
        """The date typed in field `name` (YYYY-MM-DD, as a date field sends it), or None
        with an error when it is not one."""
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors[name] = "Saisissez une date, par exemple 2026-12-05."
            return None


def like(text: str) -> str:
    """An ILIKE pattern for `text`, its own `%` and `_` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def people_named(text: str):
    """SELECT the ids of the people whose name (either order) or e-mail holds `text`."""
    return select(User.id).where(User.matching(text))


def about_structures(text: str):
    """SQL: the event concerns an EJ whose name or FINESS contains `text`: the EJ itself, one
    of its EG, invitations or API tokens, or an event that names it (attachments,
    habilitations, departures)."""
    pattern = like(text)
    ids = select(Organisation.id).where(or_(Organisation.name.ilike(pattern, escape="\\"),
                                            Organisation.finess.ilike(pattern, escape="\\")))

    def target(kind, id_query):
        return and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(id_query))

    return or_(
        target("Organisation", ids),
        target("Establishment", select(Establishment.id).where(
            or_(Establishment.organisation_id.in_(ids),
                Establishment.name.ilike(pattern, escape="\\"),
                Establishment.finess.ilike(pattern, escape="\\")))),
        target("Invitation", select(Invitation.id).where(Invitation.organisation_id.in_(ids))),
        target("ApiToken", select(ApiToken.id).where(ApiToken.organisation_id.in_(ids))),
        AuditEvent.details["organisation"].as_integer().in_(ids))


def filtered_events(filters: AuditFilters):
    """SELECT the events the filters keep, newest first (a date in error filters nothing).

    A person's events: what they did, and what concerns them (their account, their
    attestations, a label naming them such as a failed sign-in's address).
    """
    query = (db.select(AuditEvent).options(joinedload(AuditEvent.actor))
             .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.person:
        ids = people_named(filters.person)
        query = query.where(or_(
            AuditEvent.actor_id.in_(ids),
            and_(AuditEvent.target_type == "User", AuditEvent.target_id.in_(ids)),
            and_(AuditEvent.target_type == "Attestation", AuditEvent.target_id.in_(
                select(Attestation.id).where(Attestation.user_id.in_(ids)))),
            AuditEvent.target_label.ilike(like(filters.person), escape="\\")))
    if filters.structure:
        query = query.where(about_structures(filters.structure))
    start, end = filters.day("du", filters.start), filters.day("au", filters.end)
    if start and end and end < start:
        filters.errors["au"] = "La date de fin précède la date de début."
        end = None
    if start:  # from the start of that day in Paris
        query = query.where(AuditEvent.occurred_at >= paris_midnight(start))
    if end:  # to the end of that day in Paris
        query = query.where(AuditEvent.occurred_at < paris_midnight(end + timedelta(days=1)))
    return query


def paris_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=PARIS)


@bp.get("/audit")
def audit_log():
    """The audit log, newest first, filtered by person, structure, event and dates."""
    filters = AuditFilters.from_args(request.args)
    page = paginate(filtered_events(filters), PER_PAGE)
    return render_page("admin/audit.html", "admin/_audit_table.html",
                       status=422 if filters.errors else 200,
                       page=page, filters=filters, actions=ACTIONS)


@bp.get("/audit.csv")
def export_audit_log():
    """The events the filters keep, as CSV for Excel (dates in Paris time, ISO)."""
    filters = AuditFilters.from_args(request.args)
    events = db.session.scalars(filtered_events(filters).limit(EXPORT_CAP))
    return csv_download(
        ["Date et heure (Paris)", "Événement", "Code de l'événement", "Par", "Concerne",
         "Adresse IP", "Détails"],
        ([event.occurred_at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M:%S"),
          ACTIONS.get(event.action, event.action), event.action,
          event.actor.email if event.actor else "", event.target_label or "",
          event.ip_address or "",
          json.dumps(event.details, ensure_ascii=False, sort_keys=True) if event.details else ""]
         for event in events),
        "journal-audit")
