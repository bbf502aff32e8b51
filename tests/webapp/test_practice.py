"""The registration simulator, the role finder and the data-collection sheet, through HTTP."""

import re

import pytest

from directory.journey import LEGAL_CONFIRMATIONS, REGISTRATION_STEPS
from tests.conftest import app_config
from tests.factories import attach, make_organisation, make_person
from tests.pdfs import pdf_text
from webapp import create_app
from webapp.extensions import db
from webapp.models import PlatformRole, PracticeAttempt

from .steps import text

SHARED = "02-telephone-partage"
ORDRE = "05-deja-inscrit-ordre"
STEP1 = {"civilite": "Monsieur", "sexe": "Masculin", "nom_naissance": "Dupuis",
         "prenoms": "Jérôme Paul", "date_naissance": "21/06/1990", "pays_naissance": "France",
         "commune_naissance": "Bayeux"}
STEP2 = {"mail": "jerome.dupuis@foyer-les-saules.fictif", "telephone_mobile": "06 45 78 12 90"}
STEP3 = {"nom_exercice": "Dupuis", "prenom_exercice": "Jérôme", "etablissement": "140555012",
         "date_prise_fonction": "2026-01-05", "profession": "Accompagnant éducatif et social",
         "role": "GENR10", "mode_exercice": "Salarié"}
STEP4 = {"confirmation_informations": "oui", "confirmation_rencontre": "oui"}



@pytest.fixture
def learner(client, auth):
    person = make_person("jules@exemple.fr", first_name="Jules")
    auth.login("jules@exemple.fr")
    return person


def start(client, case_key=SHARED, **form) -> int:
    response = client.post(f"/entrainement/cas/{case_key}/commencer", data=form)
    assert response.status_code == 303
    return int(response.headers["Location"].split("/tentatives/")[1].split("/")[0])


def post_step(client, attempt_id, number, data):
    return client.post(f"/entrainement/tentatives/{attempt_id}/etape/{number}", data=data)


def test_every_page_says_it_is_a_simulation(client, learner):
    """Do the list, a step, the feedback and the result all say nothing is sent?"""
    attempt_id = start(client)
    pages = [client.get("/entrainement/"),
             client.get(f"/entrainement/tentatives/{attempt_id}/etape/0")]
    post_step(client, attempt_id, 0, {"demarche": "enregistrer"})
    pages.append(client.get(f"/entrainement/tentatives/{attempt_id}/etape/0/bilan"))
    client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    pages.append(client.get(f"/entrainement/tentatives/{attempt_id}"))
    for page in pages:
        assert page.status_code == 200
        assert "Simulation" in text(page) and "rien n'est envoyé" in text(page)


def test_a_shared_phone_is_flagged_and_going_back_loses_nothing(client, learner):
    """Is the team's phone « à corriger » with its reason, and are entries kept going back?"""
    attempt_id = start(client)
    assert post_step(client, attempt_id, 0, {"demarche": "enregistrer"}).status_code == 303
    step1 = post_step(client, attempt_id, 1, STEP1)
    assert step1.headers["Location"].endswith(f"/tentatives/{attempt_id}/etape/1/bilan")
    response = post_step(client, attempt_id, 2, STEP2 | {"telephone_mobile": "06 80 11 22 33"})
    feedback = text(client.get(response.headers["Location"]))
    assert "1 champ à corriger" in feedback
    assert "C'est le mobile de service que se passe l'équipe de nuit — refusé" in feedback
    assert "Revoir la leçon « Préparer et saisir l'enregistrement »" in feedback
    # « Revenir à l'étape précédente » keeps what was typed on this step and the one before.
    back = post_step(client, attempt_id, 2, {"mail": "autre@exemple.fictif",
                                             "telephone_mobile": "06 45", "precedent": "1"})
    assert back.headers["Location"].endswith(f"/tentatives/{attempt_id}/etape/1")
    assert 'value="Jérôme Paul"' in text(client.get(back.headers["Location"]))
    page = text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/2"))
    assert 'value="autre@exemple.fictif"' in page and 'value="06 45"' in page


def test_an_unusable_value_is_refused_with_the_values_kept(client, learner):
    """Does an impossible date come back as 422, the message next to it, nothing lost?"""
    attempt_id = start(client)
    response = post_step(client, attempt_id, 1, STEP1 | {"date_naissance": "31/02/1990"})
    assert response.status_code == 422
    page = text(response)
    assert "Saisissez une date au format JJ/MM/AAAA." in page
    assert 'value="Dupuis"' in page and 'value="31/02/1990"' in page
    assert 'aria-invalid="true"' in page
    response = post_step(client, attempt_id, 1, STEP1 | {"commune_naissance": "x" * 5000})
    assert response.status_code == 422 and "200 caractères au plus." in text(response)
    db.session.expire_all()
    assert len(db.session.get(PracticeAttempt, attempt_id).entries["commune_naissance"]) == 200


def test_a_wrong_role_fixed_after_feedback_ends_all_right(client, learner):
    """Fixed after its feedback, is the role right in the result, the typed entries gone?"""
    attempt_id = start(client)
    for number, data in enumerate((({"demarche": "enregistrer"}), STEP1, STEP2,
                                   STEP3 | {"role": "GENR11"})):
        post_step(client, attempt_id, number, data)
    feedback = text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/3/bilan"))
    assert "L'AES n'est pas dans les exemples du rôle « au soin »" in feedback
    assert "Quel rôle RPPS+" in text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/3"))
    post_step(client, attempt_id, 3, STEP3)
    post_step(client, attempt_id, 4, STEP4)
    response = client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    assert response.status_code == 303
    result = text(client.get(response.headers["Location"]))
    assert "7 champs justes sur 7</strong>, dont 1 corrigé après le bilan" in result
    assert "Juste après correction" in result and "Recommencer ce cas" in result
    attempt = db.session.get(PracticeAttempt, attempt_id)
    assert attempt.entries is None and attempt.finished_at is not None
    assert attempt.results.pop("role") == "fixed" and set(attempt.results.values()) == {"right"}
    assert attempt.fields_right == attempt.fields_checked == 7
    assert "1 cas terminé sur 13" in text(client.get("/entrainement/"))


def test_not_registering_is_the_right_answer_when_the_ordre_did(client, learner):
    """Does « ne pas enregistrer » end the case, and « enregistrer » say to check the Annuaire?"""
    attempt_id = start(client, ORDRE)
    post_step(client, attempt_id, 0, {"demarche": "enregistrer"})
    feedback = text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/0/bilan"))
    assert "À corriger" in feedback and "Annuaire Santé" in feedback
    post_step(client, attempt_id, 0, {"demarche": "ne_pas_enregistrer"})
    feedback = text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/0/bilan"))
    assert "Rien à corriger" in feedback and "Terminer le cas" in feedback
    client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    assert "1 champ juste sur 1" in text(client.get(f"/entrainement/tentatives/{attempt_id}"))


def test_mistakes_are_summed_up_and_the_case_can_start_again(client, learner):
    """Does the result list each mistake with its lesson, and « Recommencer » start anew?"""
    attempt_id = start(client, ORDRE)
    post_step(client, attempt_id, 0, {"demarche": "enregistrer"})
    client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    result = text(client.get(f"/entrainement/tentatives/{attempt_id}"))
    assert "Vos erreurs" in result
    assert "Attendu : <strong>Ne pas enregistrer cette personne</strong>" in result
    again = start(client, ORDRE, recommencer="1")
    assert again != attempt_id
    assert "Avant de commencer" in text(client.get(f"/entrainement/tentatives/{again}/etape/0"))
    post_step(client, again, 0, {"demarche": "modifier"})
    # A second click on « Recommencer » empties the open attempt rather than adding one.
    assert start(client, ORDRE, recommencer="1") == again
    assert db.session.scalar(db.select(db.func.count(PracticeAttempt.id))) == 2
    assert db.session.get(PracticeAttempt, again).entries == {}


def test_another_learner_s_attempt_is_404(client, auth, learner):
    """Can anyone else open, fill, check or finish someone's attempt? (404, nothing written)"""
    attempt_id = start(client)
    post_step(client, attempt_id, 0, {"demarche": "enregistrer"})
    auth.logout()
    make_person("autre@exemple.fr")
    auth.login("autre@exemple.fr")
    base = f"/entrainement/tentatives/{attempt_id}"
    for url in (f"{base}/etape/0", f"{base}/etape/0/bilan", base):
        assert client.get(url).status_code == 404, url
    assert post_step(client, attempt_id, 0, {"demarche": "modifier"}).status_code == 404
    assert client.post(f"{base}/terminer").status_code == 404
    db.session.expire_all()
    attempt = db.session.get(PracticeAttempt, attempt_id)
    assert attempt.is_open and attempt.entries["demarche"] == "enregistrer"
    assert client.get("/entrainement/cas/inconnu").status_code == 404
    assert client.get(f"{base}/etape/9").status_code == 404


def test_the_simulator_needs_a_signed_in_person(client):
    """Is an anonymous visitor sent to the login page?"""
    response = client.get("/entrainement/")
    assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_starting_a_case_needs_the_csrf_token(database_url):
    """Is a POST without the CSRF token refused, with no attempt created?"""
    app = create_app(app_config(database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        make_person("csrf@exemple.fr")
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
        client.post("/login", data={"email": "csrf@exemple.fr",
                                    "password": "mot-de-passe-de-test", "csrf_token": token})
        assert client.post(f"/entrainement/cas/{SHARED}/commencer").status_code == 400
        assert db.session.scalar(db.select(db.func.count(PracticeAttempt.id))) == 0
        page = client.get("/entrainement/").get_data(as_text=True)
        token = page.split('"X-CSRFToken": "')[1].split('"')[0]
        response = client.post(f"/entrainement/cas/{SHARED}/commencer",
                               data={"csrf_token": token})
        assert response.status_code == 303
        db.engine.dispose()


def test_the_role_finder_from_a_job_and_from_answers(client, learner):
    """Does a job, or answers, lead to the roles, their DMP documents, the note and sources?"""
    page = text(client.get("/entrainement/quel-role", query_string={"metier": "Secrétariat"}))
    assert "Administratif ou appui à l'organisation de l'accompagnement social/médico-social " \
           "(GENR09)" in page
    assert "Les 5 types de documents du DMP" in page
    assert "la consultation du DMP par les professionnels enregistrés" in page
    assert "seed 000, l. 33-36 et l. 132" in page and "seed 003, l. 198-199 et 231-245" in page
    page = text(client.get("/entrainement/quel-role", query_string={
        "encadre": "oui", "coordonne": "non", "aupres": "soin"}))
    assert "Les rôles qui peuvent convenir" in page
    assert "(GENR12)" in page and "(GENR11)" in page and "(GENR08)</h3>" not in page


def test_the_sheet_lists_every_field_of_the_four_steps(client, learner):
    """Does the PDF read back with every field, the uniqueness rule, both confirmations?"""
    response = client.get("/entrainement/fiche-de-recueil.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    sheet = " ".join(pdf_text(response.data).split())
    for step in REGISTRATION_STEPS:
        assert f"Étape {step.number} : {step.title}" in sheet
        for field in step.fields:
            assert field.label in sheet, field.label
    for confirmation in LEGAL_CONFIRMATIONS:
        assert " ".join(confirmation.split()) in sheet
    assert "propres à un seul utilisateur" in sheet and "Documents à vérifier" in sheet


def test_the_sheet_is_prefilled_for_one_s_own_structure_only(client, learner):
    """Is the sheet prefilled with one's own EG, and 404 for another structure's EG?"""
    mine = make_organisation(name="Association Les Pins", establishments=2)
    other = make_organisation(name="Autre structure", establishments=1)
    attach(learner, mine)
    site = mine.establishments[1]
    response = client.get("/entrainement/fiche-de-recueil.pdf", query_string={"eg": site.id})
    sheet = " ".join(pdf_text(response.data).split())
    assert "Association Les Pins" in sheet and f"{site.name} — FINESS {site.finess}" in sheet
    assert f'eg={site.id}' in text(client.get("/entrainement/"))
    foreign = other.establishments[0].id
    assert client.get("/entrainement/fiche-de-recueil.pdf",
                      query_string={"eg": foreign}).status_code == 404
    assert client.get("/entrainement/fiche-de-recueil.pdf?eg=abc").status_code == 404


def test_content_check_refuses_a_case_without_sources_or_with_an_unknown_role(app, runner,
                                                                              tmp_path):
    """Does `flask content check` fail, naming the file and line, on such cases?"""
    case = ("title: Cas\nsituation: Une situation.\nexpected:\n  demarche:\n"
            "    value: enregistrer\n    reason: Parce que.\n"
            "    lesson: 04-enregistrer-les-professionnels/01-qui-enregistrer\n"
            "  role:\n    value: {role}\n    reason: Parce que.\n"
            "    lesson: 04-enregistrer-les-professionnels/03-profession-et-role\n")
    (tmp_path / "sans-source.yaml").write_text(case.format(role="GENR09"), encoding="utf-8")
    (tmp_path / "role-inconnu.yaml").write_text(
        case.format(role="GENR07") + 'sources:\n  - "seed 003, l. 198"\n', encoding="utf-8")
    app.config["PRACTICE_CASES"] = str(tmp_path)
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert "role-inconnu.yaml:8: le rôle attendu 'GENR07' n'est pas dans les données" \
        in result.output
    assert "sans-source.yaml:1: le cas doit citer ses sources" in result.output


def test_the_migration_goes_down_and_up(app):
    """Does the practice table go away on downgrade and come back on upgrade?"""
    from flask_migrate import downgrade, upgrade

    db.session.remove()
    downgrade(revision="e3a1c0d5b7f2")
    assert "practice_attempt" not in db.inspect(db.engine).get_table_names()
    upgrade()
    assert "practice_attempt" in db.inspect(db.engine).get_table_names()


def test_the_demo_shows_two_cases_done_by_gestionnaire4(seeded_demo, runner, client, auth):
    """After the seed (twice), has gestionnaire4 done two cases, one to correct, on their home?"""
    runner.invoke(args=["demo", "seed"])
    attempts = db.session.scalars(db.select(PracticeAttempt)
                                  .order_by(PracticeAttempt.case_key)).all()
    assert [(a.case_key, a.fields_right, a.fields_checked, a.entries) for a in attempts] == [
        ("01-aide-soignante-nom-d-usage", 8, 8, None), (SHARED, 6, 7, None)]
    auth.login("gestionnaire4@demo.test", "demo-rppsplus-2026")
    assert "S'entraîner à enregistrer" in text(client.get("/"))
    practice = text(client.get("/entrainement/"))
    assert "2 cas terminés sur 13" in practice and "6 champs justes sur 7" in practice


def test_a_deployment_may_require_cases_before_the_exam(app, client, auth):
    """With PRACTICE_CASES_REQUIRED=1, is the exam closed until one case is finished?"""
    from webapp.models import QuizAttempt

    from .steps import COURSE, make_exam_ready

    person = make_person("ines@exemple.fr")
    make_exam_ready(person)
    auth.login("ines@exemple.fr")
    exam = f"/formation/{COURSE}/examen"
    app.config["PRACTICE_CASES_REQUIRED"] = 1
    assert "il vous en reste 1" in text(client.get(exam))
    client.post(exam)
    assert "Terminez d'abord 1 cas d'entraînement." in text(client.get(exam))
    assert db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam")) is None
    attempt_id = start(client, ORDRE)
    post_step(client, attempt_id, 0, {"demarche": "enregistrer"})  # wrong, and still done
    client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    assert "Commencer l'examen" in text(client.get(exam))
    assert client.post(exam).status_code == 303
    assert db.session.scalar(db.select(QuizAttempt).filter_by(kind="exam")) is not None


def test_modifying_a_record_needs_the_rpps_number_not_the_national_id(client, learner):
    """Is « 8 + RPPS » refused with why, and the 11-digit number then right after correction?"""
    attempt_id = start(client, "07-modifier-depart")
    post_step(client, attempt_id, 0, {"demarche": "modifier", "rpps": "810222333444"})
    feedback = text(client.get(f"/entrainement/tentatives/{attempt_id}/etape/0/bilan"))
    assert "Ce numéro compte 12 chiffres et commence par 8" in feedback
    assert "Revoir la leçon « " in feedback and "Terminer le cas" in feedback
    post_step(client, attempt_id, 0, {"demarche": "modifier", "rpps": "102 2233 3444"})
    client.post(f"/entrainement/tentatives/{attempt_id}/terminer")
    result = text(client.get(f"/entrainement/tentatives/{attempt_id}"))
    assert "2 champs justes sur 2</strong>, dont 1 corrigé après le bilan" in result


def test_the_menu_leads_learners_to_the_simulator(client, auth, learner):
    """Is « Entraînement » in a learner's main menu, marked current on the simulator's pages,
    and absent from a trainer's menu?"""
    menu = r'<nav class="site-nav".*?</nav>'
    home = re.search(menu, client.get("/").get_data(as_text=True), re.S)[0]
    assert '<a href="/entrainement/">Entraînement</a>' in home
    practice = re.search(menu, client.get("/entrainement/").get_data(as_text=True), re.S)[0]
    assert '<a href="/entrainement/" aria-current="page">Entraînement</a>' in practice
    auth.logout()
    make_person("fabien@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    auth.login("fabien@exemple.fr")
    assert "Entraînement</a>" not in client.get("/").get_data(as_text=True)
