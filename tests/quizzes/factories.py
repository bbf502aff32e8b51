"""Plain factories for quiz tests: one sound question of each type, and a small course."""

from dataclasses import replace

from courses.model import Course, Lesson, Module
from quizzes.model import Option, Question
from quizzes.types import TYPES


def options(*ids: str) -> tuple[Option, ...]:
    """Options whose text is the id capitalised (`a` → `A`)."""
    return tuple(Option(i, i.capitalize()) for i in ids)


SAMPLES = {
    "single": dict(options=options("a", "b", "c"), answer="b"),
    "multiple": dict(options=options("a", "b", "c", "d"), answer=("a", "c")),
    "true_false": dict(options=TYPES["true_false"].fixed_options, answer=True),
    "ordering": dict(options=options("un", "deux", "trois", "quatre")),
    "matching": dict(left=options("l1", "l2", "l3"), right=options("r1", "r2", "r3", "r4"),
                     answer=(("l1", "r2"), ("l2", "r3"), ("l3", "r1"))),
}

# For each type: the right values, a wrong but well-formed set, and malformed ones.
RIGHT = {
    "single": ["b"],
    "multiple": ["c", "a"],
    "true_false": ["vrai"],
    "ordering": ["un", "deux", "trois", "quatre"],
    "matching": ["l3:r1", "l1:r2", "l2:r3"],
}
WRONG = {
    "single": ["a"],
    "multiple": ["a", "c", "d"],
    "true_false": ["faux"],
    "ordering": ["deux", "un", "trois", "quatre"],
    "matching": ["l1:r3", "l2:r2", "l3:r1"],
}
MALFORMED = {
    "single": [["z"], ["a", "b"], ["b", "b"], []],
    "multiple": [["a", "z"], ["a", "a", "c"], []],
    "true_false": [["oui"], ["vrai", "faux"], ["Vrai"], []],
    "ordering": [["un", "deux", "trois"], ["un", "un", "deux", "trois"],
                 ["un", "deux", "trois", "cinq"]],
    "matching": [["l1:r2", "l2:r3"], ["l1:r2", "l1:r3", "l3:r1"], ["l1:r9", "l2:r3", "l3:r1"],
                 ["l1-r2", "l2:r3", "l3:r1"], ["l1:r2:r3", "l2:r3", "l3:r1"]],
}


def make_question(type_: str = "single", id: str | None = None, module: str = "01-premier",
                  lesson: str = "01-intro", **fields) -> Question:
    """A sound question of this type; `fields` replace any of its values."""
    question = Question(id or f"{type_.replace('_', '-')}-1", module, lesson, type_,
                        f"Question {type_} ?", "Parce que la leçon le dit.", **SAMPLES[type_])
    return replace(question, **fields)


def make_course(slug: str = "essai", modules=("01-premier", "02-second")) -> Course:
    """A course whose modules each have lessons `01-intro` and `02-suite`."""
    return Course(slug, "Cours d'essai", "1", "", "", tuple(
        Module(module, number, module, "", (), "", tuple(
            Lesson(module, lesson, lesson, 4, "") for lesson in ("01-intro", "02-suite")), "h")
        for number, module in enumerate(modules, start=1)))
