"""Questions, banks, draws and what a learner may see of a question, as frozen values."""

import re
from dataclasses import dataclass
from typing import Any

# Question and option ids are written by hand in the banks and stored with every attempt.
ID = re.compile(r"[a-z0-9-]+")


@dataclass(frozen=True)
class Option:
    """A choice, an item to put in order, or one side of a pair to match."""

    id: str
    text: str


@dataclass(frozen=True)
class DrawnQuestion:
    """One question of an attempt with the order its items were shown in (stored as JSON)."""

    question_id: str
    option_order: tuple[str, ...] = ()
    left_order: tuple[str, ...] = ()
    right_order: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A dict of strings and lists, for a JSON column."""
        return {"question_id": self.question_id, "option_order": list(self.option_order),
                "left_order": list(self.left_order), "right_order": list(self.right_order)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "DrawnQuestion":
        """The value `to_json` stored; ValueError if `data` does not have its shape."""
        try:
            orders = [tuple(data.get(key, ())) for key in ("option_order", "left_order",
                                                            "right_order")]
            drawn = cls(data["question_id"], *orders)
        except (AttributeError, KeyError, TypeError) as error:
            raise ValueError(f"tirage illisible : {data!r}") from error
        if not all(isinstance(i, str) for i in (drawn.question_id, *sum(orders, ()))):
            raise ValueError(f"tirage illisible : {data!r}")
        return drawn


@dataclass(frozen=True)
class PublicQuestion:
    """What the learner sees before submitting: no answer, no explanation, items as drawn."""

    id: str
    type: str
    prompt: str
    options: tuple[Option, ...] = ()
    left: tuple[Option, ...] = ()
    right: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Question:
    """A bank question with its answer; only its `public` view is rendered before submission.

    `answer` depends on the type: an option id (single), a tuple of ids (multiple), a bool
    (true_false), None (ordering: `options` are in the right order) or a tuple of
    (left id, right id) pairs (matching).
    """

    id: str
    module_slug: str
    lesson_slug: str
    type: str
    prompt: str
    explanation: str
    options: tuple[Option, ...] = ()
    answer: Any = None
    left: tuple[Option, ...] = ()
    right: tuple[Option, ...] = ()
    exam: bool = True
    path: str = ""
    line: int = 1
    source: str = ""  # exam pool: the seed deck or DOMAIN.md passage the question rests on

    @property
    def lesson_key(self) -> str:
        """`<module>/<lesson>`, as courses name the lesson that teaches this question."""
        return f"{self.module_slug}/{self.lesson_slug}"

    def public(self, drawn: DrawnQuestion) -> PublicQuestion:
        """This question as shown in `drawn`: the only view to render before submission."""
        if drawn.question_id != self.id:
            raise ValueError(f"tirage de {drawn.question_id}, pas de {self.id}")
        return PublicQuestion(self.id, self.type, self.prompt,
                              _arranged(self.options, drawn.option_order),
                              _arranged(self.left, drawn.left_order),
                              _arranged(self.right, drawn.right_order))


@dataclass(frozen=True)
class Bank:
    """The questions of one module of a course, in bank order: the quiz's, and the exam pool's.

    The final exam draws from `exam_questions` only, which the module quiz never shows.
    """

    course_slug: str
    module_slug: str
    questions: tuple[Question, ...]
    exam_questions: tuple[Question, ...] = ()


def _arranged(items: tuple[Option, ...], order: tuple[str, ...]) -> tuple[Option, ...]:
    # A bank edited after the draw may have dropped or added items: keep what still exists in
    # the order shown, then anything new, rather than failing a stored attempt's review.
    by_id = {item.id: item for item in items}
    shown = tuple(by_id[i] for i in order if i in by_id)
    return shown + tuple(item for item in items if item.id not in order)
