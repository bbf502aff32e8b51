"""Progress survives a revision of the course: a lesson or module renamed, a lesson split.

The app reads a revised copy of the shipped content and banks (`COURSE_CONTENT`,
`QUESTION_BANKS`); the rows stored before the revision are left as they are.
"""

import re
import shutil
from html import unescape

import pytest

from courses.loader import CONTENT
from quizzes import BANKS
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.models import LessonProgress, QuizAttempt
from webapp.quiz.operations import answer, start_module_quiz
from webapp.timekeeping import Clock, use_clock

from .steps import COURSE, make_exam_ready, read_through, right_values

HOME_ACTION = re.compile(r'class="button next-step__action" href="([^"]+)"')


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return re.sub(r"\s+", " ", unescape(response.get_data(as_text=True)))


def roster_line(client, auth, organisation, person) -> str:
    """What the RL's roster says of a person's training (modules done), as the RL."""
    auth.logout()
    auth.login("rl@exemple.fr")
    html = page(client, f"/structures/{organisation.id}/personnes")
    auth.logout()
    auth.login(person.email)
    return re.search(rf"{person.last_name}.*?(\d/\d modules)", html)[1]


def progress_to(person, modules_done: int, lessons: int) -> None:
    """The first modules completed (lessons read, quiz passed), then the first `lessons`
    lessons of the next module read, through the app's own operations."""
    course = courses()[COURSE]
    with use_clock(Clock()) as clock:
        for module in course.modules[:modules_done]:
            read_through(person, course, module.lessons, clock)
            attempt = start_module_quiz(person, COURSE, module.slug)
            for item in attempt.drawn:
                answer(attempt, item["question_id"], right_values(item["question_id"]))
        read_through(person, course, course.modules[modules_done].lessons[:lessons], clock)
    db.session.commit()


@pytest.fixture
def revision(tmp_path, app):
    """A copy of the shipped content and banks, and a way to make the app read it."""
    content, banks = tmp_path / "content", tmp_path / "banks"
    shutil.copytree(CONTENT, content)
    shutil.copytree(BANKS, banks)

    def publish():
        app.config.update(COURSE_CONTENT=str(content), QUESTION_BANKS=str(banks))
        return courses()[COURSE]

    return content / COURSE, banks / COURSE, publish


def replace_everywhere(folder, old: str, new: str) -> None:
    """Rename an id in every link, bank and front matter of a folder (and in file names)."""
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".md", ".yaml"):
            path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    for path in sorted(folder.rglob(f"*{old}*"), reverse=True):
        path.rename(path.with_name(path.name.replace(old, new)))


def add_formerly(path, *former: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(f"---\nformerly: [{', '.join(former)}]\n{text[4:]}", encoding="utf-8")


def test_a_renamed_module_and_lesson_keep_progress_quiz_and_exam(client, auth, revision):
    """Renamed module 1 and lesson 2.2: does a learner stay where they were (lessons read,
    quiz 1 passed, the same next lesson, the same share done) and a ready one keep the exam?"""
    content, banks, publish = revision
    lea = make_person("lea@exemple.fr", last_name="Lecture")
    ready = make_person("prete@exemple.fr")
    progress_to(lea, modules_done=1, lessons=2)
    make_exam_ready(ready)
    organisation = make_organisation(name="Mon EJ")
    make_legal_rep(organisation, email="rl@exemple.fr")
    attach(lea, organisation)
    assert roster_line(client, auth, organisation, lea) == "1/5 modules"
    before = page(client, "/")
    assert HOME_ACTION.search(before)[1].endswith(
        "/02-choisir-sa-contractualisation/03-le-contrat-et-la-carte-cde")
    percent = re.search(r"Parcours accompli : \d+ %", before)[0]

    for folder in (content, banks):
        replace_everywhere(folder, "01-comprendre-le-rpps", "01-le-rpps")
        replace_everywhere(folder, "02-quel-mode-pour-votre-structure", "02-choisir-son-mode")
    add_formerly(content / "01-le-rpps" / "module.md", "01-comprendre-le-rpps")
    add_formerly(content / "02-choisir-sa-contractualisation" / "02-choisir-son-mode.md",
                 "02-quel-mode-pour-votre-structure")
    course = publish()
    assert course.module("01-comprendre-le-rpps") is None  # the old ids are gone

    after = page(client, "/")
    assert HOME_ACTION.search(after)[1].endswith(
        "/02-choisir-sa-contractualisation/03-le-contrat-et-la-carte-cde")
    assert percent in after and "2 / 4 leçons lues" in after
    assert roster_line(client, auth, organisation, lea) == "1/5 modules"
    assert "Quiz réussi" in page(client, f"/formation/{COURSE}/01-le-rpps/quiz")
    assert "Leçon lue." in page(
        client, f"/formation/{COURSE}/02-choisir-sa-contractualisation/02-choisir-son-mode")
    # An old address (a bookmark) leads to the lesson under its new one.
    for old, new in (("01-comprendre-le-rpps/02-qui-enregistre", "01-le-rpps/02-qui-enregistre"),
                     ("01-comprendre-le-rpps/quiz", "01-le-rpps/quiz"),
                     ("02-choisir-sa-contractualisation/02-quel-mode-pour-votre-structure",
                      "02-choisir-sa-contractualisation/02-choisir-son-mode")):
        moved = client.get(f"/formation/{COURSE}/{old}")
        assert (moved.status_code, moved.location) == (301, f"/formation/{COURSE}/{new}")
    # Module 2 stays open (quiz 1 passed under the old slug), module 3 stays shut.
    assert client.get(f"/formation/{COURSE}/02-choisir-sa-contractualisation/").status_code == 200
    assert client.get(f"/formation/{COURSE}/03-designer-les-gestionnaires/").status_code == 403
    # Marking it read again is no « not read yet » refusal, and records nothing: it is read
    # already, under its former key.
    assert client.post(f"/formation/{COURSE}/02-choisir-sa-contractualisation/"
                       "02-choisir-son-mode/read").status_code == 303
    # The stored rows are untouched: the mapping is read, not written.
    assert db.session.scalars(db.select(LessonProgress.lesson_key).filter_by(
        user_id=lea.id).order_by(LessonProgress.id)).all() == [
        *(f"01-comprendre-le-rpps/{slug}" for slug in (
            "01-le-numero-rpps", "02-qui-enregistre", "03-rpps-plus-et-pro-sante-connect",
            "04-le-parcours-en-six-etapes")),
        "02-choisir-sa-contractualisation/01-deux-modes",
        "02-choisir-sa-contractualisation/02-quel-mode-pour-votre-structure"]

    auth.logout()
    auth.login("prete@exemple.fr")
    assert client.post(f"/formation/{COURSE}/examen").status_code == 303
    assert db.session.scalar(db.select(QuizAttempt).filter_by(
        user_id=ready.id, kind="exam")) is not None


def test_a_split_lesson_counts_both_parts_for_its_readers(client, auth, revision):
    """Lesson 5.2 split in two (5.3 renumbered 5.4): is a reader of 5.2 a reader of both parts,
    the next step the same lesson under its new id, and a ready learner still ready?"""
    content, banks, publish = revision
    lea, ready = make_person("lea@exemple.fr"), make_person("prete@exemple.fr")
    progress_to(lea, modules_done=4, lessons=2)
    make_exam_ready(ready)
    auth.login("lea@exemple.fr")
    before = page(client, "/")
    assert HOME_ACTION.search(before)[1].endswith("/05-gerer-le-turn-over/03-check-list-depart")
    assert "2 / 3 leçons lues" in before

    module = content / "05-gerer-le-turn-over"
    for folder in (content, banks):
        replace_everywhere(folder, "03-check-list-depart", "04-check-list-depart")
    add_formerly(module / "04-check-list-depart.md", "03-check-list-depart")
    whole = (module / "02-fermer-et-retirer.md").read_text(encoding="utf-8")
    (module / "02-fermer-et-retirer.md").unlink()
    head, body = whole[4:].split("\n---\n", 1)
    cut = body.index("\n## ", 1)
    halves = ("02-fermer-les-comptes", body[:cut]), ("03-retirer-les-droits", body[cut:])
    for name, part in halves:
        (module / f"{name}.md").write_text(
            f"---\n{head}\nformerly: [02-fermer-et-retirer]\n---\n{part}", encoding="utf-8")
    for path in (banks / "05-gerer-le-turn-over.yaml",
                 banks / "examen" / "05-gerer-le-turn-over.yaml"):
        # The old lesson's questions, shared out between its two parts in turn.
        text = path.read_text(encoding="utf-8").split("lesson: 02-fermer-et-retirer")
        path.write_text("".join(piece + (f"lesson: {halves[index % 2][0]}"
                                         if index < len(text) - 1 else "")
                                for index, piece in enumerate(text)), encoding="utf-8")
    replace_everywhere(content, "05-gerer-le-turn-over/02-fermer-et-retirer",
                       "05-gerer-le-turn-over/02-fermer-les-comptes")
    course = publish()
    assert [lesson.slug for lesson in course.modules[4].lessons] == [
        "01-pourquoi", "02-fermer-les-comptes", "03-retirer-les-droits", "04-check-list-depart"]

    after = page(client, "/")
    assert HOME_ACTION.search(after)[1].endswith("/05-gerer-le-turn-over/04-check-list-depart")
    assert "3 / 4 leçons lues" in after
    for part in ("02-fermer-les-comptes", "03-retirer-les-droits"):
        assert "Leçon lue." in page(client, f"/formation/{COURSE}/05-gerer-le-turn-over/{part}")
    moved = client.get(f"/formation/{COURSE}/05-gerer-le-turn-over/02-fermer-et-retirer")
    assert moved.location.endswith("/05-gerer-le-turn-over/02-fermer-les-comptes")

    auth.logout()
    auth.login("prete@exemple.fr")
    assert "Il reste" not in page(client, f"/formation/{COURSE}/examen")
    assert client.post(f"/formation/{COURSE}/examen").status_code == 303
    assert db.session.scalar(db.select(QuizAttempt).filter_by(
        user_id=ready.id, kind="exam")) is not None
