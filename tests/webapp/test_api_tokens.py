"""API tokens in the UI: RLs and mandataires for their structure, admins for any (or all);
the token shown once; revocation; 404 outside the scope; never for trainers."""

import re

import pytest

from directory.structures import ContractMode, StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.extensions import db
from webapp.models import ApiToken, AuditEvent, PlatformRole

from .steps import text

TOKEN = re.compile(r'value="(rppsp_[A-Za-z0-9_-]{43})"')



def shown_token(response) -> str:
    found = TOKEN.findall(text(response))
    assert len(found) == 1, "the new token is shown exactly once"
    return found[0]


def api_status(client, token) -> int:
    return client.get("/api/v1/people/elearning", query_string={"email": "x@exemple.fr"},
                      headers={"Authorization": f"Bearer {token}"}).status_code


def actions():
    return [event.action for event in db.session.scalars(db.select(AuditEvent))]


@world_fixture
def world(app):
    mine = make_organisation(name="Mon EJ", mode=ContractMode.CENTRALISED)
    decentralised = make_organisation(name="EJ décentralisée", departement="38",
                                      mode=ContractMode.DECENTRALISED, establishments=2)
    people = {
        "rl": make_legal_rep(mine, email="rl@exemple.fr"),
        "rl_eg": make_legal_rep(decentralised, email="rl.eg@exemple.fr"),
        "delegate": make_person("mandataire@exemple.fr"),
        "gestionnaire": make_person("gestionnaire@exemple.fr"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               region_code="84"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
    }
    attach(people["delegate"], mine, StructureRole.DELEGATE)
    attach(people["gestionnaire"], mine)
    return {"mine": mine, "decentralised": decentralised, **people}


def test_an_rl_creates_a_token_shown_once_that_works(client, auth, world):
    """Can the RL create a token, see it once with a warning, use it, and not see it again?"""
    auth.login("rl@exemple.fr")
    url = f"/structures/{world['mine'].id}/api-tokens"
    assert "Gérer les jetons d'API" in text(client.get(f"/structures/{world['mine'].id}"))
    response = client.post(url, data={"name": "Logiciel RH", "scope": ""})
    assert response.status_code == 200
    token = shown_token(response)
    assert "il ne sera plus jamais affiché" in text(response)
    row = db.session.scalar(db.select(ApiToken))
    assert (row.name, row.organisation_id, row.establishment_id) == (
        "Logiciel RH", world["mine"].id, None)
    assert row.created_by_id == world["rl"].id and "api_token.created" in actions()
    page = text(client.get(url))
    assert token not in page and row.prefix in page and "Logiciel RH" in page
    assert "Jamais" in page  # used
    assert api_status(client, token) == 404  # authenticated: an unknown person
    assert "Jamais" not in text(client.get(url))


def test_creating_with_htmx_answers_the_section_alone(client, auth, world):
    """Does an htmx creation swap the section only, with the token and the focus on it?"""
    auth.login("mandataire@exemple.fr")
    response = client.post(f"/structures/{world['mine'].id}/api-tokens",
                           data={"name": "Outil", "scope": ""}, headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200 and page.lstrip().startswith('<section id="api-tokens"')
    assert "data-focus-after-swap" in page and shown_token(response)
    assert "HX-Request" in response.headers["Vary"]


def test_a_nameless_token_is_refused_in_french(client, auth, world):
    """Is a token without a name refused with 422 and a French message next to the field?"""
    auth.login("rl@exemple.fr")
    response = client.post(f"/structures/{world['mine'].id}/api-tokens",
                           data={"name": "  ", "scope": ""})
    assert response.status_code == 422
    assert "Donnez un nom au jeton" in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert db.session.scalar(db.select(ApiToken)) is None


def test_the_rl_of_an_eg_makes_tokens_for_their_eg_only(client, auth, world):
    """Is the RL of one EG of a decentralised EJ offered that EG only, and refused others?"""
    mine_eg, other_eg = world["decentralised"].establishments
    auth.login("rl.eg@exemple.fr")
    url = f"/structures/{world['decentralised'].id}/api-tokens"
    page = text(client.get(url))
    assert mine_eg.name in page and other_eg.name not in page
    assert "Toute l'entité juridique" not in page
    for refused in ("", str(other_eg.id)):
        assert client.post(url, data={"name": "SI", "scope": refused}).status_code == 422
    response = client.post(url, data={"name": "SI", "scope": str(mine_eg.id)})
    assert response.status_code == 200 and shown_token(response)
    assert db.session.scalar(db.select(ApiToken)).establishment_id == mine_eg.id


@pytest.mark.parametrize("who", ["trainer", "gestionnaire", "rl_eg"])
def test_others_get_404(client, auth, world, who):
    """Do a trainer of the region, a gestionnaire and another structure's RL get 404 on the
    tokens page, its creation and its revocation?"""
    existing = create_as(client, auth, "rl@exemple.fr", world["mine"])
    auth.logout()
    auth.login(world[who].email)
    base = f"/structures/{world['mine'].id}/api-tokens"
    assert client.get(base).status_code == 404
    assert client.post(base, data={"name": "Intrus", "scope": ""}).status_code == 404
    assert client.post(f"{base}/{existing.id}/revoke").status_code == 404
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 1
    if who == "trainer":
        assert "Jetons d'API" not in text(client.get(f"/structures/{world['mine'].id}"))


def create_as(client, auth, email, organisation, scope="") -> ApiToken:
    auth.login(email)
    client.post(f"/structures/{organisation.id}/api-tokens", data={"name": "SI", "scope": scope})
    return db.session.scalars(db.select(ApiToken).order_by(ApiToken.id.desc())).first()


def test_an_rl_revokes_a_token(client, auth, world):
    """Does revoking stop the token at once, keep it listed as revoked, and audit it?"""
    auth.login("rl@exemple.fr")
    url = f"/structures/{world['mine'].id}/api-tokens"
    token = shown_token(client.post(url, data={"name": "Logiciel RH", "scope": ""}))
    row = db.session.scalar(db.select(ApiToken))
    unconfirmed = client.post(f"{url}/{row.id}/revoke")  # asks for confirmation first
    assert "confirmez la révocation" in text(client.get(unconfirmed.headers["Location"]))
    assert api_status(client, token) == 404  # still opens: an unknown person, not a 401
    response = client.post(f"{url}/{row.id}/revoke", data={"confirmation": "1"})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    assert api_status(client, token) == 401
    page = text(client.get(url))
    assert "Logiciel RH" in page and "Révoqué le" in page and "est révoqué" in page
    db.session.refresh(row)
    assert row.revoked_by_id == world["rl"].id and "api_token.revoked" in actions()


def test_the_rl_of_an_eg_cannot_revoke_another_egs_token(client, auth, world):
    """Is a token of another EG of the same EJ out of reach (404) for an EG's RL?"""
    other_eg = world["decentralised"].establishments[1]
    other_rl = make_person("rl.autre@exemple.fr")
    attach(other_rl, world["decentralised"], StructureRole.LEGAL_REP, other_eg)
    theirs = create_as(client, auth, "rl.autre@exemple.fr", world["decentralised"],
                       str(other_eg.id))
    auth.logout()
    auth.login("rl.eg@exemple.fr")
    base = f"/structures/{world['decentralised'].id}/api-tokens"
    assert "rl.autre" not in text(client.get(base)) and theirs.prefix not in text(client.get(base))
    assert client.post(f"{base}/{theirs.id}/revoke").status_code == 404
    db.session.refresh(theirs)
    assert theirs.is_active


def test_creating_needs_the_csrf_token(database_url, world):
    """Is a creation without the form's CSRF token refused?"""
    from tests.conftest import IsolatedClient, app_config
    from webapp import create_app

    protected = create_app(app_config(database_url, WTF_CSRF_ENABLED=True))
    protected.test_client_class = IsolatedClient
    client = protected.test_client()
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": "rl@exemple.fr", "password": "mot-de-passe-de-test",
                                "csrf_token": csrf})
    response = client.post(f"/structures/{world['mine'].id}/api-tokens",
                           data={"name": "SI", "scope": ""})
    assert response.status_code == 400
    assert db.session.scalar(db.select(ApiToken)) is None


# Admins


def test_an_admin_manages_a_structures_tokens_on_its_page(client, auth, world):
    """Can an admin create a token for any EG from the admin page, and revoke it?"""
    auth.login("admin@exemple.fr")
    organisation = world["decentralised"]
    eg = organisation.establishments[1]
    page = text(client.get(f"/admin/structures/{organisation.id}"))
    assert "Jetons d'API" in page and "Toute l'entité juridique" in page
    response = client.post(f"/admin/structures/{organisation.id}/api-tokens",
                           data={"name": "SI du site", "scope": str(eg.id)},
                           headers={"HX-Request": "true"})
    token = shown_token(response)
    row = db.session.scalar(db.select(ApiToken))
    assert (row.organisation_id, row.establishment_id) == (organisation.id, eg.id)
    unconfirmed = client.post(f"/admin/api-tokens/{row.id}/revoke")
    assert unconfirmed.status_code == 303 and api_status(client, token) != 401
    assert "confirmez la révocation" in text(client.get(unconfirmed.headers["Location"]))
    revoked = client.post(f"/admin/api-tokens/{row.id}/revoke", data={"confirmation": "1"})
    assert revoked.status_code == 303
    assert revoked.headers["Location"].endswith(f"/admin/structures/{organisation.id}#api-tokens")
    assert api_status(client, token) == 401


def test_an_admin_creates_an_all_structures_token(client, auth, world):
    """Can an admin create a token that sees every structure, listed with every other one?"""
    create_as(client, auth, "rl@exemple.fr", world["mine"])
    auth.logout()
    auth.login("admin@exemple.fr")
    assert "Jetons d'API" in text(client.get("/admin/structures"))
    assert client.post("/admin/api-tokens", data={"name": ""}).status_code == 422
    response = client.post("/admin/api-tokens", data={"name": "Outil national"})
    token = shown_token(response)
    row = db.session.scalar(db.select(ApiToken).filter_by(name="Outil national"))
    assert row.organisation_id is None and row.establishment_id is None
    page = text(client.get("/admin/api-tokens"))
    assert "Toutes les structures" in page and "Mon EJ" in page and token not in page
    assert api_status(client, token) == 404


def test_only_admins_reach_the_admin_token_pages(client, auth, world):
    """Does an RL get 404 on the admin token pages?"""
    auth.login("rl@exemple.fr")
    assert client.get("/admin/api-tokens").status_code == 404
    assert client.post("/admin/api-tokens", data={"name": "x"}).status_code == 404
    assert client.post(f"/admin/structures/{world['mine'].id}/api-tokens",
                       data={"name": "x", "scope": ""}).status_code == 404
