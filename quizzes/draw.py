"""Drawing the questions of an attempt: stratified by module, items shuffled per draw."""

import random
from collections.abc import Mapping, Sequence
from fractions import Fraction

from .model import Bank, DrawnQuestion, Question
from .types import TYPES

__all__ = ["MODULE_QUIZ_SIZE", "DrawnQuestion", "allocate", "arrange", "draw", "module_quiz"]

MODULE_QUIZ_SIZE = 6


def allocate(sizes: Mapping[str, int], count: int,
             weights: Mapping[str, float] | None = None) -> dict[str, int]:
    """How many questions each group gives: `count` split by weight, by largest remainders."""
    # A group the weights forget keeps weight 1: leaving a module out must be said with a 0.
    # What a group cannot give (it has too few questions) is shared again among the others.
    weight = {key: Fraction((weights or {}).get(key, 1)) for key in sizes}
    if any(w < 0 for w in weight.values()):
        raise ValueError(f"poids négatif : {dict(weights or {})}")
    given = dict.fromkeys(sorted(sizes), 0)
    remaining = min(count, sum(sizes[key] for key in given if weight[key] > 0))
    while remaining > 0:
        open_ = [key for key in given if given[key] < sizes[key] and weight[key] > 0]
        total = sum(weight[key] for key in open_)
        shares = {key: remaining * weight[key] / total for key in open_}
        round_ = {key: min(int(shares[key]), sizes[key] - given[key]) for key in open_}
        # Ties go to the group that sorts first: the same inputs always give the same split.
        for key in sorted(open_, key=lambda k: shares[k] - int(shares[k]), reverse=True):
            if sum(round_.values()) < remaining and round_[key] < sizes[key] - given[key]:
                round_[key] += 1
        for key, number in round_.items():
            given[key] += number
        remaining -= sum(round_.values())
    return given


def draw(questions_by_module: Mapping[str, Sequence[Question]], count: int,
         weights: Mapping[str, float] | None, rng: random.Random, *,
         exam_only: bool = True) -> list[DrawnQuestion]:
    """`count` questions stratified by module, grouped in module order, items shuffled."""
    # Fewer than `count` only when the pools together hold fewer questions.
    pools = {module: sorted((q for q in questions if q.exam or not exam_only),
                            key=lambda q: q.id)
             for module, questions in questions_by_module.items()}
    shares = allocate({module: len(pool) for module, pool in pools.items()}, count, weights)
    # Pools are sorted by id first, so the draw depends on the seed, not on the bank order.
    chosen = [q for module, number in shares.items() for q in rng.sample(pools[module], number)]
    return [arrange(question, rng) for question in chosen]


def arrange(question: Question, rng: random.Random) -> DrawnQuestion:
    """One question as it will be shown in this draw: its items in a fresh order."""
    return DrawnQuestion(question.id, *TYPES[question.type].arrange(question, rng))


def module_quiz(bank: Bank, count: int = MODULE_QUIZ_SIZE,
                rng: random.Random | None = None) -> list[DrawnQuestion]:
    """A module quiz: `count` questions spread over the lessons, `exam: false` ones included."""
    by_lesson: dict[str, list[Question]] = {}
    for question in bank.questions:
        by_lesson.setdefault(question.lesson_slug, []).append(question)
    return draw(by_lesson, count, None, rng or random.Random(), exam_only=False)
