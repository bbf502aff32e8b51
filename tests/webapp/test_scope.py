"""Who sees what: every route checks the scope on the server; outside it, 404."""

import re

import pytest

from directory.structures import ContractMode, StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.models import PlatformRole


def without_tokens(response) -> str:
    """The page without its CSRF tokens (form fields and htmx's header)."""
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


@world_fixture
def world(app):
    """Two EJ in Auvergne-Rhône-Alpes, one decentralised; one EJ in Normandie."""
    mine = make_organisation(name="Mon EJ", mode=ContractMode.CENTRALISED)
    decentralised = make_organisation(name="EJ décentralisée", departement="38",
                                      mode=ContractMode.DECENTRALISED, establishments=2)
    elsewhere = make_organisation(name="EJ normande", region_code="28", departement="14")
    people = {
        "rl": make_legal_rep(mine, email="rl@exemple.fr"),
        "rl_eg": make_legal_rep(decentralised, email="rl.eg@exemple.fr"),
        "gestionnaire": make_person("gestionnaire@exemple.fr"),
        "delegate": make_person("mandataire@exemple.fr"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84"),
        "trainer_elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                         region_code="28"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
        "stranger": make_person("inconnu@exemple.fr"),
    }
    attach(people["gestionnaire"], mine)
    attach(people["delegate"], mine, StructureRole.DELEGATE)
    other_eg = decentralised.establishments[1]
    attach(make_person("voisin@exemple.fr", last_name="Voisin"), decentralised,
           StructureRole.GESTIONNAIRE, other_eg)
    return {"mine": mine, "decentralised": decentralised, "elsewhere": elsewhere, **people}


SEES_MINE = {"rl", "delegate", "trainer", "admin"}


@pytest.mark.parametrize("who", ["rl", "rl_eg", "gestionnaire", "delegate", "trainer",
                                 "trainer_elsewhere", "admin", "stranger"])
def test_structure_page_is_404_outside_scope(client, auth, world, who):
    """Can each kind of person open a structure's page only when it is in their scope?"""
    auth.login(world[who].email)
    response = client.get(f"/structures/{world['mine'].id}")
    assert response.status_code == (200 if who in SEES_MINE else 404)
    if who not in SEES_MINE:
        assert "Mon EJ" not in response.get_data(as_text=True)
    assert client.get(f"/structures/{world['elsewhere'].id}").status_code == (
        200 if who in ("admin", "trainer_elsewhere") else 404
    )


def test_unknown_structure_looks_like_a_forbidden_one(client, auth, world):
    """Does a structure that does not exist look exactly like one outside the scope?"""
    auth.login(world["rl"].email)
    missing = client.get("/structures/99999")
    forbidden = client.get(f"/structures/{world['elsewhere'].id}")
    assert missing.status_code == forbidden.status_code == 404
    # The sign-out form's CSRF token carries the second it was made: compare without it.
    assert without_tokens(missing) == without_tokens(forbidden)


def test_decentralised_rl_sees_their_eg_only(client, auth, world):
    """Does the RL of one EG of a decentralised EJ see that EG's people and not the other's?"""
    auth.login(world["rl_eg"].email)
    page = client.get(f"/structures/{world['decentralised'].id}").get_data(as_text=True)
    assert world["decentralised"].establishments[0].name in page
    assert world["decentralised"].establishments[1].name not in page
    assert "Voisin" not in page


def test_structure_list_shows_only_the_scope(client, auth, world):
    """Does the structures list of an RL and of a trainer show their scope only?"""
    auth.login(world["rl"].email)
    page = client.get("/structures/").get_data(as_text=True)
    assert "Mon EJ" in page and "EJ normande" not in page and "EJ décentralisée" not in page
    auth.logout()
    auth.login(world["trainer"].email)
    page = client.get("/structures/").get_data(as_text=True)
    assert "Mon EJ" in page and "EJ décentralisée" in page and "EJ normande" not in page


ADMIN_PAGES = ["/admin/structures", "/admin/structures/new", "/admin/people",
               "/admin/people/new", "/admin/audit", "/admin/outbox"]


@pytest.mark.parametrize("who", ["rl", "gestionnaire", "trainer", "stranger"])
def test_admin_area_is_404_for_everyone_else(client, auth, world, who):
    """Is every admin page, and every admin change, a 404 for a non-admin?"""
    auth.login(world[who].email)
    for path in ADMIN_PAGES + [f"/admin/structures/{world['mine'].id}"]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/admin/structures/{world['mine'].id}/members",
                           data={"email": world[who].email, "role": "legal_rep"})
    assert response.status_code == 404
    assert len(world[who].active_memberships) == (1 if who in ("rl", "gestionnaire") else 0)


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    """Is a visitor who is not signed in sent to the login page (the whole page for htmx)?"""
    for path in ADMIN_PAGES + ["/structures/", "/account/"]:
        response = client.get(path)
        assert response.status_code == 303 and "/login" in response.headers["Location"]
    htmx = client.get("/admin/people?q=x", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"].startswith("/login")


def test_navigation_follows_the_role(client, auth, world):
    """Does the menu show each person the areas of their role only?"""
    expectations = {
        "admin": ("Journal d&#39;audit", "Ma structure"),
        "rl": ("Ma structure", "Journal d&#39;audit"),
        "gestionnaire": ("Mon compte", "Ma structure"),
    }
    for who, (shown, hidden) in expectations.items():
        auth.login(world[who].email)
        page = client.get("/").get_data(as_text=True)
        assert shown in page and hidden not in page, who
        auth.logout()
