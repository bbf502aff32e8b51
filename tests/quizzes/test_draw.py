"""Drawing attempts: stratified by module, reproducible from a seed, items shuffled."""

import random
from collections import Counter

import pytest

from quizzes.draw import allocate, draw, module_quiz
from quizzes.model import Bank
from quizzes.types import TYPES

from .factories import SAMPLES, make_question

MODULES = ("01-a", "02-b", "03-c", "04-d", "05-e")


def pools(sizes=(10, 10, 10, 10, 10), practice=0):
    """Question pools by module, of every type in turn, `practice` of each kept off exams."""
    types = sorted(SAMPLES)
    return {module: [make_question(types[i % len(types)], id=f"{module}-{i}", module=module,
                                   exam=i >= practice) for i in range(size)]
            for module, size in zip(MODULES, sizes, strict=False)}


def per_module(drawn):
    return Counter(d.question_id.rsplit("-", 1)[0] for d in drawn)


def test_equal_weights_split_evenly():
    """Do 20 questions over 5 modules give 4 per module?"""
    assert allocate(dict.fromkeys(MODULES, 10), 20) == dict.fromkeys(MODULES, 4)


def test_weights_share_by_largest_remainder():
    """Does a module weighted double get twice the questions, remainders going to the largest?"""
    assert allocate({"a": 10, "b": 10, "c": 10}, 20, {"a": 2, "b": 1, "c": 1}) == {
        "a": 10, "b": 5, "c": 5}
    # 4.29 / 2.86 / 2.86: the two remainders of .86 win the two questions left.
    assert allocate({"a": 10, "b": 10, "c": 10}, 10, {"a": 1.5, "b": 1, "c": 1}) == {
        "a": 4, "b": 3, "c": 3}
    # 3.33 each: the tie goes to the module that sorts first, whatever the input order.
    assert allocate({"c": 10, "b": 10, "a": 10}, 10) == {"a": 4, "b": 3, "c": 3}


def test_a_small_module_gives_all_it_has_and_the_rest_is_shared():
    """Does a module with 2 questions give 2, the 18 others being shared by the rest?"""
    given = allocate({"a": 2, "b": 10, "c": 10, "d": 10, "e": 10}, 20)
    assert given == {"a": 2, "b": 5, "c": 5, "d": 4, "e": 4}


def test_never_more_than_there_is():
    """With fewer questions than asked, is every question given exactly once?"""
    assert allocate({"a": 3, "b": 4}, 20) == {"a": 3, "b": 4}


def test_weights_leave_out_a_module_only_when_told():
    """Is a weight of 0 a module left out, and a module the weights forget weighted 1?"""
    assert allocate({"a": 10, "b": 10, "c": 10}, 10, {"a": 0, "b": 1}) == {
        "a": 0, "b": 5, "c": 5}
    with pytest.raises(ValueError):
        allocate({"a": 10}, 5, {"a": -1})


def test_the_exam_draw_is_stratified_by_module():
    """Does an exam of 20 over 5 equal modules ask 4 questions of each, all different?"""
    drawn = draw(pools(), 20, None, random.Random(7))
    assert per_module(drawn) == dict.fromkeys(MODULES, 4)
    assert len({d.question_id for d in drawn}) == 20


def test_the_exam_draw_keeps_practice_questions_out():
    """Are `exam: false` questions never drawn for the final exam?"""
    questions = pools(practice=6)
    practice = {q.id for qs in questions.values() for q in qs if not q.exam}
    for seed in range(30):
        drawn = draw(questions, 20, None, random.Random(seed))
        assert not practice & {d.question_id for d in drawn}
        assert per_module(drawn) == dict.fromkeys(MODULES, 4)


def test_the_same_seed_gives_the_same_draw_whatever_the_bank_order():
    """Does a seed decide the draw, and not the order the questions were listed in?"""
    questions = pools()
    reversed_ = {module: list(reversed(qs)) for module, qs in reversed(questions.items())}
    first = draw(questions, 20, None, random.Random(11))
    assert draw(reversed_, 20, None, random.Random(11)) == first
    assert draw(questions, 20, None, random.Random(12)) != first


def test_shuffling_loses_no_option():
    """Does every drawn question show each of its options, left and right items exactly once?"""
    questions = pools()
    by_id = {q.id: q for qs in questions.values() for q in qs}
    for seed in range(20):
        for drawn in draw(questions, 20, None, random.Random(seed)):
            question = by_id[drawn.question_id]
            assert sorted(drawn.option_order) == sorted(o.id for o in question.options)
            assert sorted(drawn.left_order) == sorted(o.id for o in question.left)
            assert sorted(drawn.right_order) == sorted(o.id for o in question.right)


@pytest.mark.parametrize("name", ["single", "multiple", "ordering"])
def test_options_are_shuffled_per_draw(name):
    """Do different draws show a question's options in different orders?"""
    question = make_question(name)
    orders = {TYPES[name].arrange(question, random.Random(seed))[0] for seed in range(20)}
    assert len(orders) > 1


def test_the_right_column_of_a_matching_question_is_shuffled():
    """Is the right column of a matching question shown in an order that varies?"""
    question = make_question("matching")
    orders = {TYPES["matching"].arrange(question, random.Random(seed))[2] for seed in range(20)}
    assert len(orders) > 1


def test_true_false_always_reads_vrai_then_faux():
    """Are « Vrai » and « Faux » always shown in that order?"""
    question = make_question("true_false")
    assert {TYPES["true_false"].arrange(question, random.Random(s))[0] for s in range(10)} == {
        ("vrai", "faux")}


def test_a_module_quiz_covers_the_lessons_and_includes_practice_questions():
    """Does a module quiz draw from every lesson, `exam: false` questions included?"""
    questions = tuple(make_question("single", id=f"q{i}", lesson=f"0{i % 3 + 1}-l",
                                    exam=i % 2 == 0) for i in range(12))
    bank = Bank("essai", "01-premier", questions)
    lessons = {q.id: q.lesson_slug for q in questions}
    seen_practice = False
    for seed in range(10):
        drawn = module_quiz(bank, 6, random.Random(seed))
        assert Counter(lessons[d.question_id] for d in drawn) == {
            "01-l": 2, "02-l": 2, "03-l": 2}
        seen_practice |= any(not q.exam for q in questions
                             if q.id in {d.question_id for d in drawn})
    assert seen_practice


def test_a_small_bank_gives_a_short_quiz():
    """Does a module quiz asked for more questions than the bank has ask each one once?"""
    bank = Bank("essai", "01-premier", tuple(make_question("single", id=f"q{i}")
                                             for i in range(4)))
    assert sorted(d.question_id for d in module_quiz(bank, 6, random.Random(1))) == [
        "q0", "q1", "q2", "q3"]
