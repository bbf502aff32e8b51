"""What every template may use: French dates, the person's role and navigation, asset URLs."""

import hashlib
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from directory.structures import StructureRole

from .audit import ACTIONS
from .auth.sessions import learner_standing, structure_role
from .models import PlatformRole, User
from .security import csrf_field
from .timekeeping import french_date, french_datetime
from .wording import counted

STATIC = Path(__file__).resolve().parent / "static"
# Bound on the URLs kept per app: arguments may come from requests, memory may not grow with them.
MAX_CACHED_URLS = 4096


def cached_url(urls: dict, script_root: str, endpoint: str, /, **values) -> str:
    """`url_for`, built once per route, arguments and script root, and kept in `urls`.

    The routes are fixed once the app starts and no `url_defaults` hook is installed, so the same
    call always gives the same path: a page showing thirty links need not build them each time.
    """
    key = (script_root, endpoint, *sorted(values.items()))
    try:
        return urls[key]
    except KeyError:
        pass
    except TypeError:  # an unhashable argument
        return url_for(endpoint, **values)
    url = url_for(endpoint, **values)
    # Relative endpoints (".x") and options ("_external"…) depend on more than the key holds.
    if endpoint[:1] != "." and not any(name[:1] == "_" for name in values):
        if len(urls) >= MAX_CACHED_URLS:
            urls.clear()
        urls[key] = url
    return url


@dataclass(frozen=True)
class NavItem:
    """A menu entry: the endpoint of its page and its label."""

    endpoint: str
    label: str


@dataclass(frozen=True)
class NavLink:
    """A menu entry as shown: `current` on its page, or a page below it ("/formation/…")."""

    label: str
    url: str
    current: bool


def role_label(user: User) -> str:
    """The role shown next to the person's name in the header.

    A learner is « Gestionnaire RPPS+ » once habilitated only: being designated by a structure
    is not the habilitation, which the RL records after the e-learning.
    """
    if user.role is not PlatformRole.LEARNER:
        return user.role.label
    role = structure_role(user)
    if role in (StructureRole.LEGAL_REP, StructureRole.DELEGATE):
        return role.label
    return learner_standing(user).label


def manages_structures(user: User) -> bool:
    """Whether the person is RL or mandataire of at least one structure."""
    return structure_role(user) in (StructureRole.LEGAL_REP, StructureRole.DELEGATE)


def navigation(user: User) -> list[NavItem]:
    """The menu of a signed-in person, by role."""
    items = [NavItem("home.index", "Accueil"), NavItem("learn.catalogue", "Formation")]
    if user.is_learner:  # the registration simulator, beside the course it goes with
        items.append(NavItem("practice.index", "Entraînement"))
    if user.is_admin:
        items += [
            NavItem("admin.organisations", "Structures"),
            NavItem("admin.people", "Personnes"),
            NavItem("attestations.corrections", "Corrections d'identité"),
            NavItem("admin.audit_log", "Journal d'audit"),
            NavItem("admin.outbox", "E-mails envoyés"),
            NavItem("webinars.index", "Webinaires"),
        ]
    elif user.is_trainer or manages_structures(user):
        label = "Structures" if user.is_trainer else "Ma structure"
        items.append(NavItem("structures.index", label))
        if user.is_trainer:
            items += [NavItem("region.index", "Ma région"),
                      NavItem("attestations.corrections", "Corrections d'identité")]
    if not user.is_admin:  # an admin's is in their own menu, above
        items.append(NavItem("webinars.index", "Webinaires"))
    items.append(NavItem("account.index", "Mon compte"))
    return items


@cache
def asset_version(filename: str) -> str:
    """A short hash of a static file, so that browsers may cache it for ever."""
    return hashlib.sha256((STATIC / filename).read_bytes()).hexdigest()[:10]


def asset_url(filename: str, build_url=url_for) -> str:
    """URL of a static file with its version."""
    return build_url("static", filename=filename, v=asset_version(filename))


def nav_links(items: list[NavItem], build_url) -> list[NavLink]:
    """The menu's links, the one of the page shown marked current."""
    path, links = request.path, []
    for item in items:
        url = build_url(item.endpoint)
        below = url != "/" and path.startswith(url.rstrip("/") + "/")
        links.append(NavLink(item.label, url, path == url or below))
    return links


def template_globals() -> dict:
    if not has_request_context():
        return {"asset_url": asset_url}
    # Bound to this request once: templates call them dozens of times per page.
    build_url = partial(cached_url, current_app.extensions["cached_urls"], request.script_root)
    user = current_user._get_current_object()
    signed_in = user.is_authenticated
    return {
        "url_for": build_url,
        "asset_url": partial(asset_url, build_url=build_url),
        # Signed once per page, however many forms the page has.
        "csrf_token": cache(generate_csrf),
        # htmx's header carries the token for the signed-in pages' buttons that post. A visitor
        # without a session gets none: signing a new token would start a session and set a
        # cookie on every public page (a QR code scan, `/verify/…`). Their forms carry their own.
        "csrf_header": signed_in or csrf_field() in session,
        "nav_items": nav_links(navigation(user), build_url) if signed_in else [],
        "current_role_label": role_label(user) if signed_in else None,
    }


def init_app(app: Flask) -> None:
    """Register filters and globals."""
    app.jinja_env.filters["date_fr"] = french_date
    app.jinja_env.filters["datetime_fr"] = french_datetime
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["audit_actions"] = ACTIONS
    app.jinja_env.globals["counted"] = counted
    app.extensions["cached_urls"] = {}
    app.context_processor(template_globals)
