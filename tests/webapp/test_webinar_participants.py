"""The trainer manages a webinar's participants: people of the region added, the waiting list
promoted, registrations cancelled, « excusé(e) », exports read back, a webinar copied, and the
visio tools' reports imported with matched, unmatched and ambiguous people."""

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from directory.structures import StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_organisation, make_person
from tests.webapp.test_attendance import make_webinar, register, text
from webapp.extensions import db
from webapp.models import (
    AttendanceImport,
    OutboxMessage,
    PlatformRole,
    Registration,
    Webinar,
)
from webapp.timekeeping import PARIS, utcnow
from webapp.webinars.checkin import offers_checkin
from webapp.webinars.organising import may_mark_done

FIXTURES = Path(__file__).parents[1] / "visio" / "fixtures"


@world_fixture
def world(app):
    """An EHPAD of Auvergne-Rhône-Alpes: Alice and Bruno registered, Chloé waiting, Dora not
    registered; Eve of a structure of Normandie; the region's trainer, one of Normandie."""
    ehpad = make_organisation(name="EHPAD Les Tilleuls", establishments=1)
    caen = make_organisation(name="Clinique de Caen", region_code="28", departement="14")
    people = {
        "alice": make_person("alice@exemple.fr", first_name="Alice", last_name="Martin"),
        "bruno": make_person("bruno@exemple.fr", first_name="Bruno", last_name="Durand"),
        "chloe": make_person("chloe@exemple.fr", first_name="Chloé", last_name="Petit"),
        "dora": make_person("dora@exemple.fr", first_name="Dora", last_name="=HYPERLINK(1)"),
        "eve": make_person("eve@exemple.fr", first_name="Eve", last_name="Normande"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84", first_name="Sam", last_name="Formateur"),
        "trainer_elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                         region_code="28"),
    }
    for name in ("alice", "bruno", "chloe", "dora"):
        attach(people[name], ehpad, StructureRole.GESTIONNAIRE, ehpad.establishments[0])
    attach(people["eve"], caen, StructureRole.GESTIONNAIRE, caen.establishments[0])
    webinar = make_webinar(people["trainer"], starts_in=timedelta(days=3), capacity=2)
    registrations = {name: register(webinar, people[name]) for name in ("alice", "bruno")}
    registrations["chloe"] = register(webinar, people["chloe"], "waiting")
    return {**people, "webinar": webinar, "registrations": registrations}


def url(world, path=""):
    return f"/webinaires/{world['webinar'].id}{path}"


def reg(world, name) -> Registration:
    return db.session.get(Registration, world["registrations"][name].id)


def webinar(world) -> Webinar:
    return db.session.get(Webinar, world["webinar"].id)


def routes(world):
    ids = world["registrations"]
    return [("get", "/participants"), ("get", "/participants?q=dora"),
            ("post", "/participants"), ("post", f"/participants/{ids['chloe'].id}/promotion"),
            ("post", f"/participants/{ids['bruno'].id}/annulation"),
            ("post", f"/emargement/{ids['bruno'].id}/excuse"),
            ("get", "/participants.csv"), ("get", "/participants.xlsx"),
            ("get", "/dupliquer"), ("post", "/dupliquer")]


@pytest.mark.parametrize("who", ["trainer_elsewhere", "alice"])
def test_outside_the_region_s_trainers_every_action_is_404(client, auth, world, who):
    auth.login(world[who].email)
    for method, path in routes(world):
        assert getattr(client, method)(url(world, path)).status_code == 404, path
    assert reg(world, "bruno").status == "confirmed" and reg(world, "chloe").status == "waiting"


def test_the_search_finds_people_of_the_region_not_registered(client, auth, world):
    auth.login("formateur@exemple.fr")
    by_name = client.get(url(world, "/participants?q=dora"), headers={"HX-Request": "true"})
    assert by_name.status_code == 200 and "<html" not in by_name.get_data(as_text=True)
    assert "dora@exemple.fr" in text(by_name)
    by_email = text(client.get(url(world, "/participants?q=exemple.fr")))
    assert "dora@exemple.fr" in by_email
    assert "eve@exemple.fr" not in by_email  # another region
    assert "Inscrire Bruno" not in by_email  # registered already
    assert "Aucune personne" in text(client.get(url(world, "/participants?q=zzz")))


def test_a_search_too_short_says_how_long_it_must_be(client, auth, world):
    """One character: the minimum is said where the results would be, nobody listed."""
    auth.login("formateur@exemple.fr")
    short = client.get(url(world, "/participants?q=%20d%20"), headers={"HX-Request": "true"})
    assert "Saisissez au moins 2 caractères pour lancer la recherche." in text(short)
    assert "dora@exemple.fr" not in text(short)
    assert "Saisissez au moins" not in text(client.get(url(world, "/participants")))


def test_the_trainer_adds_a_person_to_the_waiting_list_when_full(client, auth, world):
    auth.login("formateur@exemple.fr")
    response = client.post(url(world, "/participants"),
                           data={"person_id": world["dora"].id, "q": "dora"})
    assert response.status_code == 303
    added = db.session.scalar(db.select(Registration).filter_by(
        webinar_id=world["webinar"].id, user_id=world["dora"].id))
    assert added.status == "waiting"  # two seats, both taken
    told = db.session.scalars(db.select(OutboxMessage).filter_by(recipient="dora@exemple.fr"))
    assert [m.subject for m in told] == ["Liste d'attente : Devenir gestionnaire RPPS+"]
    page = text(client.get(response.headers["Location"]))
    assert "Le webinaire est complet : Dora" in page and "est sur la liste d'attente." in page
    assert "inscrit(e) et est sur" not in page
    again = client.post(url(world, "/participants"), data={"person_id": world["dora"].id})
    assert again.status_code == 422 and "déjà inscrit(e)" in text(again)


def test_a_person_of_another_region_is_refused_with_the_search_kept(client, auth, world):
    auth.login("formateur@exemple.fr")
    response = client.post(url(world, "/participants"),
                           data={"person_id": world["eve"].id, "q": "Normande"})
    page = text(response)
    assert response.status_code == 422 and "aucune structure de la région" in page
    assert 'value="Normande"' in page
    missing = client.post(url(world, "/participants"), data={"q": "dora"})
    assert missing.status_code == 422 and "Choisissez la personne" in text(missing)
    assert 'value="dora"' in text(missing) and "dora@exemple.fr" in text(missing)
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 3


def test_a_full_webinar_offers_no_seat_to_give(client, auth, world):
    """Full: no « Donner une place » on the waiting list, and what to do instead; a seat
    added: the button comes back."""
    auth.login("formateur@exemple.fr")
    page = text(client.get(url(world, "/participants")))
    assert "Donner une place" not in page and "Le webinaire est complet" in page
    webinar(world).capacity = 3
    db.session.commit()
    page = text(client.get(url(world, "/participants")))
    assert "Donner une place" in page and "Le webinaire est complet" not in page


def test_promoting_needs_a_free_seat_and_cancelling_frees_one(client, auth, world):
    auth.login("formateur@exemple.fr")
    chloe = world["registrations"]["chloe"].id
    full = client.post(url(world, f"/participants/{chloe}/promotion"))
    assert full.status_code == 422 and "Aucune place libre" in text(full)
    assert reg(world, "chloe").status == "waiting"
    bruno = world["registrations"]["bruno"].id
    assert client.post(url(world, f"/participants/{bruno}/annulation")).status_code == 303
    assert reg(world, "bruno").status == "cancelled"
    assert reg(world, "chloe").status == "confirmed"  # the waiting list moved up
    webinar(world).capacity = 3
    db.session.commit()
    client.post(url(world, "/participants"), data={"person_id": world["dora"].id})
    dora = db.session.scalar(db.select(Registration).filter_by(user_id=world["dora"].id))
    assert dora.status == "confirmed"
    twice = client.post(url(world, f"/participants/{bruno}/annulation"))
    assert twice.status_code == 422 and "déjà annulée" in text(twice)


def test_excused_then_not_and_never_when_present(client, auth, world):
    auth.login("formateur@exemple.fr")
    bruno = world["registrations"]["bruno"].id
    swap = client.post(url(world, f"/emargement/{bruno}/excuse"), data={"excused": "1"},
                       headers={"HX-Request": "true"})
    assert swap.status_code == 200 and "excusé(e)" in text(swap)
    assert "data-focus-after-swap" in swap.get_data(as_text=True)
    assert reg(world, "bruno").excused
    webinar(world).starts_at = utcnow() - timedelta(minutes=70)
    db.session.commit()
    page = text(client.get(url(world, "/emargement")))
    assert "0 sur 2 inscrits, 1 excusé" in page and "excusé(e)" in page
    client.post(url(world, f"/emargement/{bruno}/excuse"), data={"excused": "0"})
    assert not reg(world, "bruno").excused
    client.post(url(world, f"/emargement/{bruno}"), data={"present": "1"})
    refused = client.post(url(world, f"/emargement/{bruno}/excuse"), data={"excused": "1"})
    assert refused.status_code == 422 and not reg(world, "bruno").excused
    row = text(refused).split(f'<tr id="emargement-{bruno}">')[1].split("</tr>")[0]
    assert "retirez d'abord la présence" in row  # said in the row, where the button was


def test_the_csv_export_reads_back_with_status_columns(client, auth, world):
    auth.login("formateur@exemple.fr")
    client.post(url(world, "/participants"), data={"person_id": world["dora"].id})
    response = client.get(url(world, "/participants.csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert lines[0][:7] == ["Nom", "Prénom", "Adresse e-mail", "Structure", "Inscription",
                            "Inscrit(e) le", "Présence"]
    by_email = {line[2]: line for line in lines[1:]}
    assert by_email["alice@exemple.fr"][4] == "Inscrit(e)"
    assert by_email["alice@exemple.fr"][6] == "à venir"
    assert by_email["chloe@exemple.fr"][4] == "Liste d'attente"
    assert by_email["dora@exemple.fr"][0] == "'=HYPERLINK(1)"  # never a formula
    datetime.strptime(by_email["alice@exemple.fr"][5], "%Y-%m-%d %H:%M")  # ISO, sortable


def test_the_xlsx_export_has_real_dates_a_filter_and_no_formula(client, auth, world):
    auth.login("formateur@exemple.fr")
    client.post(url(world, "/participants"), data={"person_id": world["dora"].id})
    response = client.get(url(world, "/participants.xlsx"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.xlsx')
    sheet = load_workbook(io.BytesIO(response.data)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Nom", "Prénom", "Adresse e-mail", "Structure", "Inscription"]
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.freeze_panes == "A2"
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    dora = rows["dora@exemple.fr"]
    assert dora[0].value == "=HYPERLINK(1)" and dora[0].data_type == "s"
    registered_at = rows["alice@exemple.fr"][5]
    assert isinstance(registered_at.value, datetime) and registered_at.is_date
    stored = reg(world, "alice").registered_at.astimezone(PARIS).replace(tzinfo=None)
    assert abs(registered_at.value - stored) < timedelta(seconds=1)
    assert rows["chloe@exemple.fr"][6].value is None  # waiting: no presence yet


def test_a_webinar_is_copied_as_a_draft_with_its_date_to_set(client, auth, world):
    auth.login("formateur@exemple.fr")
    form = text(client.get(url(world, "/dupliquer")))
    assert "Copie de « Devenir gestionnaire RPPS+ »" in form
    assert 'value="Devenir gestionnaire RPPS+"' in form
    data = {"title": "Devenir gestionnaire RPPS+ (2e session)", "duration_minutes": "60",
            "capacity": "2", "audience": "all", "visio_url": "https://visio.exemple.fr/salle",
            "starts_at_time": "10 h 00"}
    undated = client.post(url(world, "/dupliquer"), data=data)
    assert undated.status_code == 422 and 'value="Devenir gestionnaire RPPS+ (2e session)"' \
        in text(undated)
    day = (utcnow() + timedelta(days=20)).astimezone(PARIS).strftime("%d/%m/%Y")
    created = client.post(url(world, "/dupliquer"), data={**data, "starts_on": day})
    assert created.status_code == 303
    copy = db.session.scalar(db.select(Webinar).filter_by(
        title="Devenir gestionnaire RPPS+ (2e session)"))
    assert copy.status == "draft" and copy.capacity == 2 and copy.region_code == "84"
    assert copy.id != world["webinar"].id and copy.checkin_code != webinar(world).checkin_code


def import_file(client, world, raw, minimum=30):
    return client.post(url(world, "/emargement/import"),
                       data={"file": (io.BytesIO(raw), "rapport.csv"), "minimum": str(minimum)},
                       content_type="multipart/form-data")


def test_a_teams_report_in_french_matches_by_address_then_by_name(client, auth, world):
    """Teams FR (UTF-16, summary first): Alice and Bruno by address, Chloé the guest by name;
    the organiser and an unknown address listed as unmatched."""
    reg(world, "chloe").status = "confirmed"
    webinar(world).starts_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    response = import_file(client, world, (FIXTURES / "teams_fr.csv").read_bytes())
    assert response.status_code == 303
    assert reg(world, "alice").attended and reg(world, "alice").minutes_present == 59
    assert not reg(world, "bruno").attended and reg(world, "bruno").minutes_present == 12
    assert reg(world, "chloe").attended and reg(world, "chloe").minutes_present == 62
    record = db.session.scalar(db.select(AttendanceImport))
    assert record.tool == "Microsoft Teams" and record.rows == 5 and record.present == 2
    assert record.unknown == ["formateur@exemple.fr", "intrus@exemple.fr"]
    page = text(client.get(response.headers["Location"]))
    assert "Import Microsoft Teams enregistré" in page
    assert "5 lignes, 3 personnes inscrites retrouvées, dont 2 présentes" in page
    assert "<strong>2</strong> sans inscription" in page


def test_a_name_shared_by_two_registered_people_is_ambiguous(client, auth, world):
    namesake = make_person("alice.martin2@exemple.fr", first_name="Alice", last_name="Martin")
    register(world["webinar"], namesake)
    webinar(world).starts_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    raw = (b"Participant Name,Attendee Email,Attendance Duration\n"
           b"Martin Alice,,45 mins\nBruno Durand,bruno@exemple.fr,1 hr 5 mins\n")
    assert import_file(client, world, raw).status_code == 303
    record = db.session.scalar(db.select(AttendanceImport))
    assert record.tool == "Webex" and record.ambiguous == ["Martin Alice"]
    assert not reg(world, "alice").attended and reg(world, "bruno").minutes_present == 65
    assert "1 ambiguë" in text(client.get(url(world, "/emargement")))


@pytest.mark.parametrize("name", ["zoom.csv", "webex.csv", "teams_en.csv"])
def test_each_tool_s_report_is_imported(client, auth, world, name):
    webinar(world).starts_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    assert import_file(client, world, (FIXTURES / name).read_bytes()).status_code == 303
    assert reg(world, "alice").attended and reg(world, "alice").minutes_present >= 59


def test_a_bad_duration_is_refused_whole_with_the_minimum_kept(client, auth, world):
    webinar(world).starts_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    auth.login("formateur@exemple.fr")
    raw = "Nom\tDurée de la réunion\tE-mail\nAlice\t59 min\talice@exemple.fr\n" \
          "Bruno\tdeux heures\tbruno@exemple.fr\n".encode("utf-16")
    response = import_file(client, world, raw, minimum=25)
    page = text(response)
    assert response.status_code == 422 and "Ligne 3 : la durée « deux heures »" in page
    assert 'value="25"' in page and not reg(world, "alice").attended


def test_the_page_s_rules_are_decided_in_python(world):
    """« Marquer comme terminé » once started; the check-in link from its window's opening."""
    live = webinar(world)
    assert not may_mark_done(live, live.starts_at - timedelta(minutes=1))
    assert may_mark_done(live, live.starts_at)
    assert not offers_checkin(live, True, live.starts_at - timedelta(minutes=16))
    assert offers_checkin(live, True, live.starts_at - timedelta(minutes=15))
    assert not offers_checkin(live, False, live.starts_at)
    live.status = "done"
    assert not may_mark_done(live, live.starts_at) and not offers_checkin(live, True,
                                                                          live.starts_at)


def test_the_demo_s_past_webinar_has_a_teams_import_and_an_excused_person(seeded_demo):
    from webapp.webinars.attendance_import import last_import

    past = db.session.scalar(db.select(Webinar).filter_by(status="done"))
    record = last_import(past)
    assert record.tool == "Microsoft Teams" and record.rows == 5
    assert record.unknown == ["Marc Externe (Invité)", "formateur@demo.test"]
    by_email = {r.person.email: r for r in past.registrations}
    assert by_email["gestionnaire4@demo.test"].excused
    assert by_email["gestionnaire6@demo.test"].minutes_present == 22  # the guest, by name
    assert not by_email["gestionnaire6@demo.test"].attended
