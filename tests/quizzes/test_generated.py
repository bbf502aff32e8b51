"""Questions generated from the role × DMP-document matrix: one source, stable ids."""

import pytest

from courses.loader import CONTENT, load_course
from directory.roles import DMP_CONSULTATION_NOTE, can_read, roles_reading
from quizzes.generated import generated_questions
from quizzes.loader import check_banks
from quizzes.model import ID
from quizzes.types import TYPES

COURSE = "devenir-gestionnaire"


@pytest.fixture(scope="module")
def questions():
    return generated_questions(COURSE)


def test_true_false_answers_are_the_matrix(questions):
    """Does every « Le rôle … permet-il de lire … » question answer what `can_read` says?"""
    statements = [q for q in questions if q.type == "true_false"]
    assert statements
    for question in statements:
        code = question.id.split("-")[2].upper()
        document = question.prompt.split("« ")[-1].split(" »")[0]
        assert question.answer is can_read(code, document), question.id
        assert ("Oui" if question.answer else "Non") == question.explanation.split(" :")[0]


def test_both_verdicts_are_asked(questions):
    """Are there about as many « oui » as « non », so that guessing does not pay?"""
    answers = [q.answer for q in questions if q.type == "true_false"]
    assert answers.count(True) == answers.count(False)


def test_only_reader_questions_name_the_only_role(questions):
    """Is « Quel rôle est le seul… » asked only of documents exactly one role reads, rightly?"""
    singles = [q for q in questions if q.type == "single"]
    assert len(singles) == 3
    for question in singles:
        document = question.prompt.split("« ")[-1].split(" »")[0]
        (reader,) = roles_reading(document)
        assert question.answer == reader.code.lower()
        assert len(question.options) == 5


def test_explanations_cite_the_matrix_and_that_consultation_is_not_open(questions):
    """Does every explanation cite the matrix and say that DMP consultation is not yet open?"""
    for question in questions:
        assert "matrice des rôles et des documents" in question.explanation
        assert question.explanation.endswith(DMP_CONSULTATION_NOTE)


def test_ids_are_stable_unique_and_well_formed(questions):
    """Are the ids the same on every call, unique, and of the `role-doc-…` form?"""
    assert generated_questions(COURSE) == questions
    ids = [q.id for q in questions]
    assert len(set(ids)) == len(ids)
    assert all(ID.fullmatch(i) and i.startswith("role-doc-") for i in ids)
    assert "role-doc-genr11-synthese-psychiatrique" in ids
    assert 10 <= len(questions) <= 15


def test_generated_questions_pass_their_types_checks(questions):
    """Is every generated question sound for its type?"""
    for question in questions:
        assert TYPES[question.type].validate(question) == [], question.id


def test_they_belong_to_the_lesson_on_roles_and_documents():
    """Do they point at a lesson the real course has, with no problem from the loader?"""
    course = load_course(CONTENT / COURSE)
    lesson = course.lesson("04-enregistrer-les-professionnels/04-roles-et-documents-dmp")
    assert lesson is not None
    assert {q.lesson_key for q in generated_questions(COURSE)} == {lesson.key}


def test_the_loader_accepts_them_in_the_real_course(tmp_path):
    """Does checking the real course with no bank written report nothing about them?"""
    course = load_course(CONTENT / COURSE)
    problems = check_banks(tmp_path / "banks", course)
    # (The exam pool, a bank written apart, is not there either: its own count is reported.)
    assert [p for p in problems if ("generated" in p.path or "04-enreg" in p.path)
            and "examen" not in p.path] == []


def test_other_courses_have_none():
    """Does a course without a matrix lesson get no generated question?"""
    assert generated_questions("autre-cours") == ()


def test_generated_questions_are_practice_only(questions):
    """Are the matrix questions (« seul rôle… » included) kept out of the exam?"""
    assert all(q.exam is False for q in questions)


def test_the_exam_pool_holds_no_generated_question():
    """Does the real exam pool hold none of them, so that no final exam draws one?"""
    from quizzes.loader import BANKS, load_banks
    banks = load_banks(BANKS, load_course(CONTENT / COURSE))
    pool = {q.id for bank in banks.values() for q in bank.exam_questions}
    assert pool and not pool & {q.id for q in generated_questions(COURSE)}
