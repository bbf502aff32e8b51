"""The admin's list of people: roles, structures, filters by role and region; the menu."""

import re
from html import unescape

import pytest

from directory.structures import StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.extensions import db
from webapp.models import PlatformRole
from webapp.structures import operations


@world_fixture
def world(app):
    alpha = make_organisation(name="Alpha Santé")  # Auvergne-Rhône-Alpes
    caen = make_organisation(name="Caen Soins", region_code="28", departement="14")
    people = {
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN, last_name="Admin"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="28", last_name="Formateur"),
        "rl": make_legal_rep(alpha, email="rl@exemple.fr", last_name="Représentant"),
        "both": make_person("double@exemple.fr", last_name="Double"),
        "learner": make_person("seul@exemple.fr", last_name="Seul"),
        "gone": make_person("parti@exemple.fr", last_name="Parti"),
    }
    attach(people["both"], alpha)
    attach(people["both"], caen, StructureRole.DELEGATE)
    operations.end_attachment(attach(people["gone"], caen))
    db.session.commit()
    return {"alpha": alpha, "caen": caen, **people}


@pytest.fixture
def admin(client, auth, world):
    auth.login("admin@exemple.fr")


def rows(response):
    """{last name: (roles, structures)} of the table."""
    page = unescape(response.get_data(as_text=True))
    found = {}
    for row in re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.S):
        cells = [" ".join(re.sub(r"<br>", " | ", cell).replace("<", " <").split())
                 for cell in re.findall(r"<td>(.*?)</td>", "<td>" + row, re.S)]
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
        found[cells[0].split()[0]] = (cells[2], " ".join(cells[3].split()))
    return found


def test_each_person_shows_every_role_and_structure(client, admin, world):
    """Are platform and structure roles shown together, with the structures of the active
    attachments only?"""
    found = rows(client.get("/admin/people"))
    assert found["Admin"] == ("Administrateur", "—")
    assert found["Formateur"] == ("Formateur GRADeS (Normandie)", "—")
    assert found["Représentant"] == ("RL", "Alpha Santé")
    assert found["Double"] == ("Mandataire, Gestionnaire RPPS+", "Alpha Santé | Caen Soins")
    assert found["Seul"] == ("Apprenant", "—")
    assert found["Parti"] == ("Apprenant", "—")  # the attachment ended
    page = client.get("/admin/people").get_data(as_text=True)
    assert f'href="/admin/structures/{world["caen"].id}">Caen Soins</a>' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("role=admin", {"Admin"}),
    ("role=trainer", {"Formateur"}),
    ("role=legal_rep", {"Représentant"}),
    ("role=delegate", {"Double"}),
    ("role=gestionnaire", {"Double"}),  # not « Parti », whose attachment ended
    ("region=28", {"Formateur", "Double"}),
    ("region=84", {"Représentant", "Double"}),
    ("region=84&role=legal_rep", {"Représentant"}),
    ("region=84&q=double", {"Double"}),
    ("role=nonsense", {"Admin", "Formateur", "Représentant", "Double", "Seul", "Parti"}),
])
def test_filters_by_role_and_region(client, admin, world, query, expected):
    assert set(rows(client.get(f"/admin/people?{query}"))) == expected


def test_filters_are_kept_by_htmx_and_pages(client, admin, world):
    fragment = client.get("/admin/people?role=gestionnaire&region=84",
                          headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="people-table"')
    page = client.get("/admin/people?role=gestionnaire&region=84").get_data(as_text=True)
    assert '<option value="gestionnaire" selected>' in page
    assert '<option value="84" selected>' in page


def test_the_admin_menu_has_the_webinars(client, admin, world):
    """Does the admin's menu lead to the webinars list, which shows every region's?"""
    page = client.get("/admin/people").get_data(as_text=True)
    menu = re.search(r"<nav[^>]*>(.*?)</nav>", page, re.S)[1]
    assert 'href="/webinaires/">Webinaires</a>' in menu
    assert client.get("/webinaires/").status_code == 200
