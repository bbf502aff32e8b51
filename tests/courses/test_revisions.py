"""Content revisions: a lesson or module renamed or split keeps its readers (`formerly`), and
the loader refuses former ids that would count a reader wrongly."""

import pytest

from courses.loader import ContentError, load_course
from courses.progress import course_progress
from courses.revisions import stored_keys

from . import test_loader

course_dir = test_loader.course_dir  # the fixture: a small valid course
write = test_loader.write


def rename(course_dir, old, new, formerly):
    """Move lesson file `old` to `new` (paths under the course) and give it `formerly`."""
    text = (course_dir / old).read_text(encoding="utf-8")
    (course_dir / old).unlink()
    head, body = text[4:].split("\n---\n", 1)
    write(course_dir / new, f"---\n{head}\nformerly: {formerly}\n---\n{body}")


def test_a_renamed_lesson_keeps_its_readers(course_dir):
    """Does a reading stored under a lesson's former key count for the renamed lesson?"""
    rename(course_dir, "01-premier/01-debut.md", "01-premier/01-commencer.md", "[01-debut]")
    course = load_course(course_dir)
    assert course.lessons[0].formerly == ("01-premier/01-debut",)
    progress = course_progress(course, ["01-premier/01-debut", "01-premier/02-suite"])
    assert progress.is_read(course.lessons[0]) and progress.of(course.modules[0]).lessons_read
    assert stored_keys(course, course.lessons[0]) == ("01-premier/01-commencer",
                                                      "01-premier/01-debut")


def test_a_split_lesson_counts_both_parts_as_read(course_dir):
    """Do both lessons naming one former lesson count as read by its readers?"""
    (course_dir / "01-premier" / "02-suite.md").unlink()
    write(course_dir / "01-premier" / "01-debut.md", "---\ntitle: D\nminutes: 1\n---\nD.\n")
    for name in ("02-partie-a", "03-partie-b"):
        write(course_dir / "01-premier" / f"{name}.md",
              f"---\ntitle: {name}\nminutes: 1\nformerly: [02-suite]\n---\nTexte.\n")
    course = load_course(course_dir)
    progress = course_progress(course, ["01-premier/01-debut", "01-premier/02-suite"])
    assert progress.read_keys == {"01-premier/01-debut", "01-premier/02-partie-a",
                                  "01-premier/03-partie-b"}
    assert progress.of(course.modules[0]).lessons_read and progress.percent == 75


def test_a_renamed_module_keeps_its_readers_and_its_passed_quiz(course_dir):
    """Do lessons and a quiz passed under a module's former slug count for the renamed one?"""
    (course_dir / "02-second").rename(course_dir / "02-deuxieme")
    module = course_dir / "02-deuxieme" / "module.md"
    module.write_text(module.read_text().replace("title:", "formerly: [02-second]\ntitle:", 1))
    course = load_course(course_dir)
    progress = course_progress(
        course, ["01-premier/01-debut", "01-premier/02-suite", "02-second/01-fin"],
        quiz_modules={"01-premier", "02-deuxieme"}, passed_quizzes={"01-premier", "02-second"})
    assert progress.completed and progress.is_read(course.lessons[-1])


@pytest.mark.parametrize("path, formerly, message", [
    ("01-premier/01-debut.md", "[02-suite]", "« 01-premier/02-suite » est une leçon actuelle"),
    ("01-premier/01-debut.md", "[00-ancien, 00-ancien]", "cité deux fois"),
    ("01-premier/01-debut.md", "[Ancien Nom]", "n'est pas un identifiant"),
    ("01-premier/01-debut.md", "[a/b/c]", "n'est pas un identifiant"),
    ("01-premier/01-debut.md", "{x: 1}", "une liste d'anciens identifiants attendue"),
    ("01-premier/module.md", "[02-second]", "« 02-second » est un module actuel"),
    ("01-premier/module.md", "[00-ancien/01-x]", "n'est pas un identifiant"),
])
def test_bad_former_ids_are_refused_at_their_line(course_dir, path, formerly, message):
    """Does the loader refuse a former id that names a current lesson or module, or twice?"""
    file = course_dir / path
    file.write_text(file.read_text().replace("title:", f"formerly: {formerly}\ntitle:", 1))
    with pytest.raises(ContentError) as error:
        load_course(course_dir)
    assert [(p.path.split("/")[-1], p.line) for p in error.value.problems
            if message in p.message] == [(path.split("/")[-1], 2)], error.value.problems


def test_one_former_module_cannot_be_claimed_by_two_modules(course_dir):
    """Is a former module slug named by two modules refused (a quiz would count twice)?"""
    for module in ("01-premier", "02-second"):
        file = course_dir / module / "module.md"
        file.write_text(file.read_text().replace("title:", "formerly: [00-ancien]\ntitle:", 1))
    with pytest.raises(ContentError) as error:
        load_course(course_dir)
    (problem,) = error.value.problems
    assert "02-second/module.md" in problem.path and "déjà l'ancien nom du module 01-premier" \
        in problem.message
