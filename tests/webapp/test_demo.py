"""The demo data of DESIGN.md: idempotent, real accounts, refused in production."""

import re
from html import unescape

from tests.conftest import app_config
from webapp import create_app, demo_region
from webapp.catalogue import courses
from webapp.demo import ATTACHMENTS, PASSWORD, PEOPLE
from webapp.demo_roster import ROSTER_STATES
from webapp.extensions import db
from webapp.learn.operations import lesson_minimum, progress_of
from webapp.models import (
    LessonProgress,
    Membership,
    Organisation,
    Registration,
    User,
    Webinar,
    WebinarStatus,
)
from webapp.quiz.exam import exam_status, fast_attempts
from webapp.timekeeping import utcnow
from webapp.webinars.registration import confirmed_count, registered
from webapp.webinars.survey import satisfaction


def test_demo_seed_is_idempotent(runner):
    """Does running the seed twice create everything once?"""
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0 and "Créé" in first.output
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0 and "déjà en place" in second.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == len(PEOPLE) + len(
        demo_region.PEOPLE) + len(ROSTER_STATES)
    assert db.session.scalar(db.select(db.func.count(Organisation.id))) == 2 + len(
        demo_region.STRUCTURES)
    assert db.session.scalar(db.select(db.func.count(Membership.id))) == len(ATTACHMENTS) + len(
        demo_region.ATTACHMENTS) + len(ROSTER_STATES)


def test_the_rl_roster_shows_every_state(seeded_demo, client, auth):
    """Does rl.centralise's roster show people not started, in progress, trained,
    habilitated, to record, to review after a revocation, leaving, and a reminder sent
    last week?"""
    organisation = db.session.scalar(db.select(Organisation).filter_by(finess="691849590"))
    auth.login("rl.centralise@demo.test", PASSWORD)
    page = client.get(f"/structures/{organisation.id}/personnes").get_data(as_text=True)
    for badge in ("Pas commencé", "En cours", "Formé(e)", "Habilité(e)", "À enregistrer",
                  "À revoir", "À retirer", "Attestation révoquée", "Relancé(e) le"):
        assert badge in page, badge


def test_every_demo_account_signs_in(seeded_demo, client, auth):
    """Can each demo account of DESIGN.md sign in with the shared password?"""
    for demo in PEOPLE:
        response = auth.login(demo.email, PASSWORD)
        assert response.status_code == 303, demo.email
        # The shared password passes today's rules: no one is asked to change it.
        assert not response.location.startswith("/account"), demo.email
        auth.logout()


def test_demo_structures_match_the_design(seeded_demo):
    """Is the centralised EJ in the Rhône with 3 EG, and rl.decentralise on one Isère EG?"""
    centralised, decentralised = db.session.scalars(
        db.select(Organisation).where(Organisation.finess.in_(("691849590", "383103413")))
        .order_by(Organisation.finess.desc())
    ).all()
    assert centralised.contract_mode == "centralised"
    assert [eg.departement for eg in centralised.establishments] == ["69", "69", "69"]
    rl = db.session.scalar(db.select(User).filter_by(email="rl.decentralise@demo.test"))
    (membership,) = rl.active_memberships
    assert membership.organisation == decentralised and membership.establishment.departement == "38"
    trainer = db.session.scalar(db.select(User).filter_by(email="formateur@demo.test"))
    assert trainer.region_code == "84"


def test_demo_seed_is_refused_in_production(database_url):
    """Does the seed refuse to run in production?"""
    app = create_app(app_config(database_url, ENVIRONMENT="production"))
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code != 0 and "refusées en production" in result.output


def test_admin_create_prints_an_activation_link(runner):
    """Does `flask admin create` make an admin who chooses a password from the link?"""
    result = runner.invoke(args=["admin", "create", "chef@exemple.fr",
                                 "--first-name", "Chef", "--last-name", "Projet"])
    assert result.exit_code == 0 and "/reset-password/" in result.output
    again = runner.invoke(args=["admin", "create", "chef@exemple.fr",
                                "--first-name", "Chef", "--last-name", "Projet"])
    assert again.exit_code != 0 and "existe déjà" in again.output


def test_demo_learners_are_where_the_design_says(seeded_demo):
    """Has gestionnaire1 done nothing, 2 every module, 3 passed the exam, 4 half the course?"""
    course = courses()["devenir-gestionnaire"]

    def state(number):
        email = f"gestionnaire{number}@demo.test"
        person = db.session.scalar(db.select(User).filter_by(email=email))
        progress = progress_of(person, course)
        return progress, exam_status(person, course, progress)

    first, second, third, fourth = (state(n) for n in (1, 2, 3, 4))
    assert not first[0].started
    assert second[0].completed and second[1].may_start and not second[1].passed
    assert third[1].passed
    assert 30 <= fourth[0].percent <= 70 and not fourth[0].completed


def test_the_certified_demo_learner_holds_an_attestation_and_the_flag(seeded_demo, client, auth):
    """Does gestionnaire3 hold a valid attestation and the flag, linked from their home?"""
    person = db.session.scalar(db.select(User).filter_by(email="gestionnaire3@demo.test"))
    attestation = person.elearning_flag.attestation
    assert attestation.is_valid and attestation.holder_name == person.full_name
    auth.login("gestionnaire3@demo.test", PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert f"/attestations/{attestation.number}.pdf" in home
    assert f"/verify/{attestation.code}" in home


def test_demo_learners_read_at_a_readers_pace(seeded_demo):
    """Did the demo's learners read each lesson for its minimum, and is only gestionnaire2's
    blank exam (40 s) flagged as fast, not gestionnaire3's pass?"""
    course = courses()["devenir-gestionnaire"]
    person = db.session.scalar(db.select(User).filter_by(email="gestionnaire2@demo.test"))
    read_at = db.session.scalars(db.select(LessonProgress.read_at).filter_by(
        user_id=person.id).order_by(LessonProgress.read_at)).all()
    assert len(read_at) == len(course.lessons)
    gaps = [(later - earlier).total_seconds()
            for earlier, later in zip(read_at, read_at[1:], strict=False)]
    assert all(gap >= lesson_minimum(lesson)
               for gap, lesson in zip(gaps, course.lessons[1:], strict=True))
    flagged = {email: len(fast_attempts(db.session.scalar(
        db.select(User).filter_by(email=email))))
        for email in ("gestionnaire2@demo.test", "gestionnaire3@demo.test")}
    assert flagged == {"gestionnaire2@demo.test": 1, "gestionnaire3@demo.test": 0}


def demo_webinars():
    """The demo webinars of the trainer's region, by start."""
    return db.session.scalars(db.select(Webinar).filter_by(region_code="84")
                              .order_by(Webinar.starts_at)).all()


def test_demo_webinars_show_every_state(seeded_demo, client, auth):
    """Past (attended, surveyed, sheet), upcoming with free seats, full with a waiting list?"""
    past, upcoming, full = demo_webinars()
    now = utcnow()
    assert upcoming.state is WebinarStatus.PUBLISHED and upcoming.starts_at > now
    assert 0 < confirmed_count(upcoming) < upcoming.capacity
    assert full.state is WebinarStatus.PUBLISHED and full.starts_at > now
    assert confirmed_count(full) == full.capacity and registered(full, ("waiting",))
    assert past.state is WebinarStatus.DONE and past.ends_at < now
    assert {r.checkin_method for r in past.registrations if r.attended} == {"self", "manual"}
    assert any(not r.attended for r in past.registrations)
    assert satisfaction(past).answers == 2
    emails = {r.person.email for w in (past, upcoming, full) for r in w.registrations}
    assert "gestionnaire1@demo.test" not in emails
    auth.login("formateur@demo.test", PASSWORD)
    sheet = client.get(f"/webinaires/{past.id}/feuille-emargement.pdf")
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
    auth.logout()
    auth.login("gestionnaire2@demo.test", PASSWORD)
    page = client.get(f"/webinaires/{full.id}").get_data(as_text=True)
    assert "attente" in page


def test_demo_webinars_are_seeded_once(runner):
    """Does a second seed leave the webinars and their registrations as they were?"""
    runner.invoke(args=["demo", "seed"])
    before = db.session.scalar(db.select(db.func.count(Registration.id)))
    runner.invoke(args=["demo", "seed"])
    assert len(demo_webinars()) == 3
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == before


def test_the_trainers_region_shows_every_gap(seeded_demo, client, auth):
    """Does formateur's dashboard list a structure in each gap state, the habilitation to
    review first, and does the admin's audit log have events to filter by person?"""
    auth.login("formateur@demo.test", PASSWORD)
    page = unescape(client.get("/region/").get_data(as_text=True))
    section = page[page.index("Structures à relancer"):page.index("Où en sont les personnes")]
    for label in ("Habilitation à revoir (attestation révoquée)", "Aucun gestionnaire formé",
                  "Formé(s) mais pas habilité(s)", "Moins de formés que de désignés"):
        assert label in section, label
    first = re.search(r"<h3><a [^>]*>([^<]+)</a></h3>", section)[1]
    assert first == "Centre de répit Savoie (fictif)"
    assert "aucun désigné" in section  # Accueil de jour Drôme
    auth.logout()
    auth.login("admin@demo.test", PASSWORD)
    page = unescape(client.get("/admin/audit?personne=Onzième").get_data(as_text=True))
    history = page[page.index('<div id="audit-table"'):]
    for label in ("Attestation délivrée", "Attestation révoquée",
                  "Habilitation « Gestionnaire RPPS+ » accordée", "Rattachement ajouté"):
        assert label in history, label
