"""The RL's space: the roster and its exports, habilitations, departures, invitations, steps."""

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest

from directory.structures import ContractMode, StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from tests.pdfs import pdf_text
from webapp.api.tokens import create_token
from webapp.attestations import documents
from webapp.attestations.identity import Identity, correct_identity
from webapp.catalogue import mandatory_course
from webapp.extensions import db
from webapp.learn.operations import mark_read
from webapp.models import (
    Attestation,
    AuditEvent,
    Departure,
    DigestSent,
    ElearningFlag,
    Habilitation,
    Invitation,
    Membership,
    OutboxMessage,
    PlatformRole,
    User,
)
from webapp.structures import departures
from webapp.structures.digest import send_digests
from webapp.structures.operations import attach_person
from webapp.timekeeping import Clock, use_clock

from .sql import statements_sent
from .steps import make_exam_ready, pass_exam, text


@world_fixture
def world(app):
    """A centralised EJ with an RL, a mandataire and learners at every stage; a decentralised
    EJ whose RL has one EG; a trainer of the region and one of another; an admin."""
    mine = make_organisation(name="Mon EJ", mode=ContractMode.CENTRALISED, establishments=2)
    decentralised = make_organisation(name="EJ décentralisée", departement="38",
                                      mode=ContractMode.DECENTRALISED, establishments=2)
    people = {
        "rl": make_legal_rep(mine, email="rl@exemple.fr", first_name="Rachel",
                             last_name="Légale"),
        "delegate": make_person("mandataire@exemple.fr", last_name="Mandataire"),
        "rl_eg": make_legal_rep(decentralised, email="rl.eg@exemple.fr"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84"),
        "trainer_elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                         region_code="28"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
        "stranger": make_person("inconnu@exemple.fr"),
        "new": make_person("nouveau@exemple.fr", first_name="Nina", last_name="Nouvelle"),
        "reader": make_person("lecteur@exemple.fr", first_name="Luc", last_name="Lecteur"),
        "certified": make_person("certifie@exemple.fr", first_name="Célia",
                                 last_name="Certifiée"),
        "neighbour": make_person("voisin@exemple.fr", last_name="Voisin"),
    }
    attach(people["delegate"], mine, StructureRole.DELEGATE)
    attach(people["new"], mine)
    attach(people["reader"], mine, establishment=mine.establishments[0])
    attach(people["certified"], mine, establishment=mine.establishments[1])
    attach(people["neighbour"], decentralised, StructureRole.GESTIONNAIRE,
           decentralised.establishments[1])
    course = mandatory_course()
    mark_read(people["reader"], course, course.lessons[0])
    db.session.commit()
    make_exam_ready(people["certified"])
    pass_exam(people["certified"])
    return {"mine": mine, "decentralised": decentralised, **people}


def roster(client, world, **params):
    return client.get(f"/structures/{world['mine'].id}/personnes", query_string=params)


def names_in(response):
    return set(re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>',
                          response.get_data(as_text=True)))


# Who sees what


ROUTES = ["/structures/{id}/personnes", "/structures/{id}/personnes.csv",
          "/structures/{id}/attestations.zip", "/structures/{id}/personnes/{person}"]


@pytest.mark.parametrize("who, sees", [
    ("rl", True), ("delegate", True), ("trainer", True), ("admin", True),
    ("rl_eg", False), ("trainer_elsewhere", False), ("stranger", False), ("certified", False),
])
def test_the_roster_and_its_exports_stay_in_scope(client, auth, world, who, sees):
    """Roster, CSV, ZIP and person page: 200 in scope, 404 outside, fragments included."""
    auth.login(world[who].email)
    for route in ROUTES:
        url = route.format(id=world["mine"].id, person=world["certified"].id)
        for headers in ({}, {"HX-Request": "true"}):
            assert client.get(url, headers=headers).status_code == (200 if sees else 404), url


def test_the_roster_table_is_named_in_french(client, auth, world):
    """Is the table's caption « Personnes — <the seat's name> », never « Personnes de
    Association … »?"""
    auth.login("rl@exemple.fr")
    assert '<caption class="visually-hidden">Personnes — Mon EJ</caption>' in text(
        roster(client, world))


def test_an_eg_rl_sees_their_eg_only(client, auth, world):
    auth.login("rl.eg@exemple.fr")
    decentralised = world["decentralised"]
    response = client.get(f"/structures/{decentralised.id}/personnes")
    assert response.status_code == 200 and "Voisin" not in text(response)
    assert client.get(f"/structures/{decentralised.id}/personnes/"
                      f"{world['neighbour'].id}").status_code == 404
    export = client.get(f"/structures/{decentralised.id}/personnes.csv")
    assert "Voisin" not in export.get_data(as_text=True)


def test_a_site_rl_sees_the_site_as_the_title(client, auth, world):
    """The RL of one EG sees their site's name as the page title, not the whole EJ's."""
    decentralised = world["decentralised"]
    site = decentralised.establishments[0].name
    auth.login("rl.eg@exemple.fr")
    for url in (f"/structures/{decentralised.id}", f"/structures/{decentralised.id}/personnes"):
        page = text(client.get(url))
        title = re.search(r"<title>([^<]+)</title>", page)[1]
        assert site in title and decentralised.name not in title, title
    assert f"<h1>{site}</h1>" in text(client.get(f"/structures/{decentralised.id}"))
    auth.logout()
    auth.login("rl@exemple.fr")  # the RL of the whole EJ: the EJ's name
    assert "<h1>Mon EJ</h1>" in text(client.get(f"/structures/{world['mine'].id}"))


@pytest.mark.parametrize("who", ["trainer", "admin", "rl_eg", "trainer_elsewhere", "stranger",
                                 "certified"])
def test_only_rls_and_mandataires_act(client, auth, world, who):
    """Are the RL's actions 404 for everyone else, trainers and admins included, and their
    buttons absent from what trainers and admins see?"""
    membership = world["certified"].active_memberships[0]
    auth.login(world[who].email)
    if who in ("trainer", "admin"):
        page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                               f"{world['certified'].id}"))
        assert "Enregistrer l'habilitation" not in page
        assert "Enregistrer un départ" not in page
    mine = world["mine"].id
    for url, data in ((f"/structures/{mine}/habilitations",
                       {"membership_id": membership.id}),
                      (f"/structures/{mine}/departs", {"membership_id": membership.id}),
                      (f"/structures/{mine}/invitations", {"addresses": "a@exemple.fr"}),
                      (f"/structures/{mine}/etapes", {"step": "cde_card", "done": "1"}),
                      (f"/structures/{mine}/invitations", None)):
        response = client.post(url, data=data) if data else client.get(url)
        assert response.status_code == 404, (who, url)
    assert db.session.scalar(db.select(db.func.count(Habilitation.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


# The roster


def test_the_roster_says_where_each_person_stands(client, auth, world):
    auth.login("rl@exemple.fr")
    page = text(roster(client, world))
    assert names_in(roster(client, world)) >= {"Nouvelle Nina", "Lecteur Luc",
                                               "Certifiée Célia", "Légale Rachel"}
    # Statuses are badges with an icon and a text, never « Oui/Non ».
    assert "Oui" not in page and ">Non<" not in page
    for badge in ("○</span> Pas commencé", "◐</span> En cours", "✓</span> Formé(e)",
                  "➜</span> À enregistrer", "○</span> Pas encore"):
        assert badge in page, badge
    assert "Enregistrer l'habilitation" in page and "Relancer" in page


@pytest.mark.parametrize("state, expected", [
    ("non-commence", {"Nouvelle Nina"}),
    ("en-cours", {"Lecteur Luc"}),
    ("forme", {"Certifiée Célia"}),
    ("habilite", set()),
    ("parti", set()),
])
def test_filters(client, auth, world, state, expected):
    auth.login("rl@exemple.fr")
    found = names_in(roster(client, world, etat=state)) - {"Légale Rachel",
                                                            "Mandataire Camille"}
    assert found == expected


def test_search_sort_page_and_fragment(client, auth, world):
    auth.login("rl@exemple.fr")
    assert names_in(roster(client, world, q="lecteur")) == {"Lecteur Luc"}
    assert names_in(roster(client, world, q="CERTIFIE@")) == {"Certifiée Célia"}
    assert names_in(roster(client, world, q="%")) == set()  # a wildcard is a character
    first = re.findall(r'<th scope="row"[^>]*><a [^>]*>([^<]+)</a>',
                       roster(client, world, tri="progression").get_data(as_text=True))[0]
    assert first == "Certifiée Célia"
    fragment = client.get(f"/structures/{world['mine'].id}/personnes?etat=forme",
                          headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="roster">') and "<html" not in body
    # Nonsense in the query string gets the defaults, never a 500.
    for params in ({"page": "abc"}, {"etat": "x" * 500}, {"tri": "drop"}, {"page": "-3"},
                   {"q": "x" * 1000}):
        assert roster(client, world, **params).status_code == 200


def test_the_roster_sends_a_bounded_number_of_queries(client, auth, world):
    """Does the page cost the same number of statements for 5 people as for 45?"""
    auth.login("rl@exemple.fr")

    def count():
        with statements_sent(lambda sql: True) as seen:
            assert roster(client, world).status_code == 200
        return len(seen)

    small = count()
    for _ in range(40):
        person = make_person()
        attach(person, world["mine"])
        mark_read(person, mandatory_course(), mandatory_course().lessons[0])
    db.session.commit()
    assert count() == small
    assert small <= 20


def test_the_roster_reads_the_structures_people_not_the_platforms(client, auth, world):
    """Are a structure's people found from its memberships (an index), so that the roster of a
    small structure does not read every account of the platform?"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    auth.login("rl@exemple.fr")
    with statements_sent(lambda sql: "FROM user_account" in sql) as seen:
        for params in ({}, {"etat": "parti"}, {"q": "luc", "tri": "activite"}):
            assert roster(client, world, **params).status_code == 200
    assert seen
    connection = db.session.connection().connection.driver_connection
    for sql in seen:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql,
                                                     [1] * sql.count("?"))]
        assert not [step for step in plan if step.startswith("SCAN user_account")], plan


def test_csv_export_for_excel(client, auth, world):
    auth.login("rl@exemple.fr")
    response = client.get(f"/structures/{world['mine'].id}/personnes.csv?etat=forme")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "Adresse e-mail"]
    assert [row[:2] for row in rows[1:]] == [["Certifiée", "Célia"]]
    line = dict(zip(rows[0], rows[1], strict=True))
    # Dates as ISO dates, each status, its date and its author in a column of its own.
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line["Date de l'attestation"])
    assert line["Formation"] == "Formé(e)" and line["Habilitation"] == "À enregistrer"
    assert line["État de l'attestation"] == "Valide"
    assert line["Date de l'habilitation"] == "" and line["Habilitation accordée par"] == ""
    assert line["FINESS du site"] == world["mine"].establishments[1].finess
    assert "RPPS" in rows[0]


def test_zip_of_valid_attestations_renders_each_once(client, auth, world, monkeypatch, real_pdfs):
    auth.login("rl@exemple.fr")
    renders = []
    real = documents.render_pdf
    monkeypatch.setattr(documents, "render_pdf", lambda data: renders.append(1) or real(data))
    url = f"/structures/{world['mine'].id}/attestations.zip"
    for _ in range(2):
        response = client.get(url)
        assert response.mimetype == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        [name] = archive.namelist()
        assert "Célia Certifiée" in pdf_text(archive.read(name))
    assert len(renders) == 1
    empty = client.get(url + "?etat=non-commence")
    assert empty.status_code == 303


def test_the_zip_is_offered_only_when_it_holds_an_attestation(client, auth, world):
    """Is « Télécharger leurs attestations valides » offered for a list holding one (on any
    page), and not for people who have not started, whose click would only say « aucune »?"""
    auth.login("rl@exemple.fr")
    link = "Télécharger leurs attestations valides (ZIP)"
    assert link in text(roster(client, world))
    assert link in text(roster(client, world, etat="forme"))
    not_started = roster(client, world, etat="non-commence")
    assert names_in(not_started) and link not in text(not_started)
    assert link not in text(roster(client, world, etat="en-cours"))
    assert link not in text(roster(client, world, q="Certif", etat="en-cours"))
    assert link in text(client.get(f"/structures/{world['mine'].id}/personnes",
                                   query_string={"q": "Certif"}, headers={"HX-Request": "true"}))


# Habilitation


def grant(client, world, who):
    membership = world[who].active_memberships[0]
    return client.post(f"/structures/{world['mine'].id}/habilitations",
                       data={"membership_id": membership.id})


def test_habilitation_needs_the_elearning_except_for_the_rl(client, auth, world):
    auth.login("rl@exemple.fr")
    refused = grant(client, world, "reader")
    assert refused.status_code == 422 and 'role="alert"' in text(refused)
    assert "Action impossible" in text(refused)
    assert "Luc Lecteur n'a pas encore réussi l'e-learning" in text(refused)
    assert "examen final à réussir" in text(refused)
    assert grant(client, world, "certified").status_code == 303
    assert grant(client, world, "rl").status_code == 303  # the CDE card carries the right
    assert grant(client, world, "neighbour").status_code == 404  # another EJ's attachment
    again = grant(client, world, "certified")
    assert again.status_code == 422 and "déjà habilité" in text(again)
    habilitations = db.session.scalars(db.select(Habilitation)).all()
    assert len(habilitations) == 2
    certified = next(h for h in habilitations if h.user_id == world["certified"].id)
    assert certified.attestation_id is not None and certified.establishment_id is None
    assert names_in(roster(client, world, etat="habilite")) == {"Certifiée Célia",
                                                                 "Légale Rachel"}
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                           f"{world['certified'].id}"))
    assert "Habilitation « Gestionnaire RPPS+ » accordée par Rachel Légale" in page


def test_the_habilitation_button_says_why_it_is_disabled(client, auth, world):
    """For someone not trained, is the button disabled with the reason next to it?"""
    auth.login("rl@exemple.fr")
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/{world['reader'].id}"))
    button = re.search(r'<button type="submit" class="button" disabled '
                       r'aria-describedby="(refus-\d+)">Enregistrer l\'habilitation', page)
    assert button, "the button is disabled"
    reason = re.search(rf'id="{button[1]}">([^<]+)<', page)[1]
    assert "Luc Lecteur n'a pas encore réussi l'e-learning" in reason
    ready = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                            f"{world['certified'].id}"))
    assert "disabled" not in ready.split("Enregistrer l'habilitation")[0][-200:]


def test_a_decentralised_habilitation_sits_on_the_eg(client, auth, app):
    organisation = make_organisation(mode=ContractMode.DECENTRALISED, establishments=1)
    rl = make_legal_rep(organisation)
    person = make_person()
    attach(person, organisation, establishment=organisation.establishments[0])
    make_exam_ready(person)
    pass_exam(person)
    auth.login(rl.email)
    response = client.post(f"/structures/{organisation.id}/habilitations",
                           data={"membership_id": person.active_memberships[0].id})
    assert response.status_code == 303
    habilitation = db.session.scalar(db.select(Habilitation))
    assert habilitation.establishment_id == organisation.establishments[0].id


def test_withdrawal_and_history(client, auth, world):
    auth.login("mandataire@exemple.fr")  # a mandataire acts as the RL does
    grant(client, world, "certified")
    habilitation = db.session.scalar(db.select(Habilitation))
    url = f"/structures/{world['mine'].id}/habilitations/{habilitation.id}/retrait"
    field = f"retrait-{habilitation.id}-reason"
    refused = client.post(url, data={field: ""})
    assert refused.status_code == 422 and "Indiquez le motif du retrait" in text(refused)
    assert client.post(url, data={field: "Changement de poste"}).status_code == 303
    db.session.refresh(habilitation)
    assert not habilitation.is_active and habilitation.withdrawal_reason == "Changement de poste"
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                           f"{world['certified'].id}"))
    assert "Habilitation « Gestionnaire RPPS+ » retirée par Camille Mandataire" in page
    assert "motif : Changement de poste" in page


def test_a_revoked_attestation_flags_the_habilitation(client, auth, world):
    granted_then_revoked(client, auth, world)
    auth.login("rl@exemple.fr")
    page = text(roster(client, world))
    assert "Attestation révoquée : habilitation à revoir" in page
    assert "⚠</span> À revoir" in page and "Revoir l'habilitation" in page
    assert names_in(roster(client, world, etat="a-revoir")) == {"Certifiée Célia"}
    assert names_in(roster(client, world, etat="habilite")) == set()
    person = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                             f"{world['certified'].id}"))
    assert "Attestation révoquée : habilitation à revoir" in person
    assert "il manque" not in person and "examen final à réussir" not in person


def test_a_habilitation_to_review_is_refused_for_its_real_reason(client, auth, world):
    """After the revocation, does « Enregistrer l'habilitation », from the roster or from the
    person's page, say that the attestation was revoked, never « déjà habilité(e) »?"""
    granted_then_revoked(client, auth, world)
    auth.login("rl@exemple.fr")
    bulk = client.post(f"/structures/{world['mine'].id}/personnes/actions", data={
        "action": "habiliter", "personne": world["certified"].id})
    page = text(client.get(bulk.headers["Location"]))
    assert "Habilitation impossible : l'attestation de Célia Certifiée a été révoquée" in page
    assert "nouvel examen final réussi" in page and "déjà habilité" not in page
    refused = grant(client, world, "certified")
    assert refused.status_code == 422
    assert "l'attestation de Célia Certifiée a été révoquée" in text(refused)
    assert "déjà habilité" not in text(refused)
    [habilitation] = db.session.scalars(db.select(Habilitation)).all()
    assert habilitation.is_active and habilitation.attestation_revoked_at is not None


def test_a_new_attestation_lets_the_habilitation_be_recorded_again(client, auth, world):
    """Once the exam is passed again, is the habilitation recorded anew on the new attestation,
    the one left to review withdrawn with its reason?"""
    granted_then_revoked(client, auth, world)
    with use_clock(Clock(datetime.now(UTC) + timedelta(days=2))):
        pass_exam(world["certified"])
        auth.login("rl@exemple.fr")
        page_url = f"/structures/{world['mine'].id}/personnes/{world['certified'].id}"
        assert "Enregistrer de nouveau l'habilitation" in text(client.get(page_url))
        assert grant(client, world, "certified").status_code == 303
    old, new = db.session.scalars(db.select(Habilitation).order_by(Habilitation.id)).all()
    flag = db.session.get(ElearningFlag, world["certified"].id)
    assert not old.is_active and "habilitation enregistrée de nouveau" in old.withdrawal_reason
    assert new.is_active and new.attestation_id == flag.attestation_id
    assert new.attestation_revoked_at is None
    assert names_in(roster(client, world, etat="habilite")) == {"Certifiée Célia"}


def test_the_history_shows_the_revocation_and_the_attachment_on_its_date(client, auth, world):
    """Does the person's history list their attestation's issue and revocation (number,
    reason), and date « Rattachement ajouté » as the page's « depuis le » does, even when the
    session is flushed under another clock?"""
    granted_then_revoked(client, auth, world)
    number = db.session.scalar(db.select(Attestation.number).filter_by(
        user_id=world["certified"].id))
    late = make_person("tardif@exemple.fr", first_name="Tom", last_name="Tardif")
    with use_clock(Clock(datetime(2026, 3, 10, 9, tzinfo=UTC))):
        attach_person(late, world["mine"], StructureRole.GESTIONNAIRE)
    with use_clock(Clock(datetime(2026, 3, 1, 9, tzinfo=UTC))):  # flushed "earlier"
        db.session.commit()
    auth.login("rl@exemple.fr")
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                           f"{world['certified'].id}"))
    history = page[page.index('id="history-title"'):]
    assert f"Attestation révoquée (n° {number})" in history and "motif : Fraude" in history
    assert f"Attestation délivrée (n° {number})" in history
    assert history.index("Attestation révoquée") < history.index("Attestation délivrée")
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/{late.id}"))
    assert "Rattaché(e) depuis le 10 mars 2026" in page
    assert "10 mars 2026 à 10 h 00 — Rattachement ajouté" in page


def test_a_replaced_attestation_is_not_revoked(client, auth, world):
    """An identity correction replaces the attestation: nothing to review."""
    auth.login("rl@exemple.fr")
    grant(client, world, "certified")
    auth.logout()
    correct_identity(world["certified"], Identity("Célia", "Certifiée-Corrigée"),
                     world["admin"], "Nom d'usage")
    db.session.commit()
    auth.login("rl@exemple.fr")
    page = text(roster(client, world))
    assert "à revoir" not in page.lower()
    assert names_in(roster(client, world, etat="habilite")) == {"Certifiée-Corrigée Célia"}


# Departures


def granted_then_revoked(client, auth, world):
    """The RL records the certified person's habilitation, then the GRADeS revoke their
    attestation (each through the pages)."""
    auth.login("rl@exemple.fr")
    grant(client, world, "certified")
    auth.logout()
    attestation = db.session.get(ElearningFlag, world["certified"].id).attestation
    auth.login("formateur@exemple.fr")
    revoked = client.post(f"/attestations/{attestation.number}/revoke", data={"reason": "Fraude"})
    assert revoked.status_code == 303
    auth.logout()


def depart(client, world, who, on):
    membership = world[who].active_memberships[0]
    return client.post(f"/structures/{world['mine'].id}/departs", data={
        "membership_id": membership.id, f"depart-{membership.id}-leaving_on": on})


def test_a_future_departure_can_be_undone(client, auth, world):
    auth.login("rl@exemple.fr")
    later = (date.today() + timedelta(days=30)).isoformat()
    assert depart(client, world, "certified", later).status_code == 303
    membership = world["certified"].active_memberships[0]
    assert membership.is_active
    departure = db.session.scalar(db.select(db.text("id FROM departure")))
    assert client.post(f"/structures/{world['mine'].id}/departs/{departure}/annulation"
                       ).status_code == 303
    assert depart(client, world, "certified", later).status_code == 303  # again, after undo


def test_a_departure_on_its_date_ends_everything_but_the_attestation(client, auth, world,
                                                                      runner):
    auth.login("rl@exemple.fr")
    grant(client, world, "certified")
    membership_id = world["certified"].active_memberships[0].id
    tomorrow = date.today() + timedelta(days=1)
    assert depart(client, world, "certified", tomorrow.isoformat()).status_code == 303
    result = runner.invoke(args=["departures", "apply"])
    assert "0 départ(s)" in result.output
    db.session.execute(db.text("UPDATE departure SET leaving_on = :d"),
                       {"d": date.today() - timedelta(days=1)})
    db.session.commit()
    assert "1 départ(s)" in runner.invoke(args=["departures", "apply"]).output
    membership = db.session.get(Membership, membership_id)
    assert membership.ended_at is not None
    assert db.session.scalar(db.select(Habilitation)).withdrawn_at is not None
    assert db.session.get(ElearningFlag, world["certified"].id) is not None  # hers to keep
    assert names_in(roster(client, world, etat="parti")) == {"Certifiée Célia"}
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                           f"{world['certified'].id}"))
    assert "À faire : Rattachement supprimé dans le portail" in page
    departure = db.session.scalar(db.select(db.text("id FROM departure")))
    ticked = client.post(f"/structures/{world['mine'].id}/departs/{departure}/suivi",
                         data={"item": "portal_attachment_removed_at", "done": "1"})
    # Back at the item, not at the top of the page; in place with htmx, confirmed there.
    assert ticked.headers["Location"].endswith(f"#suivi-{departure}-portal_attachment_removed_at")
    page = text(client.get(f"/structures/{world['mine'].id}/personnes/"
                           f"{world['certified'].id}"))
    assert "Fait : Rattachement supprimé dans le portail" in page
    assert f'id="suivi-{departure}-portal_attachment_removed_at"' in page
    swapped = client.post(f"/structures/{world['mine'].id}/departs/{departure}/suivi",
                          data={"item": "habilitation_removed_at", "done": "1"},
                          headers={"HX-Request": "true"})
    fragment = text(swapped)
    assert swapped.status_code == 200
    assert fragment.lstrip().startswith('<section class="panel" id="portals"')
    item = fragment[fragment.index(f'id="suivi-{departure}-habilitation_removed_at"'):]
    item = item[:item.index("</li>")]
    assert "Fait : Habilitation « Gestionnaire RPPS+ » supprimée" in item
    assert 'role="status"' in item and "C'est noté : fait" in item
    assert client.post(f"/structures/{world['mine'].id}/departs/{departure}/annulation"
                       ).status_code == 422  # too late


def test_an_egs_roster_shows_no_departure_from_another_eg(client, auth, world):
    """Does the RL of one EG see nothing of a departure recorded on another EG of the EJ,
    for a person attached to both?"""
    decentralised, neighbour = world["decentralised"], world["neighbour"]
    attach(neighbour, decentralised, establishment=decentralised.establishments[0])
    elsewhere = next(m for m in neighbour.active_memberships
                     if m.establishment_id == decentralised.establishments[1].id)
    departures.record(elsewhere, date.today() + timedelta(days=30), world["admin"])
    db.session.commit()
    auth.login("rl.eg@exemple.fr")
    page = text(client.get(f"/structures/{decentralised.id}/personnes"))
    assert "Voisin" in page and "Départ le" not in page


def test_a_manager_who_leaves_takes_no_api_token_along(client, auth, world):
    """Are the EJ's API tokens a mandataire created revoked on their departure, the RL's kept?"""
    theirs, clear = create_token("SI RH", world["delegate"], world["mine"])
    rl_token, _ = create_token("Outil", world["rl"], world["mine"])
    db.session.commit()
    lookup = ("/api/v1/people/elearning", {"email": "rl@exemple.fr"},
              {"Authorization": f"Bearer {clear}"})
    assert client.get(lookup[0], query_string=lookup[1], headers=lookup[2]).status_code == 200
    auth.login("rl@exemple.fr")
    assert depart(client, world, "delegate", date.today().isoformat()).status_code == 303
    db.session.refresh(theirs)
    db.session.refresh(rl_token)
    assert theirs.revoked_at is not None and rl_token.revoked_at is None
    assert client.get(lookup[0], query_string=lookup[1], headers=lookup[2]).status_code == 401


def test_bad_departure_dates_say_why(client, auth, world):
    auth.login("rl@exemple.fr")
    for value, message in (("", "Indiquez la date de départ"),
                           ("31/02/2026", "N'est pas une date valide"),
                           ("1990-01-01", "précède l'arrivée"),
                           ("2099-01-15", "un départ s'enregistre au plus un an à l'avance")):
        response = depart(client, world, "reader", value)
        assert response.status_code == 422 and message in text(response), value
        if value.startswith("2099"):  # said by the field, what was typed kept
            membership = world["reader"].active_memberships[0]
            assert re.search(rf'<p class="field__error" id="depart-{membership.id}-leaving_on'
                             r'-error">[^<]*trop lointaine', response.get_data(as_text=True))
            assert 'value="2099-01-15"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Departure)) == 0
    assert departures.a_year_after(date(2028, 2, 29)) == date(2029, 2, 28)
    in_a_year = departures.a_year_after(departures.today())
    assert depart(client, world, "reader", in_a_year.isoformat()).status_code == 303
    assert depart(client, world, "neighbour", "2030-01-01").status_code == 404


# Invitations


def test_bulk_invitations_send_the_valid_and_list_the_rest(client, auth, world):
    auth.login("rl@exemple.fr")
    url = f"/structures/{world['mine'].id}/invitations"
    response = client.post(url, data={
        "scope": "ej",
        "addresses": "a@exemple.fr; b@exemple.fr\npas-une-adresse\nA@exemple.fr\n"
                     "nouveau@exemple.fr"})
    page = text(response)
    assert response.status_code == 200
    assert "pas-une-adresse : adresse e-mail invalide" in page
    assert "A@exemple.fr : en double dans la liste" in page
    assert "nouveau@exemple.fr : déjà gestionnaire sur ce périmètre" in page
    assert {i.email for i in db.session.scalars(db.select(Invitation))} == {
        "a@exemple.fr", "b@exemple.fr"}
    assert db.session.scalar(db.select(OutboxMessage).filter_by(recipient="a@exemple.fr"))
    again = client.post(url, data={"scope": "ej", "addresses": "a@exemple.fr"})
    assert again.status_code == 422 and "une invitation est déjà en cours" in text(again)


def test_a_csv_file_of_addresses(client, auth, world):
    auth.login("rl@exemple.fr")
    data = "\ufeffemail;nom\r\nc@exemple.fr;C\r\nd@exemple.fr;D\r\n".encode()
    response = client.post(f"/structures/{world['mine'].id}/invitations", data={
        "scope": str(world["mine"].establishments[0].id),
        "file": (io.BytesIO(data), "adresses.csv")}, content_type="multipart/form-data")
    assert response.status_code == 200
    invitations = db.session.scalars(db.select(Invitation)).all()
    assert {i.email for i in invitations} == {"c@exemple.fr", "d@exemple.fr"}
    assert "C : adresse e-mail invalide" in text(response)  # other cells are listed
    assert all(i.establishment_id == world["mine"].establishments[0].id for i in invitations)


def test_an_invitation_creates_the_account_and_attaches_it(client, auth, world, app):
    auth.login("rl@exemple.fr")
    client.post(f"/structures/{world['mine'].id}/invitations",
                data={"scope": "ej", "addresses": "zoe@exemple.fr"})
    auth.logout()
    mail = db.session.scalar(db.select(OutboxMessage).filter_by(recipient="zoe@exemple.fr"))
    link = re.search(r"http://academie\.test(/invitations/\S+)", mail.body_text)[1]
    assert "Créer votre compte" in text(client.get(link))
    weak = client.post(link, data={"first_name": "Zoé", "last_name": "Zèbre",
                                   "password": "court", "password_confirmation": "court"})
    assert weak.status_code == 422 and 'value="Zoé"' in weak.get_data(as_text=True)
    done = client.post(link, data={"first_name": "Zoé", "last_name": "Zèbre",
                                   "password": "un-mot-de-passe-solide-2026",
                                   "password_confirmation": "un-mot-de-passe-solide-2026"})
    assert done.status_code == 303
    zoe = db.session.scalar(db.select(User).filter_by(email="zoe@exemple.fr"))
    assert zoe.email_confirmed_at is not None
    [membership] = zoe.active_memberships
    assert membership.organisation_id == world["mine"].id
    assert membership.role == StructureRole.GESTIONNAIRE.value
    assert "Bonjour Zoé" in text(client.get("/"))  # signed in
    assert client.get(link).status_code == 404  # single use
    # The RL who invited is told, with the link to Zoé's record.
    told = db.session.scalar(db.select(OutboxMessage).filter_by(
        recipient="rl@exemple.fr", kind="invitation_accepted_rl"))
    assert "Zoé Zèbre (zoe@exemple.fr) a accepté votre invitation" in told.body_text
    assert f"/structures/{world['mine'].id}/personnes/{zoe.id}" in told.body_text


def test_inviting_someone_already_attached_elsewhere_warns(client, auth, world):
    """Luc is a gestionnaire of the first EG: invited to the whole EJ, he is invited, and the
    RL is warned where he already is."""
    auth.login("rl@exemple.fr")
    response = client.post(f"/structures/{world['mine'].id}/invitations",
                           data={"scope": "ej", "addresses": "lecteur@exemple.fr"})
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    site = world["mine"].establishments[0].name
    assert f"Attention : lecteur@exemple.fr est déjà rattaché(e) à {site} " \
        "(Gestionnaire RPPS+)" in page
    assert "1 invitation envoyée." in page


def test_a_gestionnaire_of_the_whole_ej_is_not_invited_to_one_of_its_egs(client, auth, world):
    """Nina is a gestionnaire of the whole (centralised) EJ, which covers each of its EG: is an
    invitation to one EG refused with that reason, rather than sent « en plus »?"""
    auth.login("rl@exemple.fr")
    site = world["mine"].establishments[0]
    response = client.post(f"/structures/{world['mine'].id}/invitations", data={
        "scope": str(site.id), "addresses": "nouveau@exemple.fr\nautre@exemple.fr"})
    page = text(response)
    assert response.status_code == 200
    assert ("nouveau@exemple.fr : déjà gestionnaire de toute l'entité juridique, dont cet "
            "établissement fait partie") in page
    assert "en plus" not in page
    assert "Elle reste dans le champ ci-dessous : corrigez-la (ou retirez-la)" in page
    assert {i.email for i in db.session.scalars(db.select(Invitation))} == {"autre@exemple.fr"}
    assert db.session.scalar(db.select(OutboxMessage).filter_by(
        recipient="nouveau@exemple.fr")) is None


def test_an_existing_account_signs_in_to_accept(client, auth, world):
    auth.login("rl@exemple.fr")
    client.post(f"/structures/{world['mine'].id}/invitations",
                data={"scope": "ej", "addresses": "inconnu@exemple.fr"})
    invitation = db.session.scalar(db.select(Invitation))
    auth.logout()
    mail = db.session.scalar(db.select(OutboxMessage).filter_by(recipient="inconnu@exemple.fr"))
    link = re.search(r"http://academie\.test(/invitations/\S+)", mail.body_text)[1]
    assert "Me connecter" in text(client.get(link))
    auth.login("admin@exemple.fr")
    assert "une autre adresse" in text(client.get(link))
    assert client.post(link).status_code == 200  # nothing accepted for another account
    auth.logout()
    auth.login("inconnu@exemple.fr")
    assert client.post(link).status_code == 303
    db.session.refresh(invitation)
    assert invitation.accepted_by_id == world["stranger"].id


def test_revoked_and_unknown_invitations(client, auth, world):
    auth.login("rl@exemple.fr")
    client.post(f"/structures/{world['mine'].id}/invitations",
                data={"scope": "ej", "addresses": "e@exemple.fr"})
    invitation = db.session.scalar(db.select(Invitation))
    mail = db.session.scalar(db.select(OutboxMessage).filter_by(recipient="e@exemple.fr"))
    link = re.search(r"http://academie\.test(/invitations/\S+)", mail.body_text)[1]
    assert client.post(f"/structures/{world['mine'].id}/invitations/{invitation.id}/retrait"
                       ).status_code == 303
    auth.logout()
    assert client.get(link).status_code == 404
    assert client.get("/invitations/" + "x" * 500).status_code == 404


# The to-do list and the digest


def test_the_to_do_list(client, auth, world):
    auth.login("rl@exemple.fr")
    page = text(client.get(f"/structures/{world['mine'].id}"))
    assert "✓</span> Fait</span>\n          <span>Mode de contractualisation choisi" in page
    assert "Gestionnaires désignés (3 gestionnaires rattachés)" in page
    assert "○</span> À faire</span>\n          <span>E-learning réussi par chaque " in page
    # The counter counts the six steps the page shows, not the eight items.
    assert "Mon EJ : 0 étape sur 6" in page
    response = client.post(f"/structures/{world['mine'].id}/etapes",
                           data={"step": "cde_card", "done": "1", "establishment_id": ""})
    assert response.status_code == 303
    assert "Mon EJ : 1 étape sur 6" in text(client.get(f"/structures/{world['mine'].id}"))
    assert client.post(f"/structures/{world['mine'].id}/etapes",
                       data={"step": "elearning_done", "done": "1"}).status_code == 404
    home = text(client.get("/"))
    assert "Mon EJ : 1 étape sur 6" in home


def test_ticking_a_step_keeps_the_persons_place_and_confirms(client, auth, world):
    """Does « Marquer comme fait » bring the page back at the item (no script), or swap the
    list in place with a focused confirmation by the item (htmx), counter updated?"""
    auth.login("rl@exemple.fr")
    mine = world["mine"].id
    item_id = f"etape-{mine}-ej-cde_card"
    response = client.post(f"/structures/{mine}/etapes",
                           data={"step": "cde_card", "done": "1", "establishment_id": ""})
    assert response.status_code == 303 and response.headers["Location"].endswith("#" + item_id)
    page = text(client.get(response.headers["Location"]))
    assert f'id="{item_id}"' in page
    assert "C'est noté : « Carte CDE du représentant légal commandée (formulaire F101) » — " \
        "fait." in page
    swapped = client.post(f"/structures/{mine}/etapes", headers={"HX-Request": "true"},
                          data={"step": "cde_card", "done": "0", "establishment_id": ""})
    fragment = text(swapped)
    assert swapped.status_code == 200 and "HX-Request" in swapped.headers["Vary"]
    assert fragment.lstrip().startswith(
        f'<section class="panel checklist-panel" id="liste-{mine}-ej"')
    assert "Mon EJ : 0 étape sur 6" in fragment
    item = fragment[fragment.index(f'id="{item_id}"'):]
    item = item[:item.index("</li>")]
    assert 'role="status"' in item and "data-focus-after-swap" in item
    assert "C'est noté : remis à faire" in item
    assert fragment.count("data-focus-after-swap") == 1
    page = text(client.get(f"/structures/{mine}"))
    assert f'data-hx-target="#liste-{mine}-ej"' in page and "C'est noté" not in page


def test_the_to_do_list_leads_where_each_step_is_done(client, auth, world):
    """Does each step link to our page or name the national form, with a link only where
    the sources give an address; the training step to the people not started?"""
    auth.login("rl@exemple.fr")
    page = text(client.get(f"/structures/{world['mine'].id}"))
    mine = world["mine"].id
    assert f'href="/structures/{mine}/personnes?etat=non-commence"' in page
    people = text(client.get(f"/structures/{mine}/personnes?etat=non-commence"))
    assert "Nouvelle Nina" in people and "Certifiée Célia" not in people
    assert f'href="/structures/{mine}/invitations"' in page
    assert 'href="https://esante.gouv.fr/produits-services/portail-rpps-plus"' in page
    assert 'href="https://validation-enreg.esante.gouv.fr/' in page
    # Named without a link: the sources give no address for F101 nor Mes Habilitations.
    assert ">Formulaire F101</span>" in page
    assert ">Portail « Mes Habilitations » de l'ANS</span>" in page
    # Registering: the data-collection sheet to fill in with each professional.
    sheet = re.search(r'href="(/entrainement/fiche-de-recueil\.pdf[^"]*)"', page)[1]
    response = client.get(unescape(sheet))
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_the_to_do_list_puts_reviews_and_departures_first(client, auth, world):
    """After a revocation and a departure, does the to-do list start with the habilitation
    to review and the portals to clean up?"""
    granted_then_revoked(client, auth, world)
    auth.login("rl@exemple.fr")
    assert depart(client, world, "reader", departures.today().isoformat()).status_code == 303
    page = text(client.get(f"/structures/{world['mine'].id}"))
    priority = page[page.index("À traiter en priorité"):page.index('<ol class="steps">')]
    assert "Célia Certifiée</a> — Attestation révoquée : habilitation à revoir" in priority
    assert "Luc Lecteur</a> — Parti(e) le" in priority
    assert "le portail d'enregistrement RPPS+ et dans « Mes Habilitations »" in priority
    assert priority.index("Célia") < priority.index("Luc")


def test_the_weekly_digest_goes_once_a_week(app, world):
    with app.test_request_context(method="POST"):
        assert send_digests() == 3  # rl, mandataire, rl of the EG
        assert send_digests() == 0
    body = db.session.scalar(db.select(OutboxMessage.body_text).filter_by(
        recipient="rl@exemple.fr", subject=db.select(OutboxMessage.subject).filter_by(
            recipient="rl@exemple.fr").order_by(OutboxMessage.id.desc()).limit(1)
        .scalar_subquery()))
    assert "Ont réussi l'examen final cette semaine : Célia Certifiée" in body
    assert "Ont commencé l'e-learning cette semaine" in body and "Luc Lecteur" in body
    assert "N'ont pas encore l'e-learning réalisé : Luc Lecteur, Nina Nouvelle" in body
    assert db.session.scalar(db.select(db.func.count(DigestSent.id))) == 3
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="attestation.issued"))
