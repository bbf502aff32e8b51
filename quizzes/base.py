"""What every question type knows, and the helpers the types share."""

import random
from abc import ABC, abstractmethod
from typing import Any

from .model import ID, Option, Question

Orders = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class QuestionType(ABC):
    """What a type knows: its bank fields, how to check, read, grade and show an answer."""

    name = ""
    label = ""
    fields: frozenset[str] = frozenset({"options", "answer"})  # besides id, type, lesson, ...
    option_counts = (2, 6)
    fixed_options: tuple[Option, ...] = ()  # options the bank does not write
    hint = ""  # what a valid response is, in French, for the learner who sent an invalid one
    # A review marks each option chosen or right (choices); else it compares two answers.
    option_marks = True

    def validate(self, question: Question) -> list[str]:
        """The problems of this question, in French (empty when it is sound)."""
        if "options" not in self.fields:
            return self.validate_answer(question)
        return (check_items("options", question.options, self.option_counts)
                + self.validate_answer(question))

    def validate_answer(self, question: Question) -> list[str]:
        """The problems of the `answer` field, in French."""
        return []

    @abstractmethod
    def parse(self, question: Question, values: list[str]) -> Any | None:
        """The response posted as `values` (form values of `q-<id>`); None if malformed."""

    def is_correct(self, question: Question, response: Any) -> bool:
        """Whether a parsed response is the right answer."""
        return response == self.right_response(question)

    def correct_display(self, question: Question) -> str:
        """The right answer, as French text for the review."""
        return self.response_display(question, self.right_response(question))

    @abstractmethod
    def response_display(self, question: Question, response: Any) -> str:
        """A parsed response, as French text for the review."""

    def right_response(self, question: Question) -> Any:
        """The response `parse` gives for the right answer."""
        return question.answer

    def values(self, response: Any) -> list[str]:
        """The form values that post `response` again (to keep a learner's input)."""
        return list(response)

    def arrange(self, question: Question, rng: random.Random) -> Orders:
        """The order to show options, left and right items in for one draw."""
        return shuffled(question.options, rng), (), ()


def item_ids(items: tuple[Option, ...]) -> tuple[str, ...]:
    """The ids of these options or items, in order."""
    return tuple(item.id for item in items)


def texts(items: tuple[Option, ...], ids, separator: str = " ; ") -> str:
    """The texts of the items with these ids, in the order of `ids`."""
    by_id = {item.id: item.text for item in items}
    return separator.join(by_id[i] for i in ids)


def shuffled(items: tuple[Option, ...], rng: random.Random) -> tuple[str, ...]:
    """The ids of these items in a random order drawn from `rng`."""
    order = list(item_ids(items))
    rng.shuffle(order)
    return tuple(order)


def check_items(field: str, items: tuple[Option, ...], counts: tuple[int, int]) -> list[str]:
    """Problems of a list of options or items: count, id format, duplicate ids, texts."""
    low, high = counts
    problems = [] if low <= len(items) <= high else [
        f"{field} : de {low} à {high} éléments attendus, {len(items)} trouvés"]
    ids = item_ids(items)
    problems += [f"{field} : identifiant invalide {i!r} (minuscules, chiffres, tirets)"
                 for i in ids if not isinstance(i, str) or not ID.fullmatch(i)]
    problems += [f"{field} : identifiant en double : {i}"
                 for i in sorted({i for i in ids if ids.count(i) > 1}, key=str)]
    problems += [f"{field} : l'élément {item.id!r} n'a pas de texte" for item in items
                 if not isinstance(item.text, str) or not item.text.strip()]
    return problems
