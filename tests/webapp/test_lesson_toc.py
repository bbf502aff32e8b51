"""A lesson page's table of contents, rendered once per content version and set of marks."""

import re
import shutil
from html import unescape

from courses.loader import CONTENT
from tests.factories import make_person
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.learn.operations import in_words, lesson_minimum

from .steps import COURSE, read_through

MODULE = "01-comprendre-le-rpps"


def contents(client, lesson_slug: str) -> str:
    """The table of contents of a lesson page of module 1, as a person reads it."""
    response = client.get(f"/formation/{COURSE}/{MODULE}/{lesson_slug}")
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    return re.search(r'<nav id="lesson-toc".*?</nav>', html, re.S)[0]


def marked_read(toc: str) -> list[str]:
    """The titles the contents mark « lue »."""
    return re.findall(r'<li class="toc__done">\s*<a [^>]*>([^<]+)</a>\s*<span class="badge">'
                      r"lue</span>", toc)


def test_each_person_sees_their_own_read_marks(client, auth, clock):
    """Léa read the first lesson, Marc nothing: on the same page, does each see their marks
    alone, whoever came first?"""
    lea = make_person("lea@exemple.fr")
    make_person("marc@exemple.fr")
    course = courses()[COURSE]
    read_through(lea, course, course.module(MODULE).lessons[:1], clock)
    db.session.commit()
    first_title = course.module(MODULE).lessons[0].title

    for email, marks, share in [("lea@exemple.fr", [first_title], "25 %"),
                                ("marc@exemple.fr", [], "0 %"),
                                ("lea@exemple.fr", [first_title], "25 %")]:
        auth.login(email)
        toc = contents(client, "02-qui-enregistre")
        assert marked_read(toc) == marks, email
        assert f"{share} du module lu" in toc
        auth.logout()


def test_the_lesson_shown_and_its_running_clock_are_marked(client, auth, clock):
    """Is the lesson shown the current page of the contents, with its clock's badge while
    it runs, and is the badge gone once its time has passed?"""
    make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    minimum = lesson_minimum(courses()[COURSE].lesson(f"{MODULE}/02-qui-enregistre"))
    assert minimum > 1
    toc = contents(client, "02-qui-enregistre")
    assert re.search(r'02-qui-enregistre" aria-current="page">', toc)
    assert toc.count('aria-current="page"') == 1
    assert f"en cours, encore {in_words(minimum)}" in toc
    clock.advance(1)
    assert f"en cours, encore {in_words(minimum - 1)}" in contents(client, "02-qui-enregistre")
    clock.advance(minimum)
    assert "en cours" not in contents(client, "02-qui-enregistre")


def test_a_revised_module_gets_new_contents(app, client, auth, tmp_path):
    """A lesson retitled in a new version of the content: do the contents show the new title
    (not the rendering of the version before)?"""
    make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    assert "Qui enregistre les professionnels ?" in contents(client, "01-le-numero-rpps")

    revised = tmp_path / "content"
    shutil.copytree(CONTENT, revised)
    lesson = revised / COURSE / MODULE / "02-qui-enregistre.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(
        "Qui enregistre les professionnels ?", "Qui enregistre les soignants ?"),
        encoding="utf-8")
    app.config.update(COURSE_CONTENT=str(revised))

    toc = contents(client, "01-le-numero-rpps")
    assert "Qui enregistre les soignants ?" in toc
    assert "Qui enregistre les professionnels ?" not in toc
