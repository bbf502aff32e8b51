"""The practice cases: fictional situations as data files, loaded and reviewed like lessons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from courses.problems import Problem  # the same `path:line: message` as the course's problems
from directory.identifiers import InvalidIdentifier, normalize_finess, normalize_rpps

from .form import DECISION_STEP, FIELDS, STEP_OF_FIELD

__all__ = ["CASES_DIR", "COURSE", "Case", "Expectation", "Problem", "case_problems", "load_cases"]

CASES_DIR = Path(__file__).resolve().parent / "cases"
# The course whose lessons the cases point at (`<module>/<lesson>` keys).
COURSE = "devenir-gestionnaire"
# « seed 003, l. 389 » or « seed 000, l. 40-42 »: the lines of the presentations a case rests on.
SOURCE_LINE = re.compile(r"seed 00[03], l\. \d+")
_LINE = "__line__"


@dataclass(frozen=True)
class Expectation:
    """What a field should hold in this case, why, and which lesson teaches it."""

    field: str
    value: str | bool
    reason: str
    lesson: str
    # Values a learner is likely to type and why each is wrong (a shared phone, another EG…).
    traps: tuple[tuple[str, str], ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Case:
    """A fictional professional and structure, and the answers expected from the gestionnaire."""

    key: str
    title: str
    summary: str
    situation: str
    structure_name: str
    sites: tuple[tuple[str, str], ...]
    facts: tuple[tuple[str, str], ...]
    expected: dict[str, Expectation]
    sources: tuple[str, ...]
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def decision(self) -> str:
        """The right move: `enregistrer`, `modifier` or `ne_pas_enregistrer`."""
        return str(self.expected["demarche"].value)

    @property
    def role(self) -> str | None:
        """The expected RPPS+ role code, when the case expects one."""
        expectation = self.expected.get("role")
        return str(expectation.value) if expectation else None


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that remembers the line of each mapping, for `file:line:` messages."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        # Key → the line it is on; "" → the line the mapping starts on.
        mapping[_LINE] = {"": node.start_mark.line + 1} | {
            key.value: key.start_mark.line + 1 for key, _ in node.value}
        return mapping


def _pairs(items) -> tuple[tuple[str, str], ...]:
    return tuple((str(item.get("label", "")), str(item.get("value", ""))) for item in items or ())


def _case(path: Path, data: dict) -> Case:
    expected = {}
    expected_lines = (data.get("expected") or {}).get(_LINE, {})
    for key, spec in (data.get("expected") or {}).items():
        if key == _LINE:
            continue
        spec = spec if isinstance(spec, dict) else {"value": spec}
        traps = tuple((str(t.get("value", "")), str(t.get("reason", "")))
                      for t in spec.get("traps") or ())
        value = spec.get("value", "")
        expected[key] = Expectation(key, value if isinstance(value, bool) else str(value),
                                    str(spec.get("reason", "")), str(spec.get("lesson", "")),
                                    traps, expected_lines.get(key, 0))
    structure = data.get("structure") or {}
    return Case(
        key=path.stem, title=str(data.get("title", "")), summary=str(data.get("summary", "")),
        situation=str(data.get("situation", "")).strip(),
        structure_name=str(structure.get("name", "")),
        sites=tuple((str(s.get("name", "")), str(s.get("finess", "")))
                    for s in structure.get("sites") or ()),
        facts=_pairs(data.get("facts")), expected=expected,
        sources=tuple(str(s) for s in data.get("sources") or ()), path=str(path),
        lines=data[_LINE],
    )


def read_case(path: Path) -> Case:
    """One case file (ValueError on a file that is not a YAML mapping)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    if not isinstance(data, dict):
        raise ValueError(f"{path}: un cas est un dictionnaire YAML")
    return _case(path, data)


@cache
def load_cases(directory: Path = CASES_DIR) -> dict[str, Case]:
    """Every case, by key, in file-name order."""
    return {case.key: case for case in map(read_case, sorted(directory.glob("*.yaml")))}


def _value_problem(expectation: Expectation, role_codes: frozenset[str]) -> str | None:
    spec = FIELDS[expectation.field]
    value = expectation.value
    if spec.kind == "confirmation":
        return None if isinstance(value, bool) else "une confirmation attend true ou false"
    if expectation.field == "role" and value not in role_codes:
        return f"le rôle attendu {value!r} n'est pas dans les données des rôles"
    if spec.choices and value not in dict(spec.choices):
        return f"{value!r} n'est pas un choix possible pour « {spec.label} »"
    try:
        if spec.kind == "finess":
            normalize_finess(str(value))
        elif spec.kind == "rpps":
            normalize_rpps(str(value))
    except InvalidIdentifier as error:
        return f"« {spec.label} » : {error}"
    return None


def _problems_of(case: Case, lesson_keys: frozenset[str], role_codes: frozenset[str]):
    def at(key: str) -> int:
        return case.lines.get(key, 1)

    if not case.sources or not all(SOURCE_LINE.search(s) for s in case.sources):
        yield at("sources"), ("le cas doit citer ses sources : « seed 003, l. N » "
                              "(les lignes des présentations)")
    for key in ("title", "situation"):
        if not getattr(case, key):
            yield 1, f"champ « {key} » manquant"
    if "demarche" not in case.expected:
        yield at("expected"), "« demarche » attendue manquante (enregistrer, modifier…)"
        return
    for name, finess in case.sites:
        try:
            normalize_finess(finess)
        except InvalidIdentifier as error:
            yield at("structure"), f"FINESS de « {name} » : {error}"
    for label, value in case.facts:
        try:
            if "RPPS" in label:  # a fictional number, but of valid format and key
                normalize_rpps(value)
        except InvalidIdentifier as error:
            yield at("facts"), f"« {label} » : {error}"
    for expectation in case.expected.values():
        line = expectation.line or at("expected")
        if expectation.field not in FIELDS:
            yield line, f"champ inconnu : {expectation.field!r}"
            continue
        if not expectation.reason:
            yield line, f"« {expectation.field} » : la raison (reason) manque"
        if expectation.lesson not in lesson_keys:
            yield line, f"« {expectation.field} » : leçon inconnue {expectation.lesson!r}"
        problem = _value_problem(expectation, role_codes)
        if problem:
            yield line, problem
        if (case.decision != "enregistrer"
                and STEP_OF_FIELD[expectation.field] != DECISION_STEP):
            yield line, "un cas où l'on n'enregistre pas n'attend rien des quatre étapes"
    if case.decision == "modifier" and "rpps" not in case.expected:
        yield at("expected"), "modifier un enregistrement demande le numéro RPPS attendu"


def case_problems(lesson_keys, role_codes, directory: Path = CASES_DIR,
                  minimum: int = 12) -> list[Problem]:
    """Every problem of every case file (empty when all is well).

    `lesson_keys` are the `<module>/<lesson>` keys a case may point at; `role_codes` the codes
    of the shared role data.
    """
    lesson_keys, role_codes = frozenset(lesson_keys), frozenset(role_codes)
    problems = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            case = read_case(path)
        except (yaml.YAMLError, ValueError) as error:
            problems.append(Problem(str(path), 1, f"YAML illisible : {error}"))
            continue
        problems += [Problem(str(path), line, message)
                     for line, message in _problems_of(case, lesson_keys, role_codes)]
    if not problems and len(list(directory.glob("*.yaml"))) < minimum:
        problems.append(Problem(str(directory), 1, f"au moins {minimum} cas attendus"))
    return problems
