"""Question types: reading posted values, grading them, showing answers, checking questions."""

import random

import pytest

from quizzes.model import Option
from quizzes.types import TYPES

from .factories import MALFORMED, RIGHT, SAMPLES, WRONG, make_question, options

ALL = sorted(TYPES)


def test_registry_names_each_type_once():
    """Does every registered type answer to its own name, with a French label and hint?"""
    assert set(TYPES) == set(SAMPLES) == {"single", "multiple", "true_false", "ordering",
                                           "matching"}
    for name, kind in TYPES.items():
        assert kind.name == name and kind.label and kind.hint


@pytest.mark.parametrize("name", ALL)
def test_right_response_is_graded_right(name):
    """Is the right response, as a form posts it, graded right?"""
    question = make_question(name)
    response = TYPES[name].parse(question, RIGHT[name])
    assert response is not None
    assert TYPES[name].is_correct(question, response)


@pytest.mark.parametrize("name", ALL)
def test_wrong_response_is_graded_wrong(name):
    """Is a well-formed but wrong response graded wrong?"""
    question = make_question(name)
    response = TYPES[name].parse(question, WRONG[name])
    assert response is not None
    assert not TYPES[name].is_correct(question, response)


@pytest.mark.parametrize(("name", "values"),
                         [(name, values) for name in ALL for values in MALFORMED[name]])
def test_malformed_response_is_refused(name, values):
    """Are unknown ids, duplicates and wrong counts refused rather than read?"""
    assert TYPES[name].parse(make_question(name), values) is None


def test_multiple_choice_with_one_wrong_option_is_wrong():
    """Is a multiple-choice answer with one wrong option, or one missing, graded wrong?"""
    question, kind = make_question("multiple"), TYPES["multiple"]
    assert not kind.is_correct(question, kind.parse(question, ["a", "c", "d"]))
    assert not kind.is_correct(question, kind.parse(question, ["a"]))
    assert kind.is_correct(question, kind.parse(question, ["c", "a"]))


def test_false_is_a_right_answer_too():
    """Is « faux » graded right when the statement is false?"""
    question, kind = make_question("true_false", answer=False), TYPES["true_false"]
    assert kind.is_correct(question, kind.parse(question, ["faux"]))
    assert not kind.is_correct(question, kind.parse(question, ["vrai"]))


@pytest.mark.parametrize("name", ALL)
def test_values_post_the_same_response_again(name):
    """Can a learner's response be put back in the form as the values that produce it?"""
    question, kind = make_question(name), TYPES[name]
    for values in (RIGHT[name], WRONG[name]):
        response = kind.parse(question, values)
        assert kind.parse(question, kind.values(response)) == response


@pytest.mark.parametrize(("name", "shown"), [
    ("single", "B"),
    ("multiple", "A ; C"),
    ("true_false", "Vrai"),
    ("ordering", "Un → Deux → Trois → Quatre"),
    ("matching", "L1 → R2 ; L2 → R3 ; L3 → R1"),
])
def test_the_review_states_the_right_answer_in_words(name, shown):
    """Does the review show the right answer as the option texts, not as ids?"""
    assert TYPES[name].correct_display(make_question(name)) == shown


def test_the_review_states_the_learners_response():
    """Does the review show what the learner answered, in words?"""
    question, kind = make_question("ordering"), TYPES["ordering"]
    response = kind.parse(question, WRONG["ordering"])
    assert kind.response_display(question, response) == "Deux → Un → Trois → Quatre"


@pytest.mark.parametrize("name", ALL)
def test_sound_questions_have_no_problem(name):
    """Does a sound question of each type pass its type's checks?"""
    assert TYPES[name].validate(make_question(name)) == []


@pytest.mark.parametrize(("name", "fields", "expected"), [
    ("single", {"answer": "z"}, "answer : l'identifiant d'une des options attendu"),
    ("single", {"options": ()}, "options : de 2 à 6 éléments attendus, 0 trouvés"),
    ("multiple", {"answer": ()}, "answer : une liste d'identifiants"),
    ("multiple", {"answer": ("a", "a")}, "answer : une liste d'identifiants"),
    ("multiple", {"answer": ("a", "z")}, "answer : une liste d'identifiants"),
    ("true_false", {"answer": "vrai"}, "answer : true ou false attendu"),
    ("ordering", {"options": SAMPLES["ordering"]["options"][:2]}, "options : de 3 à 7"),
    ("matching", {"answer": (("l1", "r2"), ("l2", "r3"))}, "chaque élément de gauche"),
    ("matching", {"answer": (("l1", "r2"), ("l2", "r3"), ("l3", "r9"))},
     "élément de droite inconnu : r9"),
    ("matching", {"answer": "l1"}, "answer : un tableau « gauche: droite » attendu"),
])
def test_unsound_questions_are_explained(name, fields, expected):
    """Does a type say, in French, what is wrong with a question of its kind?"""
    problems = TYPES[name].validate(make_question(name, **fields))
    assert any(expected in problem for problem in problems), problems


def test_option_ids_must_be_unique_and_well_formed():
    """Are a duplicate option id and an id with capitals both named?"""
    question = make_question("single", options=(*SAMPLES["single"]["options"],
                                                *SAMPLES["single"]["options"][:1]))
    assert "options : identifiant en double : a" in TYPES["single"].validate(question)
    question = make_question("single", options=(*SAMPLES["single"]["options"],
                                                Option("Grand", "Grand")))
    assert any("identifiant invalide 'Grand'" in p for p in TYPES["single"].validate(question))


def test_an_ordering_is_never_shown_in_its_right_order():
    """Does drawing an ordering question ever show the items already in the right order?"""
    question = make_question("ordering", options=SAMPLES["ordering"]["options"][:3])
    orders = {TYPES["ordering"].arrange(question, random.Random(seed))[0] for seed in range(200)}
    assert ("un", "deux", "trois") not in orders
    assert len(orders) == 5  # every other permutation of three does appear


@pytest.mark.parametrize("values, order", [
    (["trois:3", "un:1", "quatre:4", "deux:2"], ("un", "deux", "trois", "quatre")),
    (["un:2", "deux:1", "trois:3", "quatre:4"], ("deux", "un", "trois", "quatre")),
    (["un:1", "deux:1", "trois:3", "quatre:4"], None),  # two items at one rank
    (["un:1", "deux:2", "trois:3"], None),  # an item left out
    (["un:1", "deux:2", "trois:3", "quatre:5"], None),  # a rank out of range
    (["un:1", "un:2", "trois:3", "quatre:4"], None),  # an item twice
    (["un:1", "deux", "trois:3", "quatre:4"], None),  # the two forms mixed
    (["un:x", "deux:2", "trois:3", "quatre:4"], None),
])
def test_ordering_reads_ranks_as_the_form_posts_them(values, order):
    """Is an order posted as one `<id>:<rank>` per item read as the ids in rank order, and
    anything but one distinct rank per item refused?"""
    assert TYPES["ordering"].parse(make_question("ordering"), values) == order


def test_ordering_shows_items_in_the_order_given_else_as_drawn():
    """Are the items shown in a complete order posted (either form), and as drawn (with the
    ranks chosen so far) when the order is incomplete?"""
    kind, drawn = TYPES["ordering"], options("quatre", "trois", "deux", "un")

    def ids(shown):
        return [(option.id, rank) for option, rank in shown]

    assert ids(kind.arranged(drawn, ["un", "deux", "trois", "quatre"])) == [
        ("un", 1), ("deux", 2), ("trois", 3), ("quatre", 4)]
    assert ids(kind.arranged(drawn, ["deux:1", "un:2", "trois:3", "quatre:4"]))[:2] == [
        ("deux", 1), ("un", 2)]
    assert ids(kind.arranged(drawn, ["un:1", "", ""])) == [
        ("quatre", None), ("trois", None), ("deux", None), ("un", 1)]
    assert ids(kind.arranged(drawn, [])) == [(o.id, None) for o in drawn]
