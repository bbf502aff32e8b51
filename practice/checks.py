"""Reading a step of the simulated form, and checking it against a case's expected answers.

Only the fields a case expects are checked: where the sources say nothing about a field, the
simulator says nothing either (`unchecked`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from directory.identifiers import (
    InvalidIdentifier,
    normalize_finess,
    normalize_mobile_phone,
    normalize_rpps,
)

from .cases import Case, Expectation
from .form import FIELDS, FormField, step_by_number

__all__ = ["FIXED", "RIGHT", "WRONG", "StepCheck", "Verdict", "attempt_results", "check_step",
           "read_step"]

MAX_LENGTH = 200
CHECKED = "oui"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class Verdict:
    """One field after a step: right, to correct, or not checked in this case."""

    field: FormField
    typed: str
    status: str  # "right", "wrong" or "unchecked"
    reason: str = ""
    lesson: str = ""
    expected: str = ""

    @property
    def right(self) -> bool:
        return self.status == "right"

    @property
    def wrong(self) -> bool:
        return self.status == "wrong"

    @property
    def checked(self) -> bool:
        """Whether the case says anything about this field (otherwise nothing is checked)."""
        return self.status != "unchecked"


@dataclass(frozen=True)
class StepCheck:
    """The verdicts of one step."""

    number: int
    verdicts: tuple[Verdict, ...]

    @property
    def mistakes(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.wrong)


def _clean_date(value: str) -> str:
    match = _FRENCH_DATE.fullmatch(value)
    if match:  # a browser without a date picker lets people type 12/03/1985
        day, month, year = map(int, match.groups())
        return date(year, month, day).isoformat()
    return date.fromisoformat(value).isoformat()


def read_step(number: int, form: Mapping) -> tuple[dict[str, str], dict[str, str]]:
    """The step's entries as typed (cleaned), and field → French message for unusable ones."""
    entries, errors = {}, {}
    for spec in step_by_number(number).fields:
        if spec.kind == "confirmation":
            entries[spec.key] = CHECKED if form.get(spec.key) else ""
            continue
        value = " ".join(str(form.get(spec.key) or "").split()) if spec.kind != "text" else \
            str(form.get(spec.key) or "").strip()
        entries[spec.key] = value
        if not value:
            continue
        if len(value) > MAX_LENGTH:
            errors[spec.key] = f"{MAX_LENGTH} caractères au plus."
            entries[spec.key] = value[:MAX_LENGTH]  # kept for the page, never stored whole
        elif _CONTROL.search(value):
            errors[spec.key] = "Ce champ contient des caractères non autorisés."
        elif spec.choices and value not in dict(spec.choices):
            errors[spec.key] = "Choisissez une des valeurs proposées."
        elif spec.kind == "date":
            try:
                entries[spec.key] = _clean_date(value)
            except ValueError:
                errors[spec.key] = "Saisissez une date au format JJ/MM/AAAA."
    return entries, errors


def _canonical(spec: FormField, value: str) -> str:
    """The form in which two values of this field compare; InvalidIdentifier if unusable."""
    if spec.kind == "phone":
        return normalize_mobile_phone(value)
    if spec.kind == "finess":
        return normalize_finess(value)
    if spec.kind == "rpps":
        return normalize_rpps(value)
    if spec.kind == "confirmation":
        return "true" if value in (True, CHECKED) else "false"
    return " ".join(str(value).split()).casefold()


def shown(spec: FormField, value: str | bool) -> str:
    """A value as the page shows it: a choice's label, a confirmation's state."""
    if spec.kind == "confirmation":
        return "cochée" if value in (True, CHECKED) else "non cochée"
    if spec.kind == "date" and value:
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    return dict(spec.choices).get(str(value), str(value))


def judge(expectation: Expectation, typed: str) -> Verdict:
    """The verdict on one typed value against what the case expects."""
    spec = FIELDS[expectation.field]
    expected = shown(spec, expectation.value)
    common = dict(field=spec, typed=typed, lesson=expectation.lesson, expected=expected)
    if not typed and spec.kind != "confirmation":
        return Verdict(status="wrong", reason=f"Non renseigné. {expectation.reason}", **common)
    try:
        answer = _canonical(spec, typed)
    except InvalidIdentifier as error:
        return Verdict(status="wrong", reason=f"{error} {expectation.reason}", **common)
    if answer == _canonical(spec, expectation.value):
        return Verdict(status="right", reason=expectation.reason, **common)
    for trap, why in expectation.traps:
        try:
            if answer == _canonical(spec, trap):
                return Verdict(status="wrong", reason=why, **common)
        except InvalidIdentifier:
            continue
    return Verdict(status="wrong", reason=expectation.reason, **common)


def check_step(case: Case, number: int, entries: Mapping[str, str]) -> StepCheck:
    """Every field of the step: checked where the case expects a value, else left unchecked."""
    verdicts = []
    for spec in step_by_number(number).fields:
        typed = entries.get(spec.key, "")
        expectation = case.expected.get(spec.key)
        if expectation is None:
            verdicts.append(Verdict(spec, typed, "unchecked"))
        else:
            verdicts.append(judge(expectation, typed))
    return StepCheck(number, tuple(verdicts))


RIGHT, FIXED, WRONG = "right", "fixed", "wrong"


def attempt_results(case: Case, entries: Mapping[str, str], missed=()) -> dict[str, str]:
    """Field → `right`, `fixed` (right once corrected after a feedback) or `wrong`, for every
    field the case expects: what an attempt keeps at the end. `missed` are the fields found
    wrong at some check during the attempt."""
    results = {}
    for key, expectation in case.expected.items():
        right = judge(expectation, entries.get(key, "")).right
        results[key] = WRONG if not right else FIXED if key in missed else RIGHT
    return results
