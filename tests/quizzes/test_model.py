"""What a learner may see of a question before submitting, and how a draw is stored."""

import json
import random
from dataclasses import asdict, fields, replace

import pytest

from quizzes.draw import arrange
from quizzes.model import DrawnQuestion, Option, PublicQuestion

from .factories import SAMPLES, make_question

# For each type, another answer the same question could have had.
OTHER_ANSWERS = {
    "single": "c",
    "multiple": ("b", "d"),
    "true_false": False,
    "matching": (("l1", "r1"), ("l2", "r2"), ("l3", "r3")),
}


def test_public_view_has_no_field_for_the_answer():
    """Does the value rendered before submission hold only the prompt and the items?"""
    assert [f.name for f in fields(PublicQuestion)] == [
        "id", "type", "prompt", "options", "left", "right"]


@pytest.mark.parametrize("name", sorted(OTHER_ANSWERS))
def test_public_view_does_not_depend_on_the_answer(name):
    """Would two questions differing only by their answer look the same to the learner?"""
    question = make_question(name)
    drawn = arrange(question, random.Random(1))
    other = replace(question, answer=OTHER_ANSWERS[name])
    assert question.public(drawn) == other.public(drawn)
    assert repr(question.public(drawn)) == repr(other.public(drawn))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_public_view_carries_no_explanation_and_no_verdict(name):
    """Is the explanation absent, and is there no true/false value in the public view?"""
    question = make_question(name)
    public = question.public(arrange(question, random.Random(2)))
    assert question.explanation not in repr(public)

    def leaves(value):
        if isinstance(value, dict | list | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                yield from leaves(item)
        else:
            yield value

    assert all(isinstance(leaf, str) for leaf in leaves(asdict(public)))


def test_matching_pairs_do_not_reach_the_learner():
    """Is no `left:right` pair of the answer written anywhere in a matching question's view?"""
    question = make_question("matching")
    text = repr(asdict(question.public(arrange(question, random.Random(3)))))
    for left, right in question.answer:
        assert f"{left}:{right}" not in text and f"('{left}', '{right}')" not in text


def test_ordering_is_shown_as_drawn_not_as_written():
    """Does an ordering question show its items in the drawn order, not the right one?"""
    question = make_question("ordering")
    drawn = DrawnQuestion(question.id, ("trois", "un", "quatre", "deux"))
    assert [o.id for o in question.public(drawn).options] == ["trois", "un", "quatre", "deux"]


def test_a_bank_edited_after_the_draw_still_shows():
    """Are options removed since the draw dropped, and new ones shown last?"""
    question = make_question("single", options=(Option("b", "B"), Option("c", "C"),
                                                 Option("n", "Nouvelle")))
    drawn = DrawnQuestion(question.id, ("c", "a", "b"))
    assert [o.id for o in question.public(drawn).options] == ["c", "b", "n"]


def test_a_draw_of_another_question_is_refused():
    """Is showing a question through another question's draw an error?"""
    with pytest.raises(ValueError):
        make_question("single").public(DrawnQuestion("autre"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_draw_survives_a_json_round_trip(name):
    """Does a draw stored as JSON come back exactly as it was?"""
    drawn = arrange(make_question(name), random.Random(4))
    assert DrawnQuestion.from_json(json.loads(json.dumps(drawn.to_json()))) == drawn


@pytest.mark.parametrize("data", [
    {}, {"question_id": 3}, {"question_id": "a", "option_order": [1, 2]},
    {"question_id": "a", "option_order": 5}, "a", None,
])
def test_a_damaged_stored_draw_is_refused(data):
    """Is stored data that is not a draw refused with a ValueError?"""
    with pytest.raises(ValueError):
        DrawnQuestion.from_json(data)
