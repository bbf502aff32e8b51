"""Loading and checking course content: every problem named with its file and line."""

import textwrap

import pytest

from courses.loader import CONTENT, ContentError, check_all, load_course, load_courses


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


@pytest.fixture
def course_dir(tmp_path):
    """A small valid course: two modules, three lessons, a glossary."""
    root = tmp_path / "content" / "essai"
    write(root / "course.md", """
        ---
        title: Cours d'essai
        version: "1"
        summary: Un cours pour les tests.
        ---
        Introduction.
        """)
    write(root / "glossary.yaml", """
        - term: RPPS
          expansion: Répertoire Partagé des Professionnels intervenant dans le système de Santé
          definition: Le répertoire des professionnels.
        """)
    for module in ("01-premier", "02-second"):
        write(root / module / "module.md", """
            ---
            title: Un module
            summary: Un résumé.
            key_points: [Un, Deux, Trois]
            ---
            Intro du module.
            """)
    write(root / "01-premier" / "01-debut.md", """
        ---
        title: Le début
        minutes: 3
        ---
        ## Le numéro RPPS

        Voir [la suite](lesson:01-premier/02-suite).
        """)
    write(root / "01-premier" / "02-suite.md", """
        ---
        title: La suite
        minutes: 4
        ---
        [[figure:six-steps]]
        """)
    write(root / "02-second" / "01-fin.md", "---\ntitle: La fin\nminutes: 5\n---\nFin.\n")
    return root


def test_a_valid_course_loads_in_order(course_dir):
    """Does a valid course load with its modules and lessons in order?"""
    course = load_course(course_dir)
    assert course.title == "Cours d'essai" and course.version == "1"
    assert [lesson.key for lesson in course.lessons] == [
        "01-premier/01-debut", "01-premier/02-suite", "02-second/01-fin"]
    assert course.modules[0].key_points == ("Un", "Deux", "Trois")
    assert course.glossary[0].term == "RPPS"
    previous, following = course.neighbours("01-premier/02-suite")
    assert previous.slug == "01-debut" and following.slug == "01-fin"


def test_module_hash_changes_with_its_content(course_dir):
    """Does editing a lesson change its module's hash, and only that one?"""
    before = load_course(course_dir)
    lesson = course_dir / "01-premier" / "02-suite.md"
    lesson.write_text(lesson.read_text() + "\nUne phrase de plus.\n")
    after = load_course(course_dir)
    assert before.modules[0].content_hash != after.modules[0].content_hash
    assert before.modules[1].content_hash == after.modules[1].content_hash


@pytest.mark.parametrize("path, text, message", [
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 9\n---\nTexte\n", "1 à 6 minutes"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 1.25\n---\nTexte\n", "demi-minutes"),
    ("01-premier/module.md", "---\ntitle: M\nsummary: S\nkey_points:\n  - Un\n  - Deux\n"
     "  - Le numéro reste : il suit\n---\nIntro\n", "des phrases attendues"),
    ("01-premier/02-suite.md", "---\ntitle: X\n---\nTexte\n", "« minutes » manquant"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 4\nauteur: moi\n---\nT\n", "inconnu"),
    ("01-premier/02-suite.md", "Pas d'en-tête\n", "en-tête YAML"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 4\n---\n[a](lesson:01-premier/99-x)\n",
     "leçon inconnue : 01-premier/99-x"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 4\n---\n[[figure:inventee]]\n",
     "figure inconnue"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 4\n---\nUn <script>x</script>\n",
     "HTML brut refusé : <script>"),
    ("01-premier/02-suite.md", "---\ntitle: X\nminutes: 4\n---\n![](absente.png)\n",
     "image sans texte alternatif"),
    ("01-premier/04-trou.md", "---\ntitle: X\nminutes: 4\n---\nT\n", "03 attendu"),
    ("01-premier/03-Mauvais_Nom.md", "---\ntitle: X\nminutes: 4\n---\nT\n", "NN-mots"),
])
def test_problems_name_file_line_and_cause(course_dir, path, text, message):
    """Does each kind of mistake come back as `file:line: message`, in French?"""
    (course_dir / path).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_course(course_dir)
    assert any(message in str(problem) and path.split("/")[-1] in problem.path
               for problem in error.value.problems), error.value.problems


def test_problem_lines_point_into_the_body(course_dir):
    """Is a bad link reported at its own line of the file?"""
    (course_dir / "02-second" / "01-fin.md").write_text(
        "---\ntitle: X\nminutes: 4\n---\nUne ligne.\n\n[a](lesson:nulle/part)\n")
    with pytest.raises(ContentError) as error:
        load_course(course_dir)
    (problem,) = error.value.problems
    assert problem.line == 7 and problem.path.endswith("02-second/01-fin.md")


def test_the_shipped_content_is_valid():
    """Does the course shipped in the repository pass every check?"""
    assert [str(p) for p in check_all(CONTENT)] == []
    assert "devenir-gestionnaire" in load_courses()


def words(count: int) -> str:
    """A lesson body of `count` words, in short lines."""
    return "\n".join(" ".join(["mot"] * 10) for _ in range(count // 10)) + "\n"


@pytest.mark.parametrize("declared, count, fails", [
    (4, 460, True),    # 460 words read in 2 minutes: 4 announced is twice too long
    (2, 460, False),
    (1, 460, True),    # half too short
    (3, 600, False),   # 2.6 minutes: 3 is within 20 %
    (2, 600, True),    # 2.6 minutes: 2 is 23 % short
])
def test_a_declared_reading_time_far_from_the_text_fails_the_check(course_dir, declared,
                                                                   count, fails):
    """Does `content check` refuse a lesson whose minutes are off by more than 20 %?"""
    for lesson in course_dir.glob("0*/0*.md"):  # every lesson honest first
        lesson.write_text(f"---\ntitle: X\nminutes: 2\n---\n{words(460)}", encoding="utf-8")
    target = course_dir / "02-second" / "01-fin.md"
    target.write_text(f"---\ntitle: La fin\nminutes: {declared}\n---\n{words(count)}",
                      encoding="utf-8")
    problems = [str(p) for p in check_all(course_dir.parent)]
    expected = [p for p in problems if "01-fin.md:1: minutes" in p and "20 %" in p]
    assert bool(expected) is fails, problems
    assert len(problems) == len(expected)


def test_the_shipped_lessons_announce_what_their_text_takes():
    """Is every shipped lesson's declared time within 20 % of a 230-words-a-minute reading?"""
    from courses.reading import reading_minutes
    for lesson in load_courses()["devenir-gestionnaire"].lessons:
        actual = reading_minutes(lesson)
        assert abs(lesson.minutes - actual) <= 0.2 * actual, (lesson.key, lesson.minutes, actual)
