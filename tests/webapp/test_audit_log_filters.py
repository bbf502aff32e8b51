"""The admin's audit log: filters by person, structure, event and dates, and its CSV export."""

import csv
import io
import re
from datetime import UTC, datetime
from html import unescape

import pytest

from tests.conftest import world_fixture
from tests.factories import attach, make_organisation, make_person
from webapp import audit
from webapp.extensions import db
from webapp.models import AuditEvent, PlatformRole
from webapp.structures import habilitations, operations
from webapp.timekeeping import use_clock

from .sql import statements_sent
from .steps import make_exam_ready, pass_exam


class Fixed:
    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


def at(day, hour=10):
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


@world_fixture
def world(app):
    """Two structures and their people; events on the 3rd, the 10th and the 20th of November
    (the 20th at 23:00 UTC, i.e. the 21st in Paris)."""
    with use_clock(Fixed(at(3))):
        admin = make_person("admin@exemple.fr", role=PlatformRole.ADMIN, first_name="Ada",
                            last_name="Admin")
        alpha = make_organisation(name="Alpha Santé")
        bravo = make_organisation(name="Bravo Soins", departement="38")
        zoe = make_person("zoe.martin@exemple.fr", first_name="Zoé", last_name="Martin")
        other = make_person("autre@exemple.fr", first_name="Paul", last_name="Durand")
        membership = attach(zoe, alpha)
        attach(other, bravo)
    with use_clock(Fixed(at(10))):
        operations.update_organisation(bravo, name="Bravo Soins et Santé")
        audit.record("auth.signed_in", zoe, actor=zoe)
        db.session.commit()
    with use_clock(Fixed(at(20, 23))):
        make_exam_ready(zoe)
        pass_exam(zoe)
        habilitations.grant(membership, admin)
        db.session.commit()
    return {"admin": admin, "alpha": alpha, "bravo": bravo, "zoe": zoe, "other": other}


@pytest.fixture
def admin(client, auth, world):
    auth.login("admin@exemple.fr")
    return world["admin"]


def events(response):
    """(event label, actor e-mail, target) of each row of the page."""
    page = unescape(response.get_data(as_text=True))
    table = re.search(r'<div id="audit-table"(.*?)</table>', page, re.S)
    if table is None:
        return []
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", table[1], re.S)
    cells = [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
              for cell in re.findall(r"<td>(.*?)</td>", "<td>" + row, re.S)] for row in rows]
    return [(row[1], row[2], row[3]) for row in cells]


def labels(response):
    return [label for label, _, _ in events(response)]


def test_the_admin_finds_a_person_by_name(client, admin, world):
    """Does a name (either order, any case) or an e-mail give what the person did and what
    concerns them, and nobody else's events?"""
    for typed in ("zoé martin", "Martin Zoé", "zoe.martin@"):
        found = events(client.get("/admin/audit", query_string={"personne": typed}))
        assert found, typed
        assert all("zoe.martin@exemple.fr" in actor + target for _, actor, target in found)
    found = labels(client.get("/admin/audit?personne=Martin"))
    for action in ("Personne créée", "Rattachement ajouté", "Connexion", "Attestation délivrée",
                   "Habilitation « Gestionnaire RPPS+ » accordée"):
        assert action in found
    # What concerns their attestation, though the event names its number, not them.
    issued = next(e for e in events(client.get("/admin/audit?personne=Martin"))
                  if e[0] == "Attestation délivrée")
    assert "Martin" not in issued[2]
    assert "Paul Durand" not in client.get("/admin/audit?personne=Martin").get_data(as_text=True)


def test_a_person_page_links_to_their_whole_history(client, admin, world):
    page = client.get(f"/admin/people/{world['zoe'].id}").get_data(as_text=True)
    assert 'href="/admin/audit?personne=zoe.martin@exemple.fr"' in page


def test_filter_by_structure(client, admin, world):
    """Does a structure's name or FINESS give its own events, those of its EG, and those
    that name it (attachments, habilitations), and no other structure's?"""
    found = labels(client.get("/admin/audit?structure=alpha"))
    assert found.count("Établissement créé") == 2
    assert {"Structure créée", "Rattachement ajouté",
            "Habilitation « Gestionnaire RPPS+ » accordée"} <= set(found)
    assert "Structure modifiée" not in found  # Bravo's
    by_finess = labels(client.get(f"/admin/audit?structure={world['bravo'].finess}"))
    assert "Structure modifiée" in by_finess and "Habilitation « Gestionnaire RPPS+ » accordée" \
        not in by_finess


def test_filter_by_event_and_dates_in_paris_time(client, admin, world):
    """Are both bounds included, as Paris days (23:00 UTC on the 20th is the 21st)?"""
    assert labels(client.get("/admin/audit?du=2026-11-10&au=2026-11-10")) == [
        "Connexion", "Structure modifiée"]
    late = labels(client.get("/admin/audit?du=2026-11-21&au=2026-11-21"))
    assert "Attestation délivrée" in late and "Connexion" not in late
    assert labels(client.get("/admin/audit?du=2026-11-20&au=2026-11-20")) == []
    assert labels(client.get("/admin/audit?action=structure.updated")) == ["Structure modifiée"]
    both = labels(client.get("/admin/audit?personne=martin&action=auth.signed_in"
                             "&du=2026-11-01&au=2026-11-30"))
    assert both == ["Connexion"]


def test_a_wrong_date_is_said_and_kept(client, admin, world):
    response = client.get("/admin/audit?du=2026-13-45&personne=martin")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Date de début : Saisissez une date" in page
    assert 'value="2026-13-45"' in page and 'value="martin"' in page
    assert labels(response)  # the other filters still apply
    response = client.get("/admin/audit?du=2026-11-20&au=2026-11-01")
    assert response.status_code == 422
    assert "La date de fin précède la date de début." in unescape(response.get_data(as_text=True))


def test_filters_are_kept_in_pages_and_fragments(client, admin, world):
    """Does htmx get the table alone, with pagination and export keeping the filters?"""
    response = client.get("/admin/audit?personne=martin", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert fragment.startswith('<div id="audit-table"') or fragment.lstrip().startswith(
        '<div id="audit-table"')
    assert 'href="/admin/audit.csv?personne=martin"' in fragment


def read_csv(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_the_export_has_what_the_filters_keep(client, admin, world):
    """Is the CSV the filtered events, newest first, dates in Paris time, for Excel?"""
    response = client.get("/admin/audit.csv?personne=martin&du=2026-11-21")
    assert response.mimetype == "text/csv"
    assert "journal-audit-" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Date et heure (Paris)", "Événement", "Code de l'événement", "Par",
                       "Concerne", "Adresse IP", "Détails"]
    assert {row[2] for row in rows[1:]} >= {"attestation.issued", "habilitation.granted"}
    assert all(row[0].startswith("2026-11-21 00:00") for row in rows[1:])
    granted = next(row for row in rows[1:] if row[2] == "habilitation.granted")
    assert granted[3] == "admin@exemple.fr" and granted[4] == "zoe.martin@exemple.fr"
    assert f'"organisation": {world["alpha"].id}' in granted[6]


def test_a_formula_typed_as_a_name_stays_text(client, admin, world):
    make_person("formule@exemple.fr", first_name="=HYPERLINK(1)", last_name="Test")
    rows = read_csv(client.get("/admin/audit.csv?personne=formule"))
    assert rows[1][4] == "formule@exemple.fr"
    assert all(not cell.startswith("=") for row in rows for cell in row)


@pytest.mark.parametrize("who", ["trainer", "learner", None])
def test_only_admins_read_the_log(client, auth, world, who):
    """Does anyone but an admin get 404 (anonymous: the login page), page and export?"""
    if who:
        role = PlatformRole.TRAINER if who == "trainer" else PlatformRole.LEARNER
        make_person(f"{who}@exemple.fr", role=role)
        auth.login(f"{who}@exemple.fr")
    for url in ("/admin/audit?personne=martin", "/admin/audit.csv"):
        response = client.get(url)
        if who:
            assert response.status_code == 404, url
        else:
            assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_a_percent_sign_is_taken_literally(client, admin, world):
    assert labels(client.get("/admin/audit?personne=%25")) == []
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) > 5


def test_the_cost_in_queries_does_not_grow_with_the_log(client, admin, world):
    """Do the page and the export send as many statements for 10 events by 10 people as for
    a few (each event's author read with it, not one query each)?"""
    def counts():
        sent = {}
        for url in ("/admin/audit", "/admin/audit.csv", "/admin/audit?personne=camille"):
            with statements_sent(lambda sql: True) as seen:
                assert client.get(url).status_code == 200
            sent[url] = len(seen)
        return sent

    before = counts()
    for number in range(10):
        person = make_person(f"auteur{number}@exemple.fr")
        audit.record("auth.signed_in", person, actor=person)
    db.session.commit()
    assert counts() == before
