"""The national forms, portals and help the course and the RL's to-do list send people to.

One data file, `resources.yaml`, holds them: a resource has an address only when the sources
spell it out; the others are named with their purpose and never given an invented link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["Resource", "resource", "resources", "resources_about"]

DATA = Path(__file__).with_name("resources.yaml")


@dataclass(frozen=True)
class Resource:
    """A form, a portal, a guide or a help desk, as the sources name it."""

    key: str
    name: str
    purpose: str
    source: str
    url: str | None = None
    email: str | None = None
    # What the resource helps with: `enregistrement` (module 4), `depart` (module 5), `aide`
    # (help desks and regional support); a lesson's resource box shows one topic.
    topics: tuple[str, ...] = ()

    @property
    def href(self) -> str | None:
        """Where a link may point: the stated address, a mailto for a help desk, or nothing."""
        if self.url:
            return self.url
        return f"mailto:{self.email}" if self.email else None


@cache
def resources() -> tuple[Resource, ...]:
    """Every resource, in the order of the data file."""
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(Resource(**{**entry, "topics": tuple(entry.get("topics", ()))})
                 for entry in entries)


def resources_about(topic: str) -> tuple[Resource, ...]:
    """The resources that help with `topic`, in the order of the data file."""
    return tuple(entry for entry in resources() if topic in entry.topics)


def resource(key: str) -> Resource:
    """The resource called `key`; a `KeyError` names an unknown one."""
    for candidate in resources():
        if candidate.key == key:
            return candidate
    raise KeyError(key)
