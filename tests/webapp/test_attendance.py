"""Attendance (« émargement »): the trainer's page, check-in, the visio import, the sign-in
sheet, the attestation de présence, the survey and the results."""

import re
from datetime import timedelta
from html import unescape
from uuid import uuid4

import pytest

from directory.structures import StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_organisation, make_person
from tests.pdfs import pdf_text
from tests.webapp.steps import as_read
from webapp.attestations.issuance import new_attestation
from webapp.extensions import db
from webapp.models import (
    AttendanceImport,
    PlatformRole,
    Registration,
    SurveyAnswer,
    Webinar,
)
from webapp.timekeeping import utcnow

CODE = "K7P2QX"


def text(response):
    """The page as read: entities decoded, runs of white space as one space."""
    return " ".join(unescape(response.get_data(as_text=True)).split())


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def make_webinar(trainer, *, starts_in=timedelta(minutes=-10), duration=60, **fields):
    """A published webinar of the trainer's region, by default under way."""
    values = dict(region_code=trainer.region_code, trainer_id=trainer.id,
                  title="Devenir gestionnaire RPPS+", description="", duration_minutes=duration,
                  starts_at=utcnow() + starts_in, capacity=30, audience="all",
                  visio_url="https://visio.exemple.fr/salle", status="published",
                  ical_uid=str(uuid4()), checkin_code=CODE, published_at=utcnow())
    webinar = Webinar(**{**values, **fields})
    db.session.add(webinar)
    db.session.commit()
    return webinar


def register(webinar, person, status="confirmed"):
    registration = Registration(webinar_id=webinar.id, user_id=person.id, status=status)
    db.session.add(registration)
    db.session.commit()
    return registration


@world_fixture
def world(app):
    """A structure of Auvergne-Rhône-Alpes with three learners (two confirmed, one waiting),
    its trainer, a trainer of Normandie, an admin, and someone of no structure."""
    ehpad = make_organisation(name="EHPAD Les Tilleuls", establishments=1)
    people = {
        "alice": make_person("alice@exemple.fr", first_name="Alice", last_name="Martin"),
        "bruno": make_person("bruno@exemple.fr", first_name="Bruno", last_name="Durand"),
        "chloe": make_person("chloe@exemple.fr", first_name="Chloé", last_name="Petit"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84", first_name="Sam", last_name="Formateur"),
        "trainer_elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                         region_code="28"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
        "stranger": make_person("inconnu@exemple.fr"),
    }
    attach(people["alice"], ehpad, StructureRole.GESTIONNAIRE, ehpad.establishments[0])
    attach(people["bruno"], ehpad, StructureRole.LEGAL_REP)
    attach(people["chloe"], ehpad)
    webinar = make_webinar(people["trainer"])
    registrations = {name: register(webinar, people[name]) for name in ("alice", "bruno")}
    registrations["chloe"] = register(webinar, people["chloe"], "waiting")
    return {**people, "ehpad": ehpad, "webinar": webinar, "registrations": registrations}


def url(world, path=""):
    return f"/webinaires/{world['webinar'].id}{path}"


def registration(world, name) -> Registration:
    return db.session.get(Registration, world["registrations"][name].id)


def csv_upload(content, name="participants.csv"):
    import io

    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return (io.BytesIO(data), name)


def import_file(client, world, content, minimum=30):
    return client.post(url(world, "/emargement/import"),
                       data={"file": csv_upload(content), "minimum": str(minimum)},
                       content_type="multipart/form-data")


# Who sees what


TRAINER_ONLY = [("get", "/emargement"), ("get", "/feuille-emargement.pdf"), ("get", "/bilan"),
                ("post", "/emargement/import"), ("post", "/apres")]


@pytest.mark.parametrize("who, allowed", [("trainer", True), ("admin", True),
                                          ("trainer_elsewhere", False), ("alice", False),
                                          ("stranger", False)])
def test_the_trainer_side_is_for_the_region_s_trainers(client, auth, world, who, allowed):
    """Are the attendance page, sheet, results and changes 404 outside the region's trainers
    and admins?"""
    auth.login(world[who].email)
    for method, path in TRAINER_ONLY:
        response = getattr(client, method)(url(world, path))
        if allowed:
            assert response.status_code in (200, 409, 422), path
        else:
            assert response.status_code == 404, path
    tick = client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}"),
                       data={"present": "1"})
    assert tick.status_code == (303 if allowed else 404)
    assert registration(world, "bruno").attended is allowed


def test_anonymous_people_are_sent_to_sign_in(client, world):
    for path in ("/emargement", "/presence", "/attestation-presence.pdf", "/satisfaction",
                 "/bilan", "/feuille-emargement.pdf"):
        response = client.get(url(world, path))
        assert response.status_code in (302, 303) and "/login" in response.headers["Location"], path


def test_the_attendance_page_lists_the_registered_with_code_and_qr(client, auth, world):
    """Does the trainer see each confirmed person with structure and state, the code in
    clear, and a QR code (with its text alternative) leading to the check-in page?"""
    auth.login("formateur@exemple.fr")
    page = text(client.get(url(world, "/emargement")))
    assert "Martin Alice" in page and "Durand Bruno" in page and "Petit Chloé" not in page
    assert "Site" in page and "EHPAD Les Tilleuls" in page  # the EG of Alice, Bruno's EJ
    assert CODE in page and page.count("<svg") == 1
    checkin_url = f"http://academie.test/webinaires/{world['webinar'].id}/presence?code={CODE}"
    assert f'aria-label="Code QR de la page d\'émargement : {checkin_url}"' in page
    assert "absent" in page and "L'émargement en ligne est ouvert le" in page


# Checking in


def test_the_qr_link_prefills_the_code_and_changes_nothing(client, auth, world):
    auth.login("alice@exemple.fr")
    page = client.get(url(world, f"/presence?code={CODE.lower()}"))
    assert page.status_code == 200 and f'value="{CODE.lower()}"' in text(page)
    assert "Je suis présent(e)" in text(page)
    assert not registration(world, "alice").attended


def test_an_attendee_checks_in_with_the_code(client, auth, world):
    """Is the code accepted whatever its case and spaces, once, and the time recorded?"""
    auth.login("alice@exemple.fr")
    response = client.post(url(world, "/presence"), data={"code": " k7p 2qx "})
    assert response.status_code == 303
    first = registration(world, "alice")
    assert first.attended and first.checkin_method == "self"
    page = text(client.get(url(world, "/presence")))
    assert "Votre présence est enregistrée" in page and "attestation de présence" in page
    # A second time changes nothing.
    assert client.post(url(world, "/presence"), data={"code": CODE}).status_code == 303
    assert registration(world, "alice").checked_in_at == first.checked_in_at


def test_a_wrong_code_is_refused(client, auth, world):
    auth.login("alice@exemple.fr")
    for code in ("ABCDEF", "", "K7P2Q"):
        response = client.post(url(world, "/presence"), data={"code": code})
        assert response.status_code == 422, code
        assert 'aria-invalid="true"' in text(response)
    assert "Ce code ne correspond pas" in text(response)
    assert not registration(world, "alice").attended


@pytest.mark.parametrize("starts_in, shown", [
    (timedelta(hours=2), "pas encore ouvert"),
    (timedelta(minutes=-121), "est fermé"),
])
def test_check_in_is_open_around_the_session_only(client, auth, world, starts_in, shown):
    """From 15 minutes before the start to 30 minutes after the end, and said so."""
    webinar = world["webinar"]
    webinar.starts_at = utcnow() + starts_in
    db.session.commit()
    auth.login("alice@exemple.fr")
    page = client.get(url(world, "/presence"))
    assert shown in text(page) and "ouvert le" in text(page)
    refused = client.post(url(world, "/presence"), data={"code": CODE})
    assert refused.status_code == 409 and "L'émargement n'est pas ouvert" in text(refused)
    assert not registration(world, "alice").attended


def test_the_window_opens_a_quarter_of_an_hour_before(client, auth, world):
    world["webinar"].starts_at = utcnow() + timedelta(minutes=14)
    db.session.commit()
    auth.login("alice@exemple.fr")
    assert client.post(url(world, "/presence"), data={"code": CODE}).status_code == 303


def test_only_confirmed_registrations_check_in(client, auth, world):
    """Is the waiting list refused, and someone outside the audience not even shown it?"""
    auth.login("chloe@exemple.fr")
    page = client.get(url(world, "/presence"))
    assert "réservé aux personnes dont l'inscription" in text(page)
    assert client.post(url(world, "/presence"), data={"code": CODE}).status_code == 403
    assert not registration(world, "chloe").attended
    auth.logout()
    auth.login("inconnu@exemple.fr")
    assert client.get(url(world, "/presence")).status_code == 404


def test_a_cancelled_webinar_has_no_check_in(client, auth, world):
    world["webinar"].status = "cancelled"
    db.session.commit()
    auth.login("alice@exemple.fr")
    assert client.post(url(world, "/presence"), data={"code": CODE}).status_code == 409
    assert not registration(world, "alice").attended


def test_check_in_attempts_are_rate_limited_per_person(database_url):
    from tests.conftest import IsolatedClient, app_config
    from webapp import create_app

    limited = create_app(app_config(database_url, RATELIMIT_ENABLED=True))
    limited.test_client_class = IsolatedClient
    with limited.app_context():
        trainer = make_person(role=PlatformRole.TRAINER, region_code="84")
        learner = make_person("lea@exemple.fr")
        webinar = make_webinar(trainer)
        register(webinar, learner)
        client = limited.test_client()
        client.post("/login", data={"email": "lea@exemple.fr",
                                    "password": "mot-de-passe-de-test"})
        codes = [client.post(f"/webinaires/{webinar.id}/presence",
                             data={"code": "FAUX00"}).status_code for _ in range(11)]
        assert codes == [422] * 10 + [429]
        db.session.remove()
        db.engine.dispose()


# Ticks


def test_the_trainer_ticks_and_unticks_without_javascript(client, auth, world):
    auth.login("formateur@exemple.fr")
    bruno = world["registrations"]["bruno"].id
    response = client.post(url(world, f"/emargement/{bruno}"), data={"present": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/emargement#emargement-{bruno}")
    ticked = registration(world, "bruno")
    assert ticked.attended and ticked.checkin_method == "manual"
    assert "présent, coché par le formateur à" in text(client.get(url(world, "/emargement")))
    client.post(url(world, f"/emargement/{bruno}"), data={"present": "0"})
    assert not registration(world, "bruno").attended


def test_a_tick_of_another_day_says_on_which_day(client, auth, world):
    """« coché par le formateur le 5 décembre 2026 à 15 h 28 », not « à 5 décembre »."""
    auth.login("formateur@exemple.fr")
    client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}"),
                data={"present": "1"})
    world["webinar"].starts_at = utcnow() - timedelta(days=2)
    db.session.commit()
    from webapp.timekeeping import french_datetime

    ticked = registration(world, "bruno").checked_in_at
    page = text(client.get(url(world, "/emargement")))
    assert as_read(f"présent, coché par le formateur le {french_datetime(ticked)}") in page


def test_a_tick_with_htmx_swaps_the_row_and_keeps_focus(client, auth, world):
    auth.login("formateur@exemple.fr")
    alice = world["registrations"]["alice"].id
    response = client.post(url(world, f"/emargement/{alice}"), data={"present": "1"},
                           headers={"HX-Request": "true"})
    body = text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith(f'<tr id="emargement-{alice}">') and "<html" not in body
    assert f'hx-target="#emargement-{alice}"' in body and "data-focus-after-swap" in body
    assert "Retirer la présence" in body and "présent, coché" in body


def test_a_registration_of_another_webinar_cannot_be_ticked(client, auth, world):
    other = make_webinar(world["trainer"], ical_uid=str(uuid4()))
    auth.login("formateur@exemple.fr")
    alice = world["registrations"]["alice"].id
    assert client.post(f"/webinaires/{other.id}/emargement/{alice}",
                       data={"present": "1"}).status_code == 404
    chloe = world["registrations"]["chloe"].id  # waiting list
    assert client.post(url(world, f"/emargement/{chloe}"),
                       data={"present": "1"}).status_code == 404
    assert not registration(world, "alice").attended


# The visio tool's export


@pytest.mark.parametrize("content", [
    "E-mail;Minutes\nalice@exemple.fr;45\nbruno@exemple.fr;12\nintrus@exemple.fr;50\n",
    "email,duration\nALICE@exemple.fr,45\nbruno@exemple.fr,12\nintrus@exemple.fr,50\n",
    "Nom\tAdresse e-mail\tDurée (minutes)\nA\talice@exemple.fr\t45\nB\tbruno@exemple.fr\t12\n"
    "I\tintrus@exemple.fr\t50\n",
    "\ufeffCourriel;DURÉE\r\nalice@exemple.fr;45,5\r\nbruno@exemple.fr;12\r\n"
    "intrus@exemple.fr;50\r\n",
    '"Name (Original Name)","User Email","Total Duration (Minutes)"\n"Alice, M.",'
    '"alice@exemple.fr","30"\n"Alice, M.","alice@exemple.fr","15"\n"B","bruno@exemple.fr",'
    '"12"\n"I","intrus@exemple.fr","50"\n',
    "Adresse e-mail;Durée\nalice@exemple.fr;45\nbruno@exemple.fr;12\n"
    "intrus@exemple.fr;50\n".encode("cp1252"),
], ids=["semicolon", "comma", "tab", "bom-crlf-decimal", "zoom-repeated-lines", "cp1252"])
def test_an_export_marks_who_stayed_long_enough(client, auth, world, content):
    """Are 45 minutes present, 12 absent, and the address of nobody registered listed?"""
    auth.login("formateur@exemple.fr")
    response = import_file(client, world, content)
    assert response.status_code == 303
    alice, bruno = registration(world, "alice"), registration(world, "bruno")
    assert alice.attended and alice.checkin_method == "import" and alice.minutes_present == 45
    assert not bruno.attended and bruno.minutes_present == 12
    record = db.session.scalar(db.select(AttendanceImport))
    assert record.unknown == ["intrus@exemple.fr"] and record.present == 1
    assert record.minimum_minutes == 30 and record.imported_by_id == world["trainer"].id
    page = text(client.get(url(world, "/emargement")))
    assert "intrus@exemple.fr" in page and "présent (import visio, 45 min)" in page
    assert "absent (import visio, 12 min)" in page


def test_the_minimum_is_the_trainer_s_and_a_new_import_replaces_the_last(client, auth, world):
    auth.login("formateur@exemple.fr")
    client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}"),
                data={"present": "1"})
    export = "email;minutes\nalice@exemple.fr;45\nbruno@exemple.fr;12\n"
    assert import_file(client, world, export, minimum=10).status_code == 303
    assert registration(world, "alice").attended
    assert import_file(client, world, export, minimum=50).status_code == 303
    assert not registration(world, "alice").attended  # 45 < 50 now
    bruno = registration(world, "bruno")
    assert bruno.attended and bruno.checkin_method == "manual"  # a tick stands
    assert bruno.minutes_present == 12
    assert db.session.scalar(db.select(db.func.count(AttendanceImport.id))) == 2


def test_the_default_minimum_comes_from_the_configuration(app, client, auth, world):
    app.config["WEBINAR_MINIMUM_MINUTES"] = 40
    auth.login("formateur@exemple.fr")
    page = text(client.get(url(world, "/emargement")))
    assert re.search(r'name="minimum"[^>]*value="40"', page)


@pytest.mark.parametrize("content, message", [
    ("email;nom\nalice@exemple.fr;Alice\n", "Il manque la colonne des minutes"),
    ("participant;minutes\nalice@exemple.fr;45\n", "Il manque la colonne des adresses e-mail"),
    ("email|minutes\nalice@exemple.fr|45\n", "Séparateur de colonnes non reconnu"),
    ("email;minutes\nalice@exemple.fr;45\nbruno@exemple.fr;une heure\n",
     "Ligne 3 : la durée « une heure » n'est pas un nombre de minutes"),
    ("email;minutes\nalice@exemple.fr;45\nbruno@exemple.fr;-5\n", "Ligne 3"),
    ("email;minutes\nalice@exemple.fr;NaN\n", "Ligne 2"),
    ("email;minutes\n;45\n", "Ligne 2 : l'adresse e-mail est vide"),
    ("email;minutes\nalice;45\n", "n'est pas une adresse e-mail"),
    ("email;minutes\nalice@exemple.fr\n", "Ligne 2 : il manque des colonnes"),
    ("", "Le fichier est vide"),
    ("\ufeff \n\n", "Le fichier est vide"),
    ("email;minutes\n", "aucun participant"),
    (b"PK\x03\x04\x00\x00binary", "n'est pas un fichier CSV"),
    ("email;minutes\n" + "alice@exemple.fr;45\n" * 110_000, "Le fichier dépasse 2 Mo"),
], ids=["no-minutes", "no-email", "pipe", "words", "negative", "nan", "blank-email",
        "not-an-email", "short-line", "empty", "blank", "header-only", "binary", "too-large"])
def test_a_bad_export_is_refused_whole(client, auth, world, content, message):
    """Is a bad file refused with a French message naming the problem, nothing written?"""
    auth.login("formateur@exemple.fr")
    response = import_file(client, world, content)
    assert response.status_code == 422
    page = text(response)
    assert message in page and 'aria-invalid="true"' in page and "error-summary" in page
    assert db.session.scalar(db.select(db.func.count(AttendanceImport.id))) == 0
    for name in ("alice", "bruno"):
        assert registration(world, name).minutes_present is None
        assert not registration(world, name).attended


def test_no_file_or_a_bad_minimum_is_refused(client, auth, world):
    auth.login("formateur@exemple.fr")
    missing = client.post(url(world, "/emargement/import"), data={"minimum": "30"},
                          content_type="multipart/form-data")
    assert missing.status_code == 422 and "Choisissez le fichier" in text(missing)
    zero = import_file(client, world, "email;minutes\nalice@exemple.fr;45\n", minimum=0)
    assert zero.status_code == 422 and "entre 1 et 1 440 minutes" in text(zero)
    assert not registration(world, "alice").attended


# After the session


def test_replay_and_slides_come_after_the_session(client, auth, world):
    auth.login("formateur@exemple.fr")
    early = client.post(url(world, "/apres"), data={"replay_url": "https://exemple.fr/r"})
    assert early.status_code == 409 and "après la session" in text(early)
    assert "Le replay et le support de présentation se renseignent après la session" in text(
        client.get(url(world, "/emargement")))
    world["webinar"].starts_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    bad = client.post(url(world, "/apres"), data={"replay_url": "http://exemple.fr/replay",
                                                  "slides_url": "javascript:alert(1)"})
    assert bad.status_code == 422
    assert text(bad).count("commençant par https://") >= 2
    assert 'value="http://exemple.fr/replay"' in text(bad)  # what was typed stays
    world["webinar"].status = "draft"
    db.session.commit()
    draft = client.post(url(world, "/apres"), data={"done": "y"})
    assert draft.status_code == 409 and "brouillon" in text(draft)
    assert db.session.get(Webinar, world["webinar"].id).status == "draft"
    world["webinar"].status = "published"
    db.session.commit()
    good = client.post(url(world, "/apres"), data={
        "replay_url": " https://replay.exemple.fr/webinaire ", "slides_url": "",
        "done": "y"})
    assert good.status_code == 303
    webinar = db.session.get(Webinar, world["webinar"].id)
    assert webinar.replay_url == "https://replay.exemple.fr/webinaire"
    assert webinar.slides_url is None and webinar.status == "done"


# The sign-in sheet and the attestation de présence


def test_the_sign_in_sheet_lists_everyone_registered(client, auth, world):
    auth.login("alice@exemple.fr")
    client.post(url(world, "/presence"), data={"code": CODE})
    auth.logout()
    auth.login("formateur@exemple.fr")
    response = client.get(url(world, "/feuille-emargement.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    sheet = flat(response.data)
    checked_in = registration(world, "alice").checked_in_at
    from webapp.webinars.checkin import clock

    for shown in ("Feuille d'émargement", "Devenir gestionnaire RPPS+", "Sam Formateur",
                  "GCS SARA", "Martin Alice", "Site", as_read(f"émargé à {clock(checked_in)}"),
                  "Durand Bruno", "EHPAD Les Tilleuls", "absent",
                  "2 personnes inscrites, 1 personne présente, 1 personne absente"):
        assert shown in sheet, shown
    assert "Petit" not in sheet


def test_the_sheet_says_what_the_visio_import_said(client, auth, world):
    auth.login("formateur@exemple.fr")
    import_file(client, world, "email;minutes\nbruno@exemple.fr;52\n")
    sheet = flat(client.get(url(world, "/feuille-emargement.pdf")).data)
    assert "Durand Bruno EHPAD Les Tilleuls présent (import visio, 52 min)" in sheet
    assert "Martin Alice" in sheet and "absent" in sheet


def test_a_present_attendee_gets_their_attestation_de_presence(client, auth, world):
    auth.login("alice@exemple.fr")
    assert client.get(url(world, "/attestation-presence.pdf")).status_code == 404
    client.post(url(world, "/presence"), data={"code": CODE})
    response = client.get(url(world, "/attestation-presence.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    certificate = flat(response.data)
    from webapp.timekeeping import french_date

    for shown in ("Attestation de présence", "Alice Martin", "Devenir gestionnaire RPPS+",
                  french_date(world["webinar"].starts_at), "Durée : 1 heure", "Sam Formateur",
                  "GCS SARA", "Auvergne-Rhône-Alpes"):
        assert shown in certificate, shown


@pytest.mark.parametrize("who", ["bruno", "chloe", "trainer", "admin", "stranger"])
def test_no_attestation_de_presence_for_anyone_else(client, auth, world, who):
    registration(world, "alice").checked_in_at = utcnow()
    db.session.commit()
    auth.login(world[who].email)
    assert client.get(url(world, "/attestation-presence.pdf")).status_code == 404


# The survey


def end_session(world):
    world["webinar"].starts_at = utcnow() - timedelta(hours=2)
    for name in ("alice", "bruno"):
        registration(world, name).checked_in_at = utcnow()
    db.session.commit()


def test_the_survey_opens_at_the_end(client, auth, world):
    registration(world, "alice").checked_in_at = utcnow()
    db.session.commit()
    auth.login("alice@exemple.fr")
    assert "ouvrira à la fin du webinaire" in text(client.get(url(world, "/satisfaction")))
    early = client.post(url(world, "/satisfaction"), data={"rating": "5"})
    assert early.status_code == 409
    assert db.session.scalar(db.select(db.func.count(SurveyAnswer.id))) == 0


def test_a_present_attendee_answers_once(client, auth, world):
    """Is the first answer kept and a second one refused?"""
    end_session(world)
    auth.login("alice@exemple.fr")
    page = text(client.get(url(world, "/satisfaction")))
    assert "<fieldset" in page and "<legend>Dans l'ensemble" in page
    assert page.count('type="radio"') == 5
    response = client.post(url(world, "/satisfaction"),
                           data={"rating": "4", "comment": "Clair, merci <b>!</b>"})
    assert response.status_code == 303
    again = client.post(url(world, "/satisfaction"), data={"rating": "1"})
    assert again.status_code == 409 and "déjà répondu" in text(again)
    [answer] = db.session.scalars(db.select(SurveyAnswer)).all()
    assert answer.rating == 4 and answer.comment == "Clair, merci <b>!</b>"
    assert "4 — satisfait(e)" in text(client.get(url(world, "/satisfaction")))


@pytest.mark.parametrize("data, message", [
    ({}, "Choisissez une note de 1 à 5."),
    ({"rating": "9"}, "Choisissez une note de 1 à 5."),
    ({"rating": "3", "comment": "x" * 2001}, "2 000 caractères au plus"),
])
def test_a_bad_answer_is_refused_with_the_input_kept(client, auth, world, data, message):
    end_session(world)
    auth.login("alice@exemple.fr")
    response = client.post(url(world, "/satisfaction"), data=data)
    assert response.status_code == 422 and 'aria-invalid="true"' in text(response)
    assert message in text(response)
    if "comment" in data:
        assert "x" * 2001 in text(response)
    assert db.session.scalar(db.select(db.func.count(SurveyAnswer.id))) == 0


@pytest.mark.parametrize("who", ["chloe", "trainer", "stranger"])
def test_the_survey_is_for_those_present(client, auth, world, who):
    end_session(world)
    auth.login(world[who].email)
    assert client.get(url(world, "/satisfaction")).status_code == 404
    assert client.post(url(world, "/satisfaction"), data={"rating": "5"}).status_code == 404


# The results


def test_the_results_sum_up_the_session(client, auth, world):
    """Registrations, attendance rate, satisfaction, and attendees who passed the exam since."""
    end_session(world)
    world["registrations"]["bruno"].checkin_method = "manual"
    dave = make_person("dave@exemple.fr")
    register(world["webinar"], dave)
    db.session.add_all([
        SurveyAnswer(webinar_id=world["webinar"].id, user_id=world["alice"].id, rating=5,
                     comment="Très utile <script>"),
        SurveyAnswer(webinar_id=world["webinar"].id, user_id=world["bruno"].id, rating=2),
    ])
    start = world["webinar"].starts_at
    for person, when in ((world["alice"], start + timedelta(hours=3)),
                         (world["bruno"], start - timedelta(days=30)),
                         (dave, start + timedelta(hours=3))):  # dave was not there
        new_attestation(person, holder_name=person.full_name, course_slug="devenir-gestionnaire",
                        course_title="Devenir gestionnaire RPPS+", course_version="1", score=18,
                        total=20, passed_at=when, attempt_id=None)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    response = client.get(url(world, "/bilan"))
    page = text(response)
    compact = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    for shown in ("Inscriptions confirmées 3", "Liste d'attente 1", "Présents 2",
                  "Taux de présence 67 %", "2 réponses, note moyenne 3,5 sur 5",
                  "5 — très satisfait(e) 1 50 %", "3 — moyennement 0 0 %",
                  "1 personne présente a réussi l'examen final depuis le webinaire",
                  "1 l'avait déjà réussi avant", "1 par émargement en ligne",
                  "1 cochée par le formateur"):
        assert shown in compact, shown
    assert "Très utile &lt;script&gt;" in response.get_data(as_text=True)
    assert "<caption>Répartition des notes</caption>" in page


def test_results_without_anyone(client, auth, world):
    empty = make_webinar(world["trainer"], ical_uid=str(uuid4()))
    auth.login("formateur@exemple.fr")
    page = text(client.get(f"/webinaires/{empty.id}/bilan"))
    assert "Taux de présence —" in " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Aucune réponse au questionnaire" in page


def test_before_the_start_attendance_is_to_come(client, auth, world):
    """Before the start, the page, the results and the sheet say « à venir », nobody absent."""
    world["webinar"].starts_at = utcnow() + timedelta(days=2)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    page = " ".join(re.sub(r"<[^>]+>", " ", text(client.get(url(world, "/emargement")))).split())
    assert "Présents à venir (2 inscrits)" in page
    assert "absent" not in page.replace("reste absente", "")
    results = " ".join(re.sub(r"<[^>]+>", " ", text(client.get(url(world, "/bilan")))).split())
    assert "Présents à venir" in results and "Taux de présence à venir" in results
    sheet = flat(client.get(url(world, "/feuille-emargement.pdf")).data)
    assert "2 personnes inscrites, session à venir" in sheet and "absent" not in sheet


def test_the_sheet_has_a_signature_column_and_each_check_in_mode(client, auth, world):
    """Does the sheet read back with « Signature » and how each person was marked present?"""
    auth.login("alice@exemple.fr")
    client.post(url(world, "/presence"), data={"code": CODE})
    auth.logout()
    auth.login("formateur@exemple.fr")
    client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}"),
                data={"present": "1"})
    sheet = flat(client.get(url(world, "/feuille-emargement.pdf")).data)
    assert "SIGNATURE" in sheet and "MODE" in sheet  # headers print in capitals
    alice, bruno = sheet.index("Martin Alice"), sheet.index("Durand Bruno")
    assert "en ligne (code)" in sheet[alice:] and "coché par le formateur" in sheet[bruno:]


# Nothing recorded before the session: a presence is what the attestation de présence states


def before_the_start(world, starts_in=timedelta(days=5)):
    world["webinar"].starts_at = utcnow() + starts_in
    db.session.commit()


def test_the_trainer_cannot_mark_anyone_present_before_the_start(client, auth, world):
    """Is a direct POST of « Marquer présent » days before the start refused in the row,
    with htmx and without, nothing recorded?"""
    before_the_start(world)
    auth.login("formateur@exemple.fr")
    bruno = world["registrations"]["bruno"].id
    page = client.post(url(world, f"/emargement/{bruno}"), data={"present": "1"})
    assert page.status_code == 422
    row = text(page)[text(page).index(f'<tr id="emargement-{bruno}">'):]
    assert "Le webinaire n'a pas encore commencé : les présences s'enregistrent à partir " \
           "du" in row.split("</tr>")[0] and "15 minutes avant le début" in row
    swapped = client.post(url(world, f"/emargement/{bruno}"), data={"present": "1"},
                          headers={"HX-Request": "true"})
    body = text(swapped)
    assert swapped.status_code == 422 and body.startswith(f'<tr id="emargement-{bruno}">')
    assert 'role="alert"' in body and "pas encore commencé" in body
    assert not registration(world, "bruno").attended


def test_the_visio_report_cannot_be_imported_before_the_start(client, auth, world):
    before_the_start(world)
    auth.login("formateur@exemple.fr")
    response = import_file(client, world, "email;minutes\nalice@exemple.fr;45\n")
    assert response.status_code == 422 and "pas encore commencé" in text(response)
    assert db.session.scalar(db.select(db.func.count(AttendanceImport.id))) == 0
    alice = registration(world, "alice")
    assert not alice.attended and alice.minutes_present is None


def test_before_the_start_the_page_offers_no_presence_but_says_when(client, auth, world):
    """No « Marquer présent » nor import form; when they come, and excusing meanwhile."""
    before_the_start(world)
    auth.login("formateur@exemple.fr")
    page = text(client.get(url(world, "/emargement")))
    assert "Marquer présent" not in page and 'name="minimum"' not in page
    assert "les présences se marquent à partir du" in page and "Excuser" in page
    assert "Le rapport de présence s'importe à partir du" in page
    excused = client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}/excuse"),
                          data={"excused": "1"})
    assert excused.status_code == 303 and registration(world, "bruno").excused


def test_a_presence_recorded_too_early_can_still_be_removed(client, auth, world):
    before_the_start(world)
    registration(world, "alice").checked_in_at = utcnow()
    db.session.commit()
    auth.login("formateur@exemple.fr")
    assert "Retirer la présence" in text(client.get(url(world, "/emargement")))
    client.post(url(world, f"/emargement/{world['registrations']['alice'].id}"),
                data={"present": "0"})
    assert not registration(world, "alice").attended


def test_no_attestation_de_presence_before_the_start_whatever_the_rows_say(client, auth, world):
    """A registration marked present (as an old bug or a hand could) gives no attestation
    before the start: refused, said why, and the pages do not offer it."""
    before_the_start(world)
    registration(world, "alice").checked_in_at = utcnow()
    registration(world, "alice").checkin_method = "manual"
    db.session.commit()
    auth.login("alice@exemple.fr")
    response = client.get(url(world, "/attestation-presence.pdf"))
    assert response.status_code == 409 and not response.data.startswith(b"%PDF")
    assert "l'attestation de présence se télécharge à partir du" in text(response)
    assert "attestation-presence.pdf" not in text(client.get(url(world, "/presence")))
    assert "attestation-presence.pdf" not in text(client.get(url(world)))


def test_presence_opens_with_the_attendee_s_check_in_window(client, auth, world):
    """A quarter of an hour before the start, the trainer may tick as the attendee may check
    in; the attestation waits for the start itself."""
    before_the_start(world, timedelta(minutes=16))
    auth.login("formateur@exemple.fr")
    bruno = world["registrations"]["bruno"].id
    assert client.post(url(world, f"/emargement/{bruno}"),
                       data={"present": "1"}).status_code == 422
    before_the_start(world, timedelta(minutes=14))
    assert "Marquer présent" in text(client.get(url(world, "/emargement")))
    assert client.post(url(world, f"/emargement/{bruno}"),
                       data={"present": "1"}).status_code == 303
    assert registration(world, "bruno").attended
    assert import_file(client, world, "email;minutes\nalice@exemple.fr;45\n").status_code == 303
    auth.logout()
    auth.login("bruno@exemple.fr")
    assert client.get(url(world, "/attestation-presence.pdf")).status_code == 409
    assert "dès le début du webinaire" in text(client.get(url(world, "/presence")))
    before_the_start(world, timedelta(minutes=-1))
    response = client.get(url(world, "/attestation-presence.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "Bruno Durand" in flat(response.data)


def test_a_cancelled_webinar_takes_no_tick_nor_import(client, auth, world):
    world["webinar"].status = "cancelled"
    db.session.commit()
    auth.login("formateur@exemple.fr")
    tick = client.post(url(world, f"/emargement/{world['registrations']['bruno'].id}"),
                       data={"present": "1"})
    assert tick.status_code == 422 and "annulé" in text(tick)
    assert not registration(world, "bruno").attended
