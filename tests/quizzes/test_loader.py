"""Loading and checking question banks: every problem named with its file and line."""

import textwrap

import pytest

from courses.loader import ContentError
from quizzes.loader import check_banks, load_banks, questions_by_id

from .factories import make_course

SECOND = """\
module: 02-second
questions:
""" + "".join(f"""\
  - id: second-{n}
    type: true_false
    lesson: 02-suite
    prompt: Affirmation {n} ?
    answer: {str(n % 2 == 0).lower()}
    explanation: Parce que.
""" for n in range(5))

FIRST = """\
module: 01-premier
questions:
  - id: choix-unique
    type: single
    lesson: 01-intro
    prompt: Combien de chiffres compte un numéro RPPS ?
    options:
      - {id: neuf, text: "9 chiffres"}
      - {id: onze, text: "11 chiffres"}
    answer: onze
    explanation: Onze chiffres.
  - id: choix-multiple
    type: multiple
    lesson: 01-intro
    exam: false
    prompt: Lesquels ?
    options:
      - {id: a, text: "A"}
      - {id: b, text: "B"}
      - {id: c, text: "C"}
    answer: [a, c]
    explanation: A et C.
  - id: vrai-faux
    type: true_false
    lesson: 02-suite
    prompt: Vrai ?
    answer: false
    explanation: Faux.
  - id: ordre
    type: ordering
    lesson: 02-suite
    prompt: Dans l'ordre ?
    options:
      - {id: un, text: "Un"}
      - {id: deux, text: "Deux"}
      - {id: trois, text: "Trois"}
    explanation: Un, deux, trois.
  - id: paires
    type: matching
    lesson: 02-suite
    prompt: Associez.
    left:
      - {id: l1, text: "L1"}
      - {id: l2, text: "L2"}
      - {id: l3, text: "L3"}
    right:
      - {id: r1, text: "R1"}
      - {id: r2, text: "R2"}
      - {id: r3, text: "R3"}
    answer: {l1: r2, l2: r3, l3: r1}
    explanation: Ainsi.
"""


def pool(module: str) -> str:
    """A sound exam pool for a module of `essai`: four questions on each of its two lessons."""
    return f"module: {module}\nquestions:\n" + "".join(f"""\
  - id: examen-{module[:2]}-{n}
    type: true_false
    lesson: {"01-intro" if n < 4 else "02-suite"}
    source: deck 003, diapositive {n}
    prompt: Affirmation d'examen {module[:2]}-{n} ?
    answer: true
    explanation: Parce que.
""" for n in range(8))


@pytest.fixture
def root(tmp_path):
    """A banks directory holding a sound bank and exam pool for each module of `essai`."""
    banks = tmp_path / "quizzes" / "banks"
    (banks / "essai" / "examen").mkdir(parents=True)
    write(banks, "01-premier", FIRST)
    write(banks, "02-second", SECOND)
    for module in ("01-premier", "02-second"):
        write(banks, f"examen/{module}", pool(module))
    return banks


def write(root, module, text):
    (root / "essai" / f"{module}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def problems_after(root, old, new, module="01-premier"):
    """The problems once `old` is replaced by `new` in a module's bank, as strings."""
    text = FIRST if module == "01-premier" else SECOND
    assert old in text
    write(root, module, text.replace(old, new, 1))
    return [str(p) for p in check_banks(root, make_course())]


FILE = "quizzes/banks/essai/01-premier.yaml"


def test_sound_banks_load_as_frozen_questions(root):
    """Do sound banks load with each question's module, lesson, line and answer in place?"""
    banks = load_banks(root, make_course())
    assert list(banks) == ["01-premier", "02-second"]
    by_id = questions_by_id(banks)
    assert len(by_id) == 10 + 16  # the quizzes' and the exam pools'
    assert [len(bank.exam_questions) for bank in banks.values()] == [8, 8]
    assert all(q.exam and q.source for bank in banks.values() for q in bank.exam_questions)
    single = by_id["choix-unique"]
    assert (single.lesson_key, single.path, single.line) == (
        "01-premier/01-intro", FILE, 3)
    assert by_id["choix-multiple"].answer == ("a", "c") and not by_id["choix-multiple"].exam
    assert by_id["vrai-faux"].answer is False
    assert [o.id for o in by_id["vrai-faux"].options] == ["vrai", "faux"]
    assert by_id["ordre"].answer is None
    assert by_id["paires"].answer == (("l1", "r2"), ("l2", "r3"), ("l3", "r1"))


def test_load_refuses_banks_with_problems(root):
    """Does loading banks with a problem raise ContentError listing it?"""
    write(root, "01-premier", FIRST.replace("answer: onze", "answer: dix"))
    with pytest.raises(ContentError) as error:
        load_banks(root, make_course())
    assert f"{FILE}:10: answer : l'identifiant d'une des options attendu, pas 'dix'" in str(
        error.value)


def test_unreadable_yaml_names_its_line(root):
    """Is a YAML syntax error reported at its line?"""
    problems = problems_after(root, "    prompt: Lesquels ?", "    prompt: [Lesquels ?")
    assert len(problems) == 2  # the error, and a module now short of questions
    assert problems[0].startswith(f"{FILE}:16: YAML illisible")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    explanation: Onze chiffres.\n", "", "3: champ « explanation » manquant"),
    ("    lesson: 01-intro\n    prompt: Combien", "    lesson: 01-intro\n    couleur: bleu\n"
     "    prompt: Combien", "6: champ « couleur » inconnu"),
    ("id: choix-unique", "id: Choix_Unique", "3: identifiant invalide 'Choix_Unique'"),
    ("type: single", "type: unique", "4: type « unique » inconnu (attendu : single, multiple"),
    ("lesson: 01-intro", "lesson: 09-absente",
     "5: leçon « 09-absente » inconnue dans le module 01-premier"),
    ("answer: onze", "answer: dix", "10: answer : l'identifiant d'une des options attendu"),
    ("      - {id: neuf, text: \"9 chiffres\"}\n", "", "7: options : de 2 à 6 éléments attendus"),
    ("answer: [a, c]", "answer: [a, z]", "21: answer : une liste d'identifiants"),
    ("    answer: false\n", "    answer: false\n    options: [{id: a, text: A}]\n",
     "28: champ « options » inutile pour le type « true_false »"),
    ("    answer: false\n", "    answer: faux\n", "27: answer : true ou false attendu"),
    ("    explanation: Un, deux, trois.", "    answer: [un, deux, trois]\n"
     "    explanation: Un, deux, trois.", "37: champ « answer » inutile pour le type « ordering »"),
    ("answer: {l1: r2, l2: r3, l3: r1}", "answer: {l1: r2, l2: r3}",
     "50: answer : chaque élément de gauche"),
    ("    prompt: Vrai ?\n", "    prompt: Vrai ?\n    prompt: Faux ?\n",
     "27: champ « prompt » écrit deux fois"),
    ("{id: b, text: \"B\"}", "{id: a, text: \"B\"}", "17: options : identifiant en double : a"),
    ("{id: b, text: \"B\"}", "{id: b}", "17: options : une liste de {id: …, text: …} attendue"),
    ("    exam: false\n", "    exam: non\n", "15: exam : true ou false attendu"),
    ("module: 01-premier", "module: 02-second", "1: module : « 01-premier » attendu"),
])
def test_each_problem_is_named_at_its_line(root, old, new, expected):
    """Is each kind of mistake in a bank reported, in French, at the line to fix?"""
    problems = problems_after(root, old, new)
    assert any(p.startswith(f"{FILE}:{expected}") for p in problems), problems


def test_an_id_used_twice_in_the_course_names_both_places(root):
    """Is an id already used in another module's bank reported where it is used again?"""
    problems = problems_after(root, "id: second-3", "id: ordre", module="02-second")
    assert problems == ["quizzes/banks/essai/02-second.yaml:21: identifiant « ordre » déjà "
                        f"utilisé ({FILE}:29)"]


def test_a_bank_for_an_unknown_module_is_reported(root):
    """Is a bank file named after no module of the course reported?"""
    write(root, "03-fantome", SECOND)
    assert [str(p) for p in check_banks(root, make_course())] == [
        "quizzes/banks/essai/03-fantome.yaml:1: aucun module « 03-fantome » dans le cours essai"]


def test_a_module_needs_enough_questions_for_its_quiz(root):
    """Is a module whose bank is missing, or too small for a quiz, reported?"""
    (root / "essai" / "02-second.yaml").unlink()
    course = make_course(modules=("01-premier", "02-second"))
    # (The exam pool of 02-second is still there: only the quiz's bank is short.)
    assert [str(p) for p in check_banks(root, course)] == [
        "quizzes/banks/essai/02-second.yaml:1: 0 question(s) pour le module 02-second : au "
        "moins 5 attendues"]


def test_a_bank_that_is_not_a_list_of_questions_is_reported(root):
    """Is a bank without a `questions:` list reported rather than crashing?"""
    write(root, "01-premier", "module: 01-premier\nquestions: aucune\n")
    assert f"{FILE}:1: attendu : « module: » puis « questions: », une liste" in [
        str(p) for p in check_banks(root, make_course())]


POOL = "quizzes/banks/essai/examen/01-premier.yaml"


def pool_problems(root, old, new):
    """The problems once `old` is replaced by `new` in module 1's exam pool, as strings."""
    text = pool("01-premier")
    assert old in text
    write(root, "examen/01-premier", text.replace(old, new, 1))
    return [str(p) for p in check_banks(root, make_course())]


def test_an_exam_item_shown_in_a_quiz_is_reported(root):
    """Is an exam-pool question whose id or prompt is also a quiz question's reported?"""
    by_id = pool_problems(root, "id: examen-01-0", "id: vrai-faux")
    assert any("identifiant « vrai-faux » déjà utilisé" in p for p in by_id), by_id
    same_prompt = pool_problems(root, "prompt: Affirmation d'examen 01-0 ?", "prompt: Vrai ?")
    assert f"{POOL}:3: examen-01-0 : même énoncé qu'une question de quiz (vrai-faux) : la " \
        "réserve d'examen n'est jamais montrée en quiz" in same_prompt


def test_a_small_exam_pool_is_reported(root):
    """Is a module with fewer than 8 exam questions, or a lesson with fewer than 2, reported?"""
    text = pool("01-premier")
    cut = text.index("  - id: examen-01-1")
    write(root, "examen/01-premier", text[:cut] + text[text.index("  - id: examen-01-4"):])
    assert [str(p) for p in check_banks(root, make_course())] == [
        f"{POOL}:1: réserve d'examen du module 01-premier : 5 question(s), au moins 8 attendues",
        f"{POOL}:1: leçon 01-premier/01-intro : 1 question(s) d'examen, au moins 2 attendues"]


def test_an_exam_item_needs_a_source(root):
    """Is an exam-pool question without a source, or with one naming no deck, reported?"""
    assert f"{POOL}:3: champ « source » manquant" in pool_problems(
        root, "    source: deck 003, diapositive 0\n", "")
    assert any(p.startswith(f"{POOL}:6: source : nommez le deck") for p in pool_problems(
        root, "source: deck 003, diapositive 0", "source: un blog"))
