"""Quizzes and the final exam, in pure Python: question types, banks, draws and grading."""

from .draw import allocate, arrange, draw, module_quiz
from .generated import generated_questions
from .grading import (
    QuestionResult,
    Result,
    field_name,
    grade,
    parse_answer,
    parse_submission,
)
from .loader import BANKS, check_banks, load_banks, questions_by_id
from .model import Bank, DrawnQuestion, Option, PublicQuestion, Question
from .types import TYPES, QuestionType

__all__ = [
    "BANKS",
    "TYPES",
    "Bank",
    "DrawnQuestion",
    "Option",
    "PublicQuestion",
    "Question",
    "QuestionResult",
    "QuestionType",
    "Result",
    "allocate",
    "arrange",
    "check_banks",
    "draw",
    "field_name",
    "generated_questions",
    "grade",
    "load_banks",
    "module_quiz",
    "parse_answer",
    "parse_submission",
    "questions_by_id",
]
