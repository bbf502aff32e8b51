"""Reading a submitted exam form and grading it: only the drawn questions ever count."""

import random

import pytest

from quizzes.draw import draw
from quizzes.grading import NOT_IN_DRAW, field_name, grade, parse_answer, parse_submission
from quizzes.model import DrawnQuestion
from quizzes.types import TYPES

from .factories import RIGHT, SAMPLES, WRONG, make_question


@pytest.fixture
def exam():
    """One drawn question of each type (module 01 or 02), and one question left out."""
    questions = {name: make_question(name, module="01-premier" if i < 3 else "02-second")
                 for i, name in enumerate(sorted(SAMPLES))}
    by_id = {q.id: q for q in questions.values()}
    outside = make_question("single", id="hors-tirage")
    by_id[outside.id] = outside
    drawn = [DrawnQuestion(q.id) for q in questions.values()]
    return drawn, by_id, questions


def form_for(questions, answers):
    """The form a browser posts: `q-<id>` → values, plus the CSRF token."""
    form = {field_name(questions[name].id): values for name, values in answers.items()}
    return {"csrf_token": ["jeton"], **form}


def test_right_answers_everywhere_score_full_marks(exam):
    """Does a form with every right answer score 5 out of 5 and pass?"""
    drawn, by_id, questions = exam
    responses, errors = parse_submission(drawn, form_for(questions, RIGHT), by_id)
    assert errors == {}
    result = grade(drawn, responses, by_id)
    assert (result.score, result.total, result.percent, result.passed) == (5, 5, 100, True)
    assert result.modules_to_review == ()


def test_a_field_for_a_question_outside_the_draw_is_refused_and_never_counted(exam):
    """Is an answer to a question that is not in the draw refused, and left out of the score?"""
    drawn, by_id, questions = exam
    form = form_for(questions, WRONG) | {"q-hors-tirage": ["b"], "q-inventee": ["a"]}
    responses, errors = parse_submission(drawn, form, by_id)
    assert errors == {"q-hors-tirage": NOT_IN_DRAW, "q-inventee": NOT_IN_DRAW}
    assert "hors-tirage" not in responses
    # Even if a caller passed such a response on, grading reads the drawn questions only.
    result = grade(drawn, {**responses, "hors-tirage": "b"}, by_id)
    assert (result.score, result.total) == (0, 5)


def test_an_unknown_option_id_is_refused_with_a_french_message(exam):
    """Is an option id that the question does not have refused, naming what is expected?"""
    drawn, by_id, questions = exam
    responses, errors = parse_submission(
        drawn, form_for(questions, {"single": ["z"], "multiple": ["a", "a"]}), by_id)
    assert responses == {}
    assert errors == {
        "q-single-1": "Réponse non valable : choisissez une seule des réponses proposées.",
        "q-multiple-1": "Réponse non valable : cochez une ou plusieurs des réponses proposées, "
                        "chacune une seule fois."}


def test_blank_questions_count_as_wrong_without_an_error(exam):
    """Is a question left blank (or an untouched select) unanswered, wrong, and no error?"""
    drawn, by_id, questions = exam
    responses, errors = parse_submission(
        drawn, form_for(questions, {"single": RIGHT["single"], "matching": ["", ""]}), by_id)
    assert errors == {} and list(responses) == ["single-1"]
    result = grade(drawn, responses, by_id)
    assert result.score == 1 and not result.passed
    unanswered = [r.question_id for r in result.per_question if not r.answered]
    assert unanswered == ["matching-1", "multiple-1", "ordering-1", "true-false-1"]


def test_false_is_an_answer_not_a_blank(exam):
    """Is « faux » counted as answered (and right when the statement is false)?"""
    drawn, by_id, questions = exam
    statement = questions["true_false"]
    by_id[statement.id] = make_question("true_false", answer=False)
    responses, _ = parse_submission(drawn, form_for(questions, {"true_false": ["faux"]}), by_id)
    result = grade(drawn, responses, by_id)
    assert [(r.answered, r.correct) for r in result.per_question if r.question_id ==
            statement.id] == [(True, True)]


def test_per_module_scores_name_the_modules_to_review(exam):
    """After a failed exam, are the modules below the pass mark the ones to review?"""
    drawn, by_id, questions = exam
    answers = {**RIGHT, "multiple": WRONG["multiple"]}  # matching, multiple, ordering: 01
    responses, _ = parse_submission(drawn, form_for(questions, answers), by_id)
    result = grade(drawn, responses, by_id)
    assert result.per_module == {"01-premier": (2, 3), "02-second": (2, 2)}
    assert (result.score, result.percent, result.passed) == (4, 80, True)
    assert result.modules_to_review == ("01-premier",)


@pytest.mark.parametrize(("right", "total", "pass_mark", "passed", "percent"), [
    (16, 20, 0.8, True, 80),
    (15, 20, 0.8, False, 75),
    (15, 19, 0.8, False, 78),  # 78.9 %, rounded down
    (55, 100, 0.55, True, 55),  # 0.55 × 100 is 55.00000000000001 in floating point
    (0, 0, 0.8, False, 0),
])
def test_the_pass_mark_is_exact(right, total, pass_mark, passed, percent):
    """Does exactly the pass mark pass, and a hair under it fail?"""
    questions = {f"q{i}": make_question("true_false", id=f"q{i}") for i in range(total)}
    drawn = [DrawnQuestion(i) for i in questions]
    responses = {i: n < right for n, i in enumerate(questions)}
    result = grade(drawn, responses, questions, pass_mark)
    assert (result.score, result.passed, result.percent) == (right, passed, percent)


def test_a_single_value_string_reads_like_a_list():
    """Does a field given as one string (not a list of values) read the same?"""
    question = make_question("single")
    assert parse_answer(question, "b") == ("b", None)
    assert parse_answer(question, ["b"]) == ("b", None)


def test_a_drawn_exam_answered_right_through_its_public_view_passes():
    """Does a learner who posts the right ids, all shown on the page, pass a drawn exam?"""
    questions = {f"{name}-{m}": make_question(name, id=f"{name.replace('_', '-')}-{m}",
                                              module=f"0{m}-m")
                 for name in SAMPLES for m in (1, 2)}
    by_id = {q.id: q for q in questions.values()}
    by_module = {}
    for question in by_id.values():
        by_module.setdefault(question.module_slug, []).append(question)
    drawn = draw(by_module, 6, None, random.Random(5))
    form = {}
    for item in drawn:
        question = by_id[item.question_id]
        public = question.public(item)
        kind = TYPES[public.type]
        form[field_name(public.id)] = kind.values(kind.right_response(question))
        shown = {o.id for o in (*public.options, *public.left, *public.right)}
        assert {part for value in form[field_name(public.id)]
                for part in value.split(":")} <= shown
    responses, errors = parse_submission(drawn, form, by_id)
    result = grade(drawn, responses, by_id)
    assert errors == {} and (result.score, result.total, result.passed) == (6, 6, True)
