"""Reading the course: pages, progress, modules opening in order, resume, and bad requests."""

from html import unescape

import pytest

from courses.references import FIGURES
from directory.structures import StructureRole
from tests.factories import attach, make_organisation, make_person
from webapp.catalogue import FIGURES as DRAWN_FIGURES
from webapp.catalogue import courses
from webapp.extensions import db
from webapp.learn.operations import lesson_minimum
from webapp.models import LessonProgress, PlatformRole
from webapp.structures.operations import end_attachment

from .sql import statements_sent
from .steps import complete_module

COURSE = "devenir-gestionnaire"


@pytest.fixture
def course():
    return courses()[COURSE]


@pytest.fixture
def learner(client, auth):
    person = make_person("lea@exemple.fr", first_name="Léa")
    auth.login("lea@exemple.fr")
    return person


def text(response) -> str:
    """The page as a person reads it (entities decoded)."""
    return unescape(response.get_data(as_text=True))


def header_role(page: str) -> str:
    """The role written next to the person's name in the header."""
    return page.split('<span class="whoami__role">', 1)[1].split("</span>", 1)[0]


def url(lesson, suffix=""):
    return f"/formation/{COURSE}/{lesson.module_slug}/{lesson.slug}{suffix}"


def test_every_figure_of_the_format_is_drawn():
    """Does the app draw every figure the content format names?"""
    assert set(DRAWN_FIGURES) == FIGURES


def test_catalogue_course_and_first_lesson(client, learner, course):
    """Can a learner go from the catalogue to the course page and the first lesson?"""
    catalogue = text(client.get("/formation/"))
    assert course.title in catalogue and "Commencer" in catalogue
    page = text(client.get(f"/formation/{COURSE}/"))
    assert all(module.title in page for module in course.modules)
    assert "Verrouillé" in page
    first = course.lessons[0]
    lesson_page = client.get(url(first))
    assert lesson_page.status_code == 200
    assert first.title in text(lesson_page)
    assert "J'ai lu cette leçon" in text(lesson_page)


def test_every_lesson_renders_with_glossary_links(client, course, auth):
    """Does every lesson of the course render, with glossary terms linked at first use?"""
    make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    auth.login("admin@exemple.fr")  # admins see every module
    linked = 0
    for lesson in course.lessons:
        response = client.get(url(lesson))
        assert response.status_code == 200, lesson.key
        linked += 'class="term"' in text(response)
    assert linked >= len(course.lessons) // 2


def test_marking_read_moves_on_and_is_kept(client, learner, course, auth, clock):
    """Does marking a lesson read store it, go to the next lesson, and survive sign-out?"""
    first, second = course.lessons[:2]
    client.get(url(first))
    clock.advance(lesson_minimum(first))
    response = client.post(url(first, "/read"))
    assert response.headers["Location"] == url(second)
    client.post(url(first, "/read"))  # twice: still one row
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 1
    row = db.session.scalar(db.select(LessonProgress))
    assert row.course_version == course.version
    assert row.module_hash == course.modules[0].content_hash
    auth.logout()
    auth.login("lea@exemple.fr")
    assert client.get(f"/formation/{COURSE}/resume").headers["Location"] == url(second)


def test_read_with_htmx_swaps_the_status_and_the_contents(client, learner, course, clock):
    """Does htmx get the read status and the table of contents (out of band), not a page?"""
    first = course.lessons[0]
    client.get(url(first))
    clock.advance(lesson_minimum(first))
    response = client.post(url(first, "/read"), headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="read-status"' in page and 'hx-swap-oob="true"' in page
    assert "Leçon lue" in page


def test_modules_open_in_order(client, learner, course):
    """Is module 2 closed (with an explanation) until module 1 is read and its quiz passed?"""
    second_module = course.modules[1]
    locked = client.get(url(second_module.lessons[0]))
    assert locked.status_code == 403
    assert "Terminez d'abord le" in text(locked) and "(0 leçon lue sur 4)" in text(locked)
    assert client.post(url(second_module.lessons[0], "/read")).status_code == 403
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 0
    complete_module(client, course.modules[0].slug)
    assert client.get(url(second_module.lessons[0])).status_code == 200


def test_progress_percentages(client, learner, course):
    """Does the path count lessons, quizzes and the exam (not reading alone), and is a passed
    module done?"""
    complete_module(client, course.modules[0].slug)
    page = text(client.get(f"/formation/{COURSE}/"))
    done, total = len(course.modules[0].lessons) + 1, len(course.lessons) + len(course.modules) + 1
    assert f"Parcours accompli : {round(100 * done / total)} % ({done} étapes sur {total}" in page
    assert "Terminé" in page


@pytest.mark.parametrize("path", [
    "/formation/inconnu/",
    f"/formation/{COURSE}/99-inconnu/",
    f"/formation/{COURSE}/01-comprendre-le-rpps/99-inconnue",
    f"/formation/{COURSE}/99-inconnu/01-x/read",
])
def test_unknown_course_module_or_lesson_is_404(client, learner, path):
    """Does an unknown course, module or lesson give the French 404 page, writing nothing?"""
    response = client.post(path) if path.endswith("/read") else client.get(path)
    assert response.status_code == 404
    assert "Page introuvable" in text(response)
    assert db.session.scalar(db.select(db.func.count(LessonProgress.id))) == 0


def test_anonymous_visitors_sign_in_first(client, course):
    """Is the course reserved to signed-in people?"""
    response = client.get(url(course.lessons[0]))
    assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_glossary_presentation_and_handout(client, learner, course):
    """Do the glossary, the presentation mode and the printable module render?"""
    glossary = text(client.get(f"/formation/{COURSE}/glossaire"))
    assert all(f'id="{term.anchor}"' in glossary for term in course.glossary)
    module = course.modules[0]
    slides = text(client.get(f"/formation/{COURSE}/{module.slug}/presentation"))
    assert "data-slides" in slides and slides.count('class="slide"') > len(module.lessons)
    handout = text(client.get(f"/formation/{COURSE}/{module.slug}/imprimer"))
    assert all(lesson.title in handout for lesson in module.lessons)
    assert "L'essentiel" in handout


def test_admin_can_open_every_module_for_a_person(client, auth, course):
    """Once an admin opens every module for a person, can they read the last module?"""
    person = make_person("lea@exemple.fr")
    make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    auth.login("admin@exemple.fr")
    assert client.post(f"/admin/people/{person.id}/open-modules").status_code == 303
    auth.logout()
    auth.login("lea@exemple.fr")
    assert client.get(url(course.modules[-1].lessons[0])).status_code == 200


def test_content_check_command(runner):
    """Does `flask content check` pass on the shipped content?"""
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0 and "Contenu valide" in result.output


def data_statements():
    """The SELECTs and writes sent while the block runs (not BEGIN, COMMIT or ROLLBACK)."""
    return statements_sent(lambda sql: sql.lstrip().upper().startswith(
        ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")))


def test_a_lesson_page_reads_twice_and_writes_nothing(client, learner, course):
    """Once open, does a lesson page cost two reads (session with person, progress with the
    reading clock) and no write, however many structures the person belongs to?"""
    lesson = url(course.lessons[0])
    attach(learner, make_organisation())
    client.get(lesson)  # the first visit starts the reading clock
    with data_statements() as one:
        assert client.get(lesson).status_code == 200
    for _ in range(4):
        attach(learner, make_organisation(), StructureRole.LEGAL_REP)
    with data_statements() as five:
        page = client.get(lesson)
    assert len(one) == len(five) == 2, five
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in one + five)
    assert header_role(text(page)) == "Représentant légal"  # loaded with the person


def test_header_names_the_foremost_active_role(client, learner, course):
    """Does the header name the person's foremost role in a structure, and forget ended ones?
    Designated gestionnaire by a structure, a learner is still « En formation »: the header
    says « Gestionnaire RPPS+ » once the habilitation is recorded only (tests/webapp/test_path)."""
    lesson = url(course.lessons[0])
    assert header_role(text(client.get(lesson))) == "En formation"
    attach(learner, make_organisation())
    assert header_role(text(client.get(lesson))) == "En formation"
    representative = attach(learner, make_organisation(), StructureRole.LEGAL_REP)
    page = text(client.get(lesson))
    assert header_role(page) == "Représentant légal" and "Ma structure" in page
    end_attachment(representative)
    db.session.commit()
    page = text(client.get(lesson))
    assert header_role(page) == "En formation" and "Ma structure" not in page


def test_links_follow_the_path_prefix_the_app_is_served_under(client, learner, course):
    """Behind a proxy serving the app under a prefix, do a page's links carry the prefix, even
    right after the same page was served without one?"""
    lesson = url(course.lessons[0])
    assert f'href="{url(course.lessons[1])}"' in text(client.get(lesson))
    prefixed = text(client.get(lesson, base_url="http://academie.test/academie"))
    assert f'href="/academie{url(course.lessons[1])}"' in prefixed
    assert 'href="/academie/static/css/app.css?v=' in prefixed
    assert f'href="{url(course.lessons[1])}"' in text(client.get(lesson))


def test_resources_page_links_only_the_addresses_the_sources_give(client, learner, course):
    """Does « Ressources » list every resource, linking only those with an address?"""
    from directory.resources import resources
    page = text(client.get(f"/formation/{COURSE}/ressources"))
    for entry in resources():
        assert entry.name in page, entry.key
        if entry.href:
            assert f'href="{entry.href}"' in page, entry.key
    assert "Guide pas à pas gestionnaire RPPS+" in page
    assert 'href="#"' not in page
    assert page.count("(sans adresse dans les sources)") == sum(
        not (e.url or e.email) for e in resources())


def test_every_module_page_links_to_the_resources(client, learner, course):
    """Is « Ressources » one click away from every module, and from the course page?"""
    for module in course.modules[:1]:  # module 1 is open to a new learner
        page = text(client.get(f"/formation/{COURSE}/{module.slug}/"))
        assert f'href="/formation/{COURSE}/ressources"' in page
    page = text(client.get(f"/formation/{COURSE}/"))
    assert f'href="/formation/{COURSE}/ressources"' in page
    assert f'href="/formation/{COURSE}/sources"' in page


def test_modules_four_and_five_show_their_resources(app, course):
    """Do modules 4 and 5 each carry a resource box drawn from the data file?"""
    bodies = {m.number: "\n".join(lesson.body for lesson in m.lessons) for m in course.modules}
    assert "[[figure:resources-registration]]" in bodies[4]
    assert "[[figure:resources-departure]]" in bodies[5]


def test_sources_page_credits_both_decks_without_a_date(client, learner):
    """Does « Sources » name both decks' authors, invent no date, and mark quotations?"""
    import re
    page = text(client.get(f"/formation/{COURSE}/sources"))
    assert "GCS SARA" in page and "NeS" in page
    assert not re.search(r"\b20\d\d\b", page.split("Les phrases officielles")[0])
    assert "<blockquote>" in page and "avril 2025" in page


def test_the_course_announces_reading_quiz_and_exam_time_apart(client, learner, course):
    """Does the course page announce reading minutes from the text, quizzes and exam apart?"""
    page = text(client.get(f"/formation/{COURSE}/"))
    minutes = round(sum(lesson.minutes for lesson in course.lessons))
    assert f"Lecture : environ {minutes} minutes" in page
    assert "un quiz de 6 questions" in page and "l'examen final de 20 questions" in page
    assert minutes < 60
