"""The GRADeS space: the region's progress, its exports, its webinars in figures."""

import csv
import io
import re
from datetime import timedelta
from uuid import uuid4

import pytest

from directory.structures import ContractMode, StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_finess, make_legal_rep, make_organisation, make_person
from webapp.attestations import issuance
from webapp.attestations.issuance import revoke
from webapp.catalogue import mandatory_course
from webapp.extensions import db
from webapp.learn.operations import mark_read
from webapp.models import Attestation, PlatformRole, Registration, SurveyAnswer, Webinar
from webapp.region import by_structure, progress, views
from webapp.structures import habilitations, operations
from webapp.timekeeping import PARIS, utcnow

from .sql import statements_sent
from .steps import make_exam_ready, pass_exam, text

ROUTES = ["/region/", "/region/structures.csv", "/region/departements.csv",
          "/region/webinaires", "/region/webinaires.csv"]



def read_csv(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def start(person):
    """The person reads a first lesson."""
    course = mandatory_course()
    mark_read(person, course, course.lessons[0])
    db.session.commit()


def structure_with_egs(name, finess_departement, eg_departements):
    """A centralised EJ whose FINESS juridique and EG sit in the départements given."""
    organisation = operations.create_organisation(name, make_finess(finess_departement), "84",
                                                  ContractMode.CENTRALISED)
    for index, code in enumerate(eg_departements):
        operations.add_establishment(organisation, f"{name} site {index + 1}", make_finess(code))
    db.session.commit()
    return organisation


@world_fixture
def world(app):
    """Auvergne-Rhône-Alpes: five EJ, twelve people at every stage, one who left and one
    deactivated account; a Normandy EJ; trainers of both regions, an admin."""
    alpha = make_organisation(name="Alpha Santé", establishments=2)  # Rhône (69)
    bravo = make_organisation(name="Bravo Soins", establishments=1)  # Rhône
    isere = make_organisation(name="Isère Accueil", departement="38", establishments=1,
                              mode=ContractMode.DECENTRALISED)
    drome = structure_with_egs("Drôme Seule", "26", [])  # no EG: its FINESS juridique's
    savoie = structure_with_egs("Savoie Montagne", "38", ["73", "01"])
    normandie = make_organisation(name="Normandie Santé", region_code="28", departement="14")
    people = {
        "rl": make_legal_rep(alpha, email="rl.alpha@exemple.fr", first_name="Rémi",
                             last_name="Alpha"),
        "idle": make_person("idle@exemple.fr"),
        "reader": make_person("lecteur@exemple.fr"),
        "certified": make_person("certifie@exemple.fr"),
        "bravo1": make_person(), "bravo2": make_person(),
        "rl_isere": make_legal_rep(isere, email="rl.isere@exemple.fr", first_name="Inès",
                                   last_name="Isère"),
        "isere1": make_person(), "isere2": make_person(),
        "rl_drome": make_legal_rep(drome, email="rl.drome@exemple.fr", first_name="Denis",
                                   last_name="Drôme"),
        "savoyard": make_person(),
        "delegate": make_person("mandataire.savoie@exemple.fr", first_name="Sophie",
                                last_name="Savoie"),
        "gone": make_person(), "deactivated": make_person(),
        "normand": make_person("normand@exemple.fr"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84"),
        "trainer_28": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                  region_code="28"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
    }
    attach(people["idle"], alpha)
    attach(people["reader"], alpha, establishment=alpha.establishments[0])
    certified = attach(people["certified"], alpha, establishment=alpha.establishments[1])
    attach(people["bravo1"], bravo)
    attach(people["bravo2"], bravo)
    attach(people["isere1"], isere, establishment=isere.establishments[0])
    attach(people["isere2"], isere, establishment=isere.establishments[0])
    attach(people["savoyard"], savoie)  # at the EJ: its first EG's département, Savoie
    attach(people["delegate"], savoie, StructureRole.DELEGATE)
    attach(people["normand"], normandie)
    operations.end_attachment(attach(people["gone"], alpha))
    attach(people["deactivated"], alpha)
    people["deactivated"].deactivated_at = utcnow()
    db.session.commit()
    for who in ("reader", "isere2", "savoyard", "gone", "deactivated", "normand"):
        start(people[who])
    make_exam_ready(people["certified"])
    pass_exam(people["certified"])
    habilitations.grant(certified, people["rl"])
    db.session.commit()
    return {"alpha": alpha, "bravo": bravo, "isere": isere, "drome": drome, "savoie": savoie,
            "normandie": normandie, **people}


# Who sees what


SCOPE = [
    ("trainer", "", 200),
    ("trainer", "?region=84", 200),
    ("trainer", "?region=28", 404),  # another region's figures: not theirs
    ("trainer_28", "", 200),
    ("trainer_28", "?region=84", 404),
    ("admin", "", 200),
    ("admin", "?region=28", 200),
    ("admin", "?region=99", 404),
    ("rl", "", 404),
    ("rl", "?region=84", 404),
    ("idle", "", 404),
    ("certified", "?region=84", 404),
]


def test_each_page_stays_in_its_region(client, auth, world):
    """Is every page and export 200 for the region's trainers and admins, 404 for others
    (RLs and learners, and a trainer asking for another region)?"""
    for who, query, status in SCOPE:
        auth.login(world[who].email)
        for route in ROUTES:
            assert client.get(route + query).status_code == status, (who, route + query)
        auth.logout()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for route in ROUTES:
        response = client.get(route)
        assert response.status_code == 303 and "/login" in response.headers["Location"]


def test_a_trainer_sees_their_region_only(client, auth, world):
    """Does the Normandy trainer see Normandy, and nothing of Auvergne-Rhône-Alpes?"""
    auth.login("normandie@exemple.fr")
    page = text(client.get("/region/"))
    assert "Normandie Santé" in page and "Alpha Santé" not in page
    assert funnel_table(page) == [("Inscrits", 1, 100), ("Ont commencé", 1, 100),
                                  ("E-learning réalisé", 0, 0), ("Habilités", 0, 0)]
    export = read_csv(client.get("/region/structures.csv"))
    assert [row[0] for row in export[1:]] == ["Normandie Santé"]


def test_an_admin_picks_the_region(client, auth, world):
    auth.login("admin@exemple.fr")
    first = text(client.get("/region/"))  # Auvergne-Rhône-Alpes comes first
    assert "Progression de la formation — Auvergne-Rhône-Alpes" in first
    assert '<option value="84" selected>' in first
    normandy = text(client.get("/region/?region=28"))
    assert "Normandie Santé" in normandy and "Alpha Santé" not in normandy
    assert 'href="/region/structures.csv?region=28"' in normandy  # the choice is kept


def test_the_menu_and_the_home_lead_trainers_there(client, auth, world):
    auth.login("formateur@exemple.fr")
    home = text(client.get("/"))
    assert ">Ma région</a>" in home and 'href="/region/"' in home
    page = client.get("/region/webinaires").get_data(as_text=True)
    assert '<a href="/region/" aria-current="page">Ma région</a>' in page
    auth.logout()
    auth.login("rl.alpha@exemple.fr")
    assert "Ma région" not in text(client.get("/"))


# The figures


def funnel_table(page):
    table = re.search(r'<table class="table" id="tableau-entonnoir">(.*?)</table>', page, re.S)
    return [(label, int(count), int(share)) for label, count, share in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+) %</td></tr>', table[1])]


def table_rows(page, table_id):
    table = re.search(rf'<table class="table" id="{table_id}">(.*?)</table>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table[1], re.S)
    return [[re.sub(r"<[^>]+>", " ", cell).split() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def test_the_funnel_counts_people_once(client, auth, world):
    """Are the twelve people attached in the region counted at each stage, and nobody who
    left, whose account is deactivated, or who belongs to another region?"""
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    assert funnel_table(page) == [("Inscrits", 12, 100), ("Ont commencé", 4, 33),
                                  ("E-learning réalisé", 1, 8), ("Habilités", 1, 8)]
    assert "5 structures de la région, 12 personnes inscrites" in page


def test_a_revoked_attestation_is_neither_trained_nor_habilitated(client, auth, world):
    """After a revocation, is the habilitation counted apart (to review), not as habilitated,
    so that the funnel never shows more habilitated than trained?"""
    attestation = world["certified"].elearning_flag.attestation
    revoke(attestation, "Fraude", world["admin"])
    db.session.commit()
    figures = progress.funnel("84")
    assert (figures.trained, figures.habilitated, figures.to_review) == (0, 0, 1)
    auth.login("formateur@exemple.fr")
    stages = dict((label, count) for label, count, _ in funnel_table(text(client.get("/region/"))))
    assert stages["Habilités"] <= stages["E-learning réalisé"] == 0


def test_the_funnel_chart_says_the_same_as_its_table(client, auth, world):
    """Does the chart write its labels and numbers as text (legible at any width), with bars
    on one scale and a summary for screen readers?"""
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    figure = re.search(r'<figure class="figure chart" id="graphique-entonnoir">(.*?)</figure>',
                       page, re.S)[1]
    chart = re.search(r'<div class="bars" role="img" aria-label="([^"]+)">(.*)', figure, re.S)
    summary, drawing = chart[1], chart[2]
    assert summary == ("Entonnoir de la région Auvergne-Rhône-Alpes : inscrits 12, "
                       "ont commencé 4 (33 %), e-learning réalisé 1 (8 %), habilités 1 (8 %).")
    assert re.findall(r'<span class="bars__(?:label|value)">([^<]+)</span>', drawing) == [
        "Inscrits", "12", "Ont commencé", "4 (33 %)", "E-learning réalisé", "1 (8 %)",
        "Habilités", "1 (8 %)"]
    assert "<text" not in drawing and "font-size" not in drawing  # no text drawn in SVG
    widths = [float(w) for w in re.findall(r'<rect width="([\d.]+)"', drawing)]
    assert widths[0] == 100 and widths[1] == pytest.approx(100 * 4 / 12, abs=0.1)
    for chart in ("graphique-departements", "graphique-structures"):
        assert re.search(rf'id="{chart}">\s*<figcaption>[^<]+</figcaption>\s*<div '
                         r'class="bars" role="img" aria-label="[^"]+"', page), chart


def test_by_departement(client, auth, world):
    """Is a person counted in their EG's département, at the EJ in its first EG's, and an EJ
    without EG in its FINESS juridique's?"""
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    rows = {" ".join(row[0]): [" ".join(cell) for cell in row[1:]]
            for row in table_rows(page, "tableau-departements")[1:]}
    assert len(rows) == 12  # every département of the region, even without anybody
    assert rows["69 Rhône"] == ["2", "6", "2", "1", "1", "17 %"]
    assert rows["38 Isère"] == ["1", "3", "1", "0", "0", "0 %"]  # not Savoie Montagne's seat
    assert rows["73 Savoie"] == ["1", "2", "1", "0", "0", "0 %"]
    assert rows["01 Ain"] == ["1", "0", "0", "0", "0", "0 %"]  # Savoie Montagne's 2nd EG
    assert rows["26 Drôme"] == ["1", "1", "0", "0", "0", "0 %"]
    assert rows["15 Cantal"] == ["0", "0", "0", "0", "0", "0 %"]
    assert "Le plus d'inscrits : Rhône (6, dont 1 avec l'e-learning réalisé)" in page


def test_by_structure_most_enrolled_first(client, auth, world):
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    rows = [[" ".join(cell) for cell in row] for row in table_rows(page, "tableau-structures")]
    assert [row[0].split(" FINESS")[0] for row in rows[1:]] == [
        "Alpha Santé", "Isère Accueil", "Bravo Soins", "Savoie Montagne", "Drôme Seule"]
    assert rows[1][1:] == ["69", "4", "2", "1", "1", "1 sur 3"]
    assert rows[4][1:] == ["01, 73", "2", "1", "0", "0", "0 sur 1"]


def to_chase(page):
    """The « Structures à relancer » cards: name, gap labels, and each `dt: dd` as text."""
    section = re.search(r'<ol class="to-chase"[^>]*>(.*?)</ol>', page, re.S)
    if section is None:
        return []
    cards = []
    for item in re.findall(r'<li class="to-chase__item[^"]*">(.*?)</dl>', section[1], re.S):
        name = re.sub(r"<[^>]+>", "", re.search(r"<h3>(.*?)</h3>", item, re.S)[1]).strip()
        gaps = [re.sub(r"<[^>]+>|[⚠➜]", "", gap).strip()
                for gap in re.findall(r'<li class="gap[^"]*">(.*?)</li>', item, re.S)]
        facts = {dt: " ".join(re.sub(r"<[^>]+>", " ", dd).split()) for dt, dd in
                 re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", item, re.S)}
        cards.append((name, gaps, facts))
    return cards


def test_the_structures_to_chase_come_first(client, auth, world):
    """Does the dashboard open on the structures with a gap, the most urgent first, each with
    its gaps, whom to call and when its people last did something?"""
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    assert page.index("Structures à relancer") < page.index("Où en sont les personnes")
    cards = to_chase(page)
    assert [(name, gaps) for name, gaps, _ in cards] == [
        ("Bravo Soins", ["Aucun gestionnaire formé"]),  # 2 held back, silent the longest
        ("Isère Accueil", ["Aucun gestionnaire formé"]),  # 2 held back
        ("Drôme Seule", ["Aucun gestionnaire formé"]),  # nobody designated
        ("Savoie Montagne", ["Aucun gestionnaire formé"]),
        ("Alpha Santé", ["Moins de formés que de désignés"]),  # 1 of 3 trained
    ]
    facts = dict((name, facts) for name, _, facts in cards)
    assert facts["Isère Accueil"]["Gestionnaires"] == "0 formé sur 2 désignés"
    assert facts["Isère Accueil"]["Contact"] == "Inès Isère, rl.isere@exemple.fr"
    assert facts["Bravo Soins"]["Contact"] == "aucun représentant légal sur la plateforme"
    assert facts["Savoie Montagne"]["Contact"] == ("Sophie Savoie (mandataire), "
                                                   "mandataire.savoie@exemple.fr")
    assert facts["Drôme Seule"]["Gestionnaires"] == "aucun désigné"
    assert facts["Alpha Santé"]["Gestionnaires"] == "1 formé sur 3 désignés"
    assert re.fullmatch(r"\d{1,2} \w+ \d{4}", facts["Alpha Santé"]["Dernière activité"])
    assert 'href="mailto:rl.isere@exemple.fr"' in page
    assert "5 structures à relancer" in page
    summary = re.search(r'<ul class="gaps gaps--summary"[^>]*>(.*?)</ul>', page, re.S)[1]
    assert [" ".join(re.sub(r"<[^>]+>|[⚠➜]", "", item).split()) for item in
            re.findall(r"<li[^>]*>(.*?)</li>", summary, re.S)] == [
        "Aucun gestionnaire formé : 4", "Moins de formés que de désignés : 1"]


def attestation_of(person):
    return db.session.scalar(db.select(Attestation).filter_by(user_id=person.id))


def test_a_revoked_attestation_makes_a_habilitation_to_review(client, auth, world):
    """Is a habilitation resting on a revoked attestation the most urgent gap, and the
    person not trained (a state of its own)?"""
    certified = world["certified"]
    issuance.revoke(attestation_of(certified), "Fraude à l'examen", world["admin"])
    db.session.commit()
    auth.login("formateur@exemple.fr")
    name, gaps, facts = to_chase(text(client.get("/region/")))[0]
    assert name == "Alpha Santé"
    assert gaps == ["Habilitation à revoir (attestation révoquée)", "Aucun gestionnaire formé"]
    assert facts["Gestionnaires"] == "0 formé sur 3 désignés ; 1 habilitation à revoir"


def test_a_replaced_attestation_is_not_a_revoked_one(client, auth, world):
    """After the admin re-issues an attestation for a corrected name (one operation), is the
    old one « remplacée », never « révoquée », and the habilitation not « à revoir »?"""
    certified = world["certified"]
    old = attestation_of(certified)
    auth.login("admin@exemple.fr")
    response = client.post(f"/attestations/{old.number}/reissue", data={
        "first_name": "Camille", "last_name": "Certifiée-Dupont", "rpps": "",
        "correction_reason": "Nom d'usage"})
    assert response.status_code == 303
    page = text(client.get(f"/admin/people/{certified.id}"))
    assert f"Attestation {old.number}</a> du" in page
    assert "— Remplacée" in page and "Révoquée" not in page
    region = text(client.get("/region/"))
    assert "Habilitation à revoir" not in region
    alpha = dict((name, gaps) for name, gaps, _ in to_chase(region))["Alpha Santé"]
    assert alpha == ["Moins de formés que de désignés"]


def test_the_list_to_chase_is_paginated(client, auth, world, monkeypatch):
    monkeypatch.setattr(views, "TO_CHASE_PER_PAGE", 2)
    auth.login("formateur@exemple.fr")
    first = text(client.get("/region/"))
    assert [name for name, _, _ in to_chase(first)] == ["Bravo Soins", "Isère Accueil"]
    assert "Page 1 sur 3 (5 résultats)" in first
    assert 'href="/region/?page=2"' in first
    last = text(client.get("/region/?page=3"))
    assert [name for name, _, _ in to_chase(last)] == ["Alpha Santé"]
    assert '<ol class="to-chase" id="liste-a-relancer" start="5">' in last
    assert [name for name, _, _ in to_chase(text(client.get("/region/?page=99")))] == [
        "Alpha Santé"]
    auth.logout()
    auth.login("admin@exemple.fr")  # the admin's region choice is kept from page to page
    assert 'href="/region/?page=2&amp;region=84"' in client.get("/region/?region=84").get_data(
        as_text=True)
    auth.logout()
    auth.login("normandie@exemple.fr")
    assert client.get("/region/?region=84&page=2").status_code == 404


def test_a_long_list_is_capped_and_the_csv_has_it_all(client, auth, world, monkeypatch):
    monkeypatch.setattr(by_structure, "PAGE_CAP", 2)
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/"))
    assert "Les 2 structures qui comptent le plus d'inscrits, sur 5" in page
    assert len(table_rows(page, "tableau-structures")) == 3
    assert len(read_csv(client.get("/region/structures.csv"))) == 6


# The exports


def test_structures_csv_for_excel(client, auth, world):
    auth.login("formateur@exemple.fr")
    # A boosted link would fetch the file into the page: downloads opt out of hx-boost.
    assert 'href="/region/structures.csv" data-hx-boost="false"' in text(client.get("/region/"))
    response = client.get("/region/structures.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "structures-region-84-" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:8] == ["Structure (EJ)", "FINESS juridique", "Contractualisation",
                           "Département(s)", "Inscrits", "Ont commencé", "E-learning réalisé",
                           "Habilités"]
    assert [row[0] for row in rows[1:]] == ["Alpha Santé", "Bravo Soins", "Drôme Seule",
                                            "Isère Accueil", "Savoie Montagne"]
    assert rows[1] == ["Alpha Santé", world["alpha"].finess, "centralisée", "69", "4", "2",
                       "1", "1", "25", "3", "2", "1", "Rémi Alpha (représentant légal)",
                       "rl.alpha@exemple.fr", "Moins de formés que de désignés",
                       utcnow().astimezone(PARIS).date().isoformat()]
    assert rows[3][3] == "26"
    assert rows[3][-2:-1] == ["Aucun gestionnaire formé"]


def test_departements_csv_for_excel(client, auth, world):
    auth.login("formateur@exemple.fr")
    rows = read_csv(client.get("/region/departements.csv"))
    assert rows[0] == ["Code", "Département", "Structures", "Inscrits", "Ont commencé",
                       "E-learning réalisé", "Habilités", "E-learning réalisé (%)"]
    assert [row[0] for row in rows[1:]] == ["01", "03", "07", "15", "26", "38", "42", "43",
                                            "63", "69", "73", "74"]
    assert ["69", "Rhône", "2", "6", "2", "1", "1", "17"] in rows


# Bounded queries


def test_the_cost_in_queries_does_not_grow_with_the_region(client, auth, world):
    """Does each page cost the same number of statements for 5 structures as for 10, with
    twice the people and more webinars?"""
    make_webinars(world)
    auth.login("formateur@exemple.fr")

    def counts():
        sent = {}
        for route in ROUTES:
            with statements_sent(lambda sql: True) as seen:
                assert client.get(route).status_code == 200
            sent[route] = len(seen)
        return sent

    small = counts()
    for number in range(5):
        organisation = make_organisation(name=f"Nouvelle {number}", departement="42",
                                         mode=ContractMode.DECENTRALISED)
        rl = make_legal_rep(organisation)
        for establishment in organisation.establishments:
            person = make_person()
            attach(person, organisation, establishment=establishment)
            start(person)
        habilitations.grant(rl.active_memberships[0], rl)  # the CDE card carries the right
        db.session.commit()
        webinar = add_webinar(world, f"Atelier {number}", days=-number - 3)
        db.session.add(Registration(webinar_id=webinar.id, user_id=rl.id, status="confirmed",
                                    checked_in_at=utcnow()))
        db.session.add(SurveyAnswer(webinar_id=webinar.id, user_id=rl.id, rating=3))
        db.session.commit()
    assert counts() == small
    assert max(small.values()) <= 8, small  # including the sign-in check and BEGIN


# Webinars


def add_webinar(world, title, days, status="done", region_code="84", capacity=30):
    webinar = Webinar(region_code=region_code, trainer_id=world["trainer"].id, title=title,
                      starts_at=utcnow() + timedelta(days=days), duration_minutes=60,
                      capacity=capacity, visio_url="https://visio.exemple.fr/salle",
                      ical_uid=str(uuid4()), checkin_code="ABC123", status=status)
    db.session.add(webinar)
    db.session.flush()
    return webinar


def make_webinars(world):
    """A past session (attended, rated, one exam passed after it), one held after the only
    pass, one to come; a draft, a cancelled one and another region's, left out."""
    past = add_webinar(world, "Premiers pas", days=-2)
    after = add_webinar(world, "Après la réussite", days=0)  # after the exam was passed
    coming = add_webinar(world, "Habilitations", days=7, status="published", capacity=2)
    for webinar in (add_webinar(world, "Brouillon", days=3, status="draft"),
                    add_webinar(world, "Annulé", days=-5, status="cancelled"),
                    add_webinar(world, "Normandie", days=-2, region_code="28")):
        db.session.add(Registration(webinar_id=webinar.id, user_id=world["idle"].id,
                                    status="confirmed", checked_in_at=utcnow()))
    seats = [(past, "certified", "confirmed", True), (past, "reader", "confirmed", True),
             (past, "idle", "confirmed", False), (past, "isere1", "waiting", False),
             (past, "isere2", "cancelled", False), (after, "certified", "confirmed", True),
             (coming, "reader", "confirmed", False), (coming, "idle", "confirmed", False),
             (coming, "isere1", "waiting", False)]
    for webinar, who, status, present in seats:
        db.session.add(Registration(webinar_id=webinar.id, user_id=world[who].id,
                                    status=status, checked_in_at=utcnow() if present else None))
    for who, rating in (("certified", 5), ("reader", 4)):
        db.session.add(SurveyAnswer(webinar_id=past.id, user_id=world[who].id, rating=rating))
    db.session.commit()
    return past, after, coming


def test_webinar_figures(client, auth, world):
    """Registrations, attendance, satisfaction and exams passed after, per webinar and in
    total; drafts, cancelled sessions and other regions left out."""
    make_webinars(world)
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/webinaires"))
    assert "Brouillon" not in page and "Annulé<" not in page and "Normandie<" not in page
    upcoming = [[" ".join(cell) for cell in row]
                for row in table_rows(page, "webinaires-a-venir")]
    assert upcoming[1][1:] == ["Habilitations", "2", "2", "1"]
    assert upcoming[2][1:] == ["Total (1 webinaire)", "2", "2", "1"]
    past = [[" ".join(cell) for cell in row] for row in table_rows(page, "webinaires-passes")]
    assert [row[1] for row in past[1:]] == ["Après la réussite", "Premiers pas",
                                            "Total (2 webinaires)"]
    assert past[2][2:] == ["3", "1", "2", "67 %", "4,5", "2", "1 (50 % des présents)"]
    assert past[1][2:] == ["1", "0", "1", "100 %", "—", "0", "0 (0 % des présents)"]
    assert past[3][2:] == ["4", "1", "3", "75 %", "4,5", "2", "1 (33 % des présents)"]
    past_id = db.session.scalar(db.select(Webinar.id).filter_by(title="Premiers pas"))
    assert f'href="/webinaires/{past_id}">Premiers pas</a>' in page


def test_webinar_figures_csv_for_excel(client, auth, world):
    """Is every counted webinar a line of the CSV, by date, with figures as numbers to sort
    on (no attendance for a session to come), linked from the page outside htmx's boost?"""
    make_webinars(world)
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/webinaires"))
    assert 'href="/region/webinaires.csv" data-hx-boost="false"' in page
    response = client.get("/region/webinaires.csv")
    assert "webinaires-region-84-" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["Date", "Heure", "Webinaire", "À venir ou passé", "Places", "Inscrits",
                       "Liste d'attente", "Présents", "Taux de présence (%)",
                       "Satisfaction (sur 5)", "Réponses au questionnaire",
                       "Ont réussi l'examen ensuite"]
    assert [row[2] for row in rows[1:]] == ["Premiers pas", "Après la réussite",
                                            "Habilitations"]
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    assert rows[1][3:] == ["passé", "30", "3", "1", "2", "67", "4,5", "2", "1"]
    assert rows[3][3:] == ["à venir", "2", "2", "1", "", "", "", "0", ""]


def test_no_webinar_yet(client, auth, world):
    auth.login("formateur@exemple.fr")
    page = text(client.get("/region/webinaires"))
    assert "Aucun webinaire à venir dans la région." in page
    assert "Aucun webinaire passé dans la région." in page


def test_an_empty_region(client, auth, world):
    """Does a region without any structure show zeros, not an error?"""
    auth.login("admin@exemple.fr")
    response = client.get("/region/?region=06")
    page = text(response)
    assert response.status_code == 200
    assert funnel_table(page)[0] == ("Inscrits", 0, 0)
    assert "Aucune structure de la région n'est encore inscrite." in page
    assert len(read_csv(client.get("/region/structures.csv?region=06"))) == 1
