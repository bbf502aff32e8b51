"""What every template may use: French dates, the person's role and navigation, asset URLs."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Flask, request, url_for
from flask_login import current_user

from directory.structures import StructureRole

from .audit import ACTIONS
from .models import PlatformRole, User
from .timekeeping import french_date, french_datetime

STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str

    @property
    def url(self) -> str:
        return url_for(self.endpoint)

    @property
    def current(self) -> bool:
        """This item's page, or a page below it (`/formation/…` for "Formation")."""
        url = self.url
        below = url != "/" and request.path.startswith(url.rstrip("/") + "/")
        return request.path == url or below


def role_label(user: User) -> str:
    """The role shown next to the person's name in the header."""
    if user.role is not PlatformRole.LEARNER:
        return user.role.label
    roles = {m.role for m in user.active_memberships}
    for role in (StructureRole.LEGAL_REP, StructureRole.DELEGATE, StructureRole.GESTIONNAIRE):
        if role.value in roles:
            return role.label
    return PlatformRole.LEARNER.label


def manages_structures(user: User) -> bool:
    """Whether the person is RL or mandataire of at least one structure."""
    managers = {StructureRole.LEGAL_REP.value, StructureRole.DELEGATE.value}
    return any(m.role in managers for m in user.active_memberships)


def navigation(user: User) -> list[NavItem]:
    """The menu of a signed-in person, by role."""
    items = [NavItem("home.index", "Accueil"), NavItem("learn.catalogue", "Formation")]
    if user.is_admin:
        items += [
            NavItem("admin.organisations", "Structures"),
            NavItem("admin.people", "Personnes"),
            NavItem("admin.audit_log", "Journal d'audit"),
            NavItem("admin.outbox", "E-mails envoyés"),
        ]
    elif user.is_trainer or manages_structures(user):
        label = "Structures" if user.is_trainer else "Ma structure"
        items.append(NavItem("structures.index", label))
        if user.is_trainer:
            items.append(NavItem("region.index", "Ma région"))
    if not user.is_admin:
        items.append(NavItem("webinars.index", "Webinaires"))
    items.append(NavItem("account.index", "Mon compte"))
    return items


@cache
def asset_version(filename: str) -> str:
    """A short hash of a static file, so that browsers may cache it for ever."""
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """URL of a static file with its version."""
    return url_for("static", filename=filename, v=asset_version(filename))


def template_globals() -> dict:
    user = current_user
    signed_in = user.is_authenticated
    return {
        "asset_url": asset_url,
        "nav_items": navigation(user) if signed_in else [],
        "current_role_label": role_label(user) if signed_in else None,
    }


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters["date_fr"] = french_date
    app.jinja_env.filters["datetime_fr"] = french_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["audit_actions"] = ACTIONS
    app.context_processor(template_globals)
