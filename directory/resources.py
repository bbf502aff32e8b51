"""The national forms, portals and help the course and the RL's to-do list send people to.

One data file, `resources.yaml`, holds them: a resource has an address only when the sources
spell it out; the others are named with their purpose and never given an invented link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["Resource", "resource", "resources"]

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
    return tuple(Resource(**entry) for entry in entries)


def resource(key: str) -> Resource:
    """The resource called `key`; a `KeyError` names an unknown one."""
    for candidate in resources():
        if candidate.key == key:
            return candidate
    raise KeyError(key)
