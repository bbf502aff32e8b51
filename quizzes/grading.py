"""Reading a submitted form and grading it, from the stored draw and the banks only."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .model import DrawnQuestion, Question
from .types import TYPES

FIELD_PREFIX = "q-"
NOT_IN_DRAW = "Cette question ne fait pas partie de votre épreuve."


@dataclass(frozen=True)
class QuestionResult:
    """One question of a graded attempt: the learner's response and whether it is right."""

    question_id: str
    module_slug: str
    correct: bool
    response: Any = None
    answered: bool = False


@dataclass(frozen=True)
class Result:
    """A graded attempt: the score, the verdict, and the score of every module."""

    score: int
    total: int
    percent: int
    passed: bool
    per_question: tuple[QuestionResult, ...]
    per_module: dict[str, tuple[int, int]]  # module slug → (right, asked), in draw order
    pass_mark: float = 0.8
    module_minimum: float = 0.0  # share of each module's questions to get right, besides

    @property
    def total_short(self) -> bool:
        """Below the pass mark over all the questions: a fail, whatever the modules."""
        return not _reaches(self.score, self.total, self.pass_mark)

    @property
    def modules_to_review(self) -> tuple[str, ...]:
        """The modules whose questions scored below the pass mark."""
        return tuple(module for module, (right, asked) in self.per_module.items()
                     if not _reaches(right, asked, self.pass_mark))

    @property
    def modules_short(self) -> tuple[str, ...]:
        """The modules below the per-module minimum: any of them fails the attempt."""
        return tuple(module for module, (right, asked) in self.per_module.items()
                     if self.module_minimum and not _reaches(right, asked, self.module_minimum))


def field_name(question_id: str) -> str:
    """The form field of a question: `q-<question id>`."""
    return FIELD_PREFIX + question_id


def parse_answer(question: Question, values: Sequence[str]) -> tuple[Any | None, str | None]:
    """One question's response from its posted values, or a French error; (None, None) if blank."""
    # Empty values are what an untouched <select> posts: they leave the question unanswered.
    values = [values] if isinstance(values, str) else [v for v in values if v != ""]
    if not values:
        return None, None
    kind = TYPES[question.type]
    response = kind.parse(question, values)
    if response is None:
        return None, f"Réponse non valable : {kind.hint}."
    return response, None


def parse_submission(drawn: Sequence[DrawnQuestion], form: Mapping[str, Sequence[str]],
                     questions: Mapping[str, Question]) -> tuple[dict[str, Any], dict[str, str]]:
    """The responses to the drawn questions, and a French error per refused field."""
    # Fields without the prefix (csrf_token, buttons) are not answers and are left alone.
    drawn_ids = {d.question_id for d in drawn}
    responses: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, values in form.items():
        if not name.startswith(FIELD_PREFIX):
            continue
        question_id = name[len(FIELD_PREFIX):]
        if question_id not in drawn_ids:
            errors[name] = NOT_IN_DRAW
            continue
        response, error = parse_answer(questions[question_id], values)
        if error:
            errors[name] = error
        elif response is not None:
            responses[question_id] = response
    return responses, errors


def grade(drawn: Sequence[DrawnQuestion], responses: Mapping[str, Any],
          questions: Mapping[str, Question], pass_mark: float = 0.8,
          module_minimum: float = 0.0) -> Result:
    """Grade the drawn questions only; an unanswered question counts as wrong.

    A pass needs `pass_mark` overall and `module_minimum` in every module asked.
    """
    per_question = []
    per_module: dict[str, tuple[int, int]] = {}
    for item in drawn:
        question = questions[item.question_id]
        answered = item.question_id in responses
        response = responses.get(item.question_id)
        correct = answered and TYPES[question.type].is_correct(question, response)
        per_question.append(QuestionResult(question.id, question.module_slug, correct,
                                           response, answered))
        right, asked = per_module.get(question.module_slug, (0, 0))
        per_module[question.module_slug] = (right + correct, asked + 1)
    score, total = sum(r.correct for r in per_question), len(per_question)
    # Rounded down: a failed 79.9 % must not read as 80 %.
    short = module_minimum and any(not _reaches(right, asked, module_minimum)
                                   for right, asked in per_module.values())
    return Result(score, total, 100 * score // total if total else 0,
                  _reaches(score, total, pass_mark) and not short, tuple(per_question),
                  per_module, pass_mark, module_minimum)


def _reaches(right: int, asked: int, pass_mark: float) -> bool:
    # Exact fractions: 0.55 × 100 as a float is 55.00000000000001, which 55 right would miss.
    mark = Fraction(str(pass_mark))
    return asked > 0 and Fraction(right, asked) >= mark
