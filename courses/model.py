"""The course as frozen values: a course has modules, a module has lessons."""

import re
from dataclasses import dataclass, field
from functools import cached_property

# How modules and lessons are named (their folder or file): `NN-mots-en-minuscules`.
ORDERED_NAME = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    term: str
    definition: str
    expansion: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        name = self.term.lower().replace("+", "-plus")
        return "terme-" + "-".join("".join(c if c.isalnum() else " " for c in name).split())

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class Lesson:
    """One lesson: a few minutes of reading."""

    module_slug: str
    slug: str
    title: str
    minutes: float  # whole or half minutes
    body: str
    path: str = ""
    body_line: int = 1  # line of the file where the body starts, for error messages
    # Former keys (`<module>/<lesson>`) of this lesson: whoever read one of them read this one.
    formerly: tuple[str, ...] = ()

    @property
    def minutes_fr(self) -> str:
        """The reading time in French: « 2 min », « 1 min 30 »."""
        whole = int(self.minutes)
        return f"{whole} min 30" if self.minutes - whole else f"{whole} min"

    @cached_property
    def key(self) -> str:
        """`<module>/<lesson>`: how progress and links name a lesson."""
        return f"{self.module_slug}/{self.slug}"


@dataclass(frozen=True)
class Module:
    """A module: lessons in order, ending with its key points."""

    slug: str
    number: int
    title: str
    summary: str
    key_points: tuple[str, ...]
    intro: str
    lessons: tuple[Lesson, ...]
    content_hash: str
    formerly: tuple[str, ...] = ()  # former slugs: quizzes passed under them count here

    @property
    def minutes(self) -> int:
        """The module's reading time, rounded to the minute."""
        return round(sum(lesson.minutes for lesson in self.lessons))


@dataclass(frozen=True)
class Course:
    """A course with its version, modules and glossary."""

    slug: str
    title: str
    version: str
    summary: str
    intro: str
    modules: tuple[Module, ...]
    glossary: tuple[Term, ...] = field(default=())

    # Cached: a frozen course never changes, and every page of it walks its lessons.
    @cached_property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(lesson for module in self.modules for lesson in module.lessons)

    @property
    def minutes(self) -> int:
        """The course's declared length: the reading time of its lessons, as the course page
        announces it and the attestation prints it (one figure)."""
        return round(sum(lesson.minutes for lesson in self.lessons))

    @cached_property
    def renamed_lessons(self) -> dict[str, tuple[str, ...]]:
        """Former lesson key → the current keys that took it over (two or more: a split).

        A renamed module takes its lessons' keys along (`<former module>/<lesson>`).
        """
        renamed: dict[str, list[str]] = {}
        for module in self.modules:
            for lesson in module.lessons:
                former = (*lesson.formerly, *(f"{old}/{lesson.slug}" for old in module.formerly))
                for key in dict.fromkeys(former):
                    renamed.setdefault(key, []).append(lesson.key)
        return {key: tuple(current) for key, current in renamed.items()}

    @cached_property
    def renamed_modules(self) -> dict[str, str]:
        """Former module slug → the current module's slug."""
        return {old: module.slug for module in self.modules for old in module.formerly}

    def module(self, slug: str) -> Module | None:
        return next((m for m in self.modules if m.slug == slug), None)

    def lesson(self, key: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.key == key), None)

    def neighbours(self, key: str) -> tuple[Lesson | None, Lesson | None]:
        """The lessons before and after `key` in reading order."""
        keys = [lesson.key for lesson in self.lessons]
        index = keys.index(key)
        lessons = self.lessons
        return (lessons[index - 1] if index else None,
                lessons[index + 1] if index + 1 < len(lessons) else None)
