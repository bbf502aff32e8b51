"""The learner's path on the pages: one primary action, always the next thing to do, and quiz
results that read at a glance and survive a reload."""

import re
from html import unescape

import pytest

from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.catalogue import courses, questions
from webapp.extensions import db
from webapp.models import QuizAttempt
from webapp.structures.habilitations import grant

from .steps import complete_module, make_exam_ready, read_module, right_values
from .test_learn import header_role
from .test_quiz import wrong_values

COURSE = "devenir-gestionnaire"


@pytest.fixture
def learner(client, auth):
    person = make_person("lea@exemple.fr")
    auth.login("lea@exemple.fr")
    return person


def page(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", unescape(response.get_data(as_text=True)))


def primary(html: str) -> tuple[str, str]:
    """The href and label of the path's one primary action."""
    match = re.search(r'class="button next-step__action" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert match, "no primary action on the page"
    return match[1], match[2]


def test_nothing_done_leads_to_the_first_lesson_on_home_and_course(client, learner):
    """Does a new learner see the steps and one action, « Commencer la formation », on lesson
    1, on the home page and the course page, with 0 % done?"""
    first = courses()[COURSE].lessons[0]
    for html in (page(client), page(client, f"/formation/{COURSE}/")):
        href, label = primary(html)
        assert href.endswith(f"/{first.module_slug}/{first.slug}")
        assert label == "Commencer la formation"
        assert "Parcours accompli : 0 % (0 étape sur 26 :" in html
        assert "0 / 4 leçons lues" in html
        assert "Examen final" in html and "Attestation et habilitation" in html


def test_a_lesson_being_read_stays_next_and_says_how_long(client, learner):
    """After opening lesson 1 without waiting, is it still the next step, saying why, the
    action no longer « Commencer » but « Reprendre la formation »?"""
    first = courses()[COURSE].lessons[0]
    client.get(f"/formation/{COURSE}/{first.module_slug}/{first.slug}")
    for html in (page(client), page(client, f"/formation/{COURSE}/")):
        assert primary(html)[0].endswith(first.slug)
        assert primary(html)[1] == "Reprendre la formation"
        assert re.search(r"en cours de lecture : elle comptera comme lue dans \d", html)


def test_lessons_read_lead_to_the_quiz_then_the_next_module(client, learner, clock):
    """Lessons of module 1 read: the quiz; quiz passed: module 2's first lesson."""
    course = courses()[COURSE]
    one, two = course.modules[0], course.modules[1]
    read_module(client, one.slug, clock=clock)
    assert primary(page(client))[0].endswith(f"/{one.slug}/quiz")
    complete_module(client, one.slug, clock=clock)
    html = page(client, f"/formation/{COURSE}/{one.slug}/quiz")
    assert "Quiz réussi" in html
    assert primary(page(client))[0].endswith(f"/{two.slug}/{two.lessons[0].slug}")
    # The quiz result points there too, and « Reprendre » goes there.
    assert f'href="/formation/{COURSE}/{two.slug}/{two.lessons[0].slug}"' in html
    assert client.get(f"/formation/{COURSE}/resume").location.endswith(two.lessons[0].slug)


def test_modules_done_lead_to_the_exam_then_wait_after_three_failures(client, learner, app):
    """Every module done: the exam with its attempts; after 3 failures, when it reopens."""
    make_exam_ready(learner)
    html = page(client)
    assert primary(html) == (f"/formation/{COURSE}/examen", "Passer l'examen final")
    assert "(3 tentatives possibles sur 24 heures)" in html and "Parcours accompli : 9" in html
    for number in range(3):
        client.post(f"/formation/{COURSE}/examen")
        if number == 0:  # started, not handed in: the path goes back to it
            assert primary(page(client))[1] == "Reprendre l'examen en cours"
        attempt = db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam",
                                                                   submitted_at=None))
        # Handed in empty: confirmed, as the page asks before grading unanswered questions.
        client.post(f"/formation/{COURSE}/examen/{attempt.id}/submit",
                    data={"confirm": "unanswered"})
    html = page(client)
    assert primary(html)[1] == "Voir mon dernier résultat"
    assert "la prochaine s'ouvre le" in html
    # The exam page keeps the history of attempts, with their dates and scores.
    exam_page = page(client, f"/formation/{COURSE}/examen")
    assert "Vos tentatives" in exam_page and exam_page.count("✗ non réussi") == 3


def test_a_pass_leads_to_the_attestation_then_the_habilitation(client, learner, auth):
    """After the pass: download the attestation and show it to the RL; once the RL records
    the habilitation, the path says so."""
    make_exam_ready(learner)
    response = client.post(f"/formation/{COURSE}/examen")
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam", submitted_at=None))
    form = {f"q-{item['question_id']}": right_values(item["question_id"])
            for item in attempt.drawn}
    response = client.post(f"/formation/{COURSE}/examen/{attempt.id}/submit", data=form)
    # The attestation card comes first: no jump to the correction below it.
    assert response.status_code == 303 and "#" not in response.location
    href, label = primary(page(client, f"/formation/{COURSE}/"))
    assert re.fullmatch(r"/attestations/RPPSP-\d{4}-\d{6}\.pdf", href)
    assert label == "Télécharger mon attestation (PDF)"
    # At home, the attestation card (number, PDF, verification) is the next step itself.
    html = page(client)
    assert re.search(r'class="next-step">.*class="notice notice--success attestation-card">.*'
                     r'href="/attestations/RPPSP-\d{4}-\d{6}\.pdf"', html)
    assert "montrez l'attestation à votre représentant légal" in html
    assert "Montrez l'attestation à votre représentant légal : il en a besoin" in html
    assert "Parcours accompli : 100 %" in html
    assert header_role(html) == "Attestation obtenue"
    assert "il en a besoin" in page(client, f"/formation/{COURSE}/examen")
    organisation = make_organisation()
    membership = attach(learner, organisation)
    assert header_role(page(client)) == "Attestation obtenue"
    grant(membership, make_legal_rep(organisation))
    db.session.commit()
    html = page(client)
    assert "Habilitation « Gestionnaire RPPS+ » enregistrée" in html
    assert header_role(html) == "Gestionnaire RPPS+"
    # Recorded already: neither the home nor the exam page asks to show the attestation.
    assert "il en a besoin" not in html
    exam_page = page(client, f"/formation/{COURSE}/examen")
    assert "Vous avez réussi l'examen final" in exam_page and "il en a besoin" not in exam_page


def test_a_failed_quiz_keeps_its_review_after_a_reload(client, learner, clock):
    """Is a failed quiz's review kept on reload: each answer with verdict icon and words, the
    learner's choice not greyed, the right option marked, the lessons to reread linked, and
    a history of attempts?"""
    module = courses()[COURSE].modules[0]
    quiz = f"/formation/{COURSE}/{module.slug}/quiz"
    client.post(quiz)
    attempt = db.session.scalar(db.select(QuizAttempt).filter_by(submitted_at=None))
    for item in attempt.drawn:
        client.post(f"{quiz}/{attempt.id}/{item['question_id']}",
                    data={f"q-{item['question_id']}": wrong_values(item["question_id"])})
    html = page(client, quiz)
    assert "Quiz à retenter : 0 / " in html
    assert html.count("✗</span> Ce n'est pas la bonne réponse.") == len(attempt.drawn)
    assert " disabled" not in html
    choices = [i["question_id"] for i in attempt.drawn
               if questions(COURSE)[i["question_id"]].type in ("single", "true_false")]
    if choices:
        assert "Votre réponse, fausse" in html and "Bonne réponse</span>" in html
    taught = {questions(COURSE)[i["question_id"]].lesson_slug for i in attempt.drawn}
    for lesson in module.lessons:
        if lesson.slug in taught:
            link = f'<a href="/formation/{COURSE}/{module.slug}/{lesson.slug}">{lesson.title}</a>'
            assert link in html
    assert "Vos tentatives" in html and "✗ non réussi" in html


def test_the_webinar_page_links_its_modules_in_presentation_mode(client, auth):
    """Does a webinar's page give its trainer each module it covers in presentation mode, and
    does that page show the keys and the on-screen controls?"""
    from webapp.models import PlatformRole

    from .test_webinars import published

    trainer = make_person("formatrice@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    module = courses()[COURSE].modules[2]
    webinar = published(trainer, modules=[module.slug])
    auth.login("formatrice@exemple.fr")
    html = page(client, f"/webinaires/{webinar.id}")
    link = f"/formation/{COURSE}/{module.slug}/presentation"
    assert f'href="{link}"' in html and "Présenter pendant le webinaire" in html
    slides = page(client, link)
    assert "<kbd>F</kbd> : plein écran" in slides
    assert "Suivante →</button>" in slides and "Plein écran</button>" in slides


def test_the_demo_shows_a_failed_quiz_with_its_review(seeded_demo, client, auth):
    """Does gestionnaire4's module 3 quiz page show a failed attempt, its review and history,
    while their path still leads to their next lesson?"""
    from webapp.demo import PASSWORD

    auth.login("gestionnaire4@demo.test", PASSWORD)
    module = courses()[COURSE].modules[2]
    html = page(client, f"/formation/{COURSE}/{module.slug}/quiz")
    assert "Quiz à retenter" in html and "Vos réponses à la dernière tentative" in html
    assert "Votre réponse, fausse" in html and "Vos tentatives" in html
    assert primary(page(client))[0].startswith(f"/formation/{COURSE}/{module.slug}/")


def test_a_finished_module_points_to_the_next_step(client, learner, clock):
    """Does the page of a completed module say so and point to the path's next step?"""
    course = courses()[COURSE]
    one, two = course.modules[0], course.modules[1]
    assert "Module terminé" not in page(client, f"/formation/{COURSE}/{one.slug}/")
    complete_module(client, one.slug, clock=clock)
    html = page(client, f"/formation/{COURSE}/{one.slug}/")
    assert "Module terminé" in html
    assert f'href="/formation/{COURSE}/{two.slug}/{two.lessons[0].slug}"' in html
