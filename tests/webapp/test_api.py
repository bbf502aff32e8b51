"""The JSON API: tokens and their scope, the e-learning flag, a structure's people, errors in
JSON, the OpenAPI description, and schemathesis against the app."""

import hashlib
import threading
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import schemathesis
from openapi_spec_validator import validate
from schemathesis.config import PositiveDataAcceptanceConfig
from schemathesis.engine import Status, events
from werkzeug.serving import make_server

from directory.structures import ContractMode, StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_organisation, make_person
from webapp.api import tokens
from webapp.extensions import db
from webapp.models import ApiToken, Attestation, Membership, PlatformRole
from webapp.structures import operations
from webapp.structures.habilitations import grant
from webapp.timekeeping import PARIS, utcnow

from .sql import statements_sent
from .steps import make_exam_ready, pass_exam

ELEARNING = "/api/v1/people/elearning"
# Luhn-valid RPPS numbers (the first one is the description's example).
RPPS = {"lea": "10000000009", "paul": "10000000017", "voisin": "10000000025",
        "ancien": "10000000033", "seul": "10000000041"}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def certify(person):
    make_exam_ready(person)
    pass_exam(person)


@world_fixture
def world(app):
    """A centralised EJ (whose FINESS is the description's example) with 2 EG, a decentralised
    EJ with 2 EG, and a token for each scope."""
    admin = make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    mine = operations.create_organisation("Mon EJ", "691849590", "84", ContractMode.CENTRALISED)
    for index, finess in enumerate(["691000012", "691079206"], start=1):
        operations.add_establishment(mine, f"Site {index}", finess)
    db.session.commit()
    decentralised = make_organisation(name="EJ décentralisée", departement="38",
                                      mode=ContractMode.DECENTRALISED, establishments=2)
    lea = make_person("gestionnaire@exemple.fr", first_name="Léa", last_name="Martin",
                      rpps=RPPS["lea"])
    paul = make_person("paul@exemple.fr", first_name="Paul", last_name="Durand",
                       rpps=RPPS["paul"])
    voisin = make_person("voisin@exemple.fr", first_name="Vincent", last_name="Voisin",
                         rpps=RPPS["voisin"])
    ancien = make_person("ancien@exemple.fr", last_name="Ancien", rpps=RPPS["ancien"])
    seul = make_person("seul@exemple.fr", last_name="Seul", rpps=RPPS["seul"])
    attach(lea, mine)
    attach(paul, mine, establishment=mine.establishments[0])
    attach(voisin, decentralised, establishment=decentralised.establishments[1])
    operations.end_attachment(attach(ancien, mine))
    db.session.commit()
    made = {
        "mine": tokens.create_token("SI de l'EJ", admin, mine),
        "site": tokens.create_token("SI du site 1", admin, mine, mine.establishments[0]),
        "decentralised_eg": tokens.create_token("SI de l'EG", admin, decentralised,
                                                decentralised.establishments[0]),
        "everywhere": tokens.create_token("Outil national", admin),
    }
    db.session.commit()
    return {"admin": admin, "mine": mine, "decentralised": decentralised, "lea": lea,
            "paul": paul, "voisin": voisin, "ancien": ancien, "seul": seul,
            "tokens": {name: clear for name, (_, clear) in made.items()},
            "rows": {name: token for name, (token, _) in made.items()}}


@pytest.fixture
def certified(world):
    """Léa has passed the exam: attestation issued, flag set."""
    certify(world["lea"])


def lookup(client, token, **params):
    return client.get(ELEARNING, query_string=params, headers=bearer(token))


# The description


def test_the_description_is_valid_openapi_3_1(client):
    """Is /api/v1/openapi.json served without a token, valid OpenAPI 3.1, on our address?"""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://academie.test/api/v1"}]
    assert set(document["paths"]) == {"/people/elearning", "/structures/{finess}/people",
                                      "/openapi.json"}


# Looking a person up


@pytest.mark.usefixtures("certified")
def test_a_certified_person_is_found_by_rpps_or_email(client, world):
    """Does the EJ's token see Léa's flag, the date and her attestation, by RPPS or e-mail?"""
    attestation = db.session.scalar(db.select(Attestation).filter_by(user_id=world["lea"].id))
    by_rpps = lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    assert by_rpps.status_code == 200
    assert by_rpps.get_json() == {
        "rpps": RPPS["lea"], "email": "gestionnaire@exemple.fr", "first_name": "Léa",
        "last_name": "Martin",
        "elearning": {
            "done": True, "date": attestation.passed_at.astimezone(PARIS).date().isoformat(),
            "attestation": {"number": attestation.number, "status": "valid",
                            "verify_url": f"http://academie.test/verify/{attestation.code}",
                            "holder": {"rpps": RPPS["lea"], "first_name": "Léa",
                                       "last_name": "Martin"}},
        },
        "habilitations": [],
    }
    by_email = lookup(client, world["tokens"]["mine"], email="  Gestionnaire@Exemple.FR ")
    assert by_email.get_json() == by_rpps.get_json()
    spaced = lookup(client, world["tokens"]["mine"], rpps="100 000 000 09")
    assert spaced.get_json() == by_rpps.get_json()


def test_a_person_without_the_elearning_says_so(client, world):
    """Is a person who has not passed answered with done false, no date, no attestation?"""
    response = lookup(client, world["tokens"]["mine"], rpps=RPPS["paul"])
    assert response.status_code == 200
    assert response.get_json()["elearning"] == {"done": False, "date": None,
                                                "attestation": None}


@pytest.mark.usefixtures("certified")
def test_revoking_the_attestation_clears_the_flag_in_the_api(client, auth, world):
    """Once the attestation is revoked, does the API say done false at once, and the
    habilitation recorded on it « to_review »?"""
    rl = make_person("rl@exemple.fr")
    attach(rl, world["mine"], StructureRole.LEGAL_REP)
    grant(world["lea"].active_memberships[0], rl)
    db.session.commit()
    granted = lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"]).get_json()
    [habilitation] = granted["habilitations"]
    assert habilitation["status"] == "habilitated"
    assert habilitation["structure"] == {"finess": "691849590", "name": "Mon EJ", "kind": "EJ"}
    assert date.fromisoformat(habilitation["granted_on"])
    assert lookup(client, world["tokens"]["site"], rpps=RPPS["paul"]).get_json()[
        "habilitations"] == []
    attestation = db.session.scalar(db.select(Attestation).filter_by(user_id=world["lea"].id))
    auth.login("admin@exemple.fr")
    assert client.post(f"/attestations/{attestation.number}/revoke",
                       data={"reason": "Examen passé par un tiers"}).status_code == 303
    response = lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    assert response.get_json()["elearning"]["done"] is False
    assert [h["status"] for h in response.get_json()["habilitations"]] == ["to_review"]


@pytest.mark.parametrize("token, person, visible", [
    ("mine", "lea", True), ("mine", "paul", True), ("mine", "voisin", False),
    ("site", "paul", True), ("site", "lea", False),
    ("decentralised_eg", "voisin", False), ("decentralised_eg", "lea", False),
    ("everywhere", "lea", True), ("everywhere", "voisin", True),
    ("everywhere", "seul", False), ("mine", "ancien", False), ("everywhere", "ancien", False),
])
def test_a_token_sees_its_scope_only(client, world, token, person, visible):
    """Does each token see exactly the people attached (now) within its scope, and does a
    person outside it look exactly like one who does not exist?"""
    response = lookup(client, world["tokens"][token], email=world[person].email)
    assert response.status_code == (200 if visible else 404)
    if not visible:
        unknown = lookup(client, world["tokens"][token], email="personne@nulle-part.fr")
        assert response.get_data() == unknown.get_data()
        assert response.get_json()["code"] == "person_not_found"


@pytest.mark.parametrize("params, field, message", [
    ({"rpps": "123"}, "rpps", "Le numéro RPPS compte 11 chiffres ; vous en avez saisi 3."),
    ({"rpps": "810000000009"}, "rpps", "c'est l'identifiant national (8 + RPPS)"),
    ({"rpps": "10000000001"}, "rpps", "La clé de contrôle ne correspond pas"),
    ({"rpps": "1000000000A"}, "rpps", "ne contient que des chiffres"),
    ({"rpps": "1" * 5000}, "rpps", "compte 11 chiffres"),
    ({"rpps": "\x00"}, "rpps", "ne contient que des chiffres"),
    ({"rpps": ""}, "rpps", "Saisissez le numéro RPPS."),
    ({"email": "a" * 300 + "@exemple.fr"}, "email", "254 caractères au plus"),
    ({"email": "   "}, "email", "Saisissez une adresse e-mail."),
    ({"email": "lea\x00@exemple.fr"}, "email", "caractères de contrôle"),
    ({}, None, "soit « rpps », soit « email »"),
    ({"rpps": RPPS["lea"], "email": "gestionnaire@exemple.fr"}, None, "pas les deux"),
    ({"rpps": [RPPS["lea"], RPPS["paul"]]}, "rpps", "une seule fois"),
])
def test_bad_input_is_a_422_in_french(client, world, params, field, message):
    """Is each malformed, over-long or ambiguous query a 422 naming the parameter, in French?"""
    response = lookup(client, world["tokens"]["mine"], **params)
    assert response.status_code == 422
    body = response.get_json()
    assert message in body["message"] and body.get("field") == field
    assert body["code"] in ("invalid_rpps", "invalid_email", "invalid_parameter")


# Tokens


@pytest.mark.parametrize("header, code", [
    (None, "token_missing"),
    ("Basic dXNlcjpwYXNz", "token_missing"),
    ("Bearer", "token_missing"),
    ("Bearer pas-un-jeton", "token_invalid"),
    ("Bearer rppsp_" + "A" * 43, "token_invalid"),
    ("Bearer rppsp_" + "A" * 10000, "token_invalid"),
    ("Bearer rppsp_é" + "A" * 42, "token_invalid"),
])
def test_a_missing_or_unknown_token_is_a_401_in_json(client, world, header, code):
    """Is every request without a valid token refused in JSON with a Bearer challenge?"""
    headers = {"Authorization": header} if header else {}
    response = client.get(ELEARNING, query_string={"rpps": RPPS["lea"]}, headers=headers)
    assert response.status_code == 401 and response.mimetype == "application/json"
    assert response.get_json()["code"] == code
    assert response.headers["WWW-Authenticate"].startswith('Bearer realm="api"')


def test_a_revoked_token_no_longer_opens_anything(client, world):
    """After revocation, is the token refused like an unknown one?"""
    tokens.revoke_token(world["rows"]["mine"], world["admin"])
    db.session.commit()
    response = lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    assert response.status_code == 401 and response.get_json()["code"] == "token_invalid"
    assert lookup(client, world["tokens"]["site"], rpps=RPPS["paul"]).status_code == 200


def test_tokens_are_stored_hashed(world):
    """Is the clear token nowhere in the database, only its SHA-256 and its first characters?"""
    clear = world["tokens"]["mine"]
    row = world["rows"]["mine"]
    assert row.token_hash == hashlib.sha256(clear.encode()).hexdigest()
    assert row.prefix == clear[:12] and clear.startswith("rppsp_") and len(clear) == 49
    stored = db.session.execute(db.select(ApiToken.__table__)).all()
    assert not any(clear in str(value) for line in stored for value in line)


def test_the_session_cookie_opens_nothing(client, auth, world):
    """Does a signed-in admin's browser get 401 from the API without a token?"""
    auth.login("admin@exemple.fr")
    response = client.get(ELEARNING, query_string={"rpps": RPPS["lea"]})
    assert response.status_code == 401


def test_last_use_is_recorded_at_most_once_an_hour(client, world):
    """Is the last use written on first use, not on the next call, and again an hour later?"""
    token = world["rows"]["mine"]
    writes = lambda sql: sql.lstrip().upper().startswith("UPDATE")  # noqa: E731
    with statements_sent(writes) as first:
        lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    db.session.refresh(token)
    assert len(first) == 1 and token.last_used_at is not None
    with statements_sent(writes) as second:
        assert lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"]).status_code == 200
    assert second == []
    token.last_used_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    db.session.refresh(token)
    assert utcnow() - token.last_used_at < timedelta(minutes=1)


def test_the_api_is_rate_limited_per_token(database_url, world):
    """Is one token stopped past its budget, on any route, in JSON, while another goes on?"""
    from tests.conftest import IsolatedClient, app_config
    from webapp import create_app

    limited = create_app(app_config(database_url, RATELIMIT_ENABLED=True,
                                    API_LIMIT_PER_TOKEN="2 per minute"))
    limited.test_client_class = IsolatedClient
    client = limited.test_client()
    mine = world["tokens"]["mine"]
    statuses = [lookup(client, mine, rpps=RPPS["lea"]).status_code,
                people(client, mine, "691849590").status_code,
                lookup(client, mine, rpps=RPPS["lea"]).status_code]
    assert statuses == [200, 200, 429]  # one budget across the API's routes
    refused = lookup(client, world["tokens"]["mine"], rpps=RPPS["lea"])
    assert refused.get_json()["code"] == "rate_limited" and "Retry-After" in refused.headers
    assert lookup(client, world["tokens"]["everywhere"], rpps=RPPS["lea"]).status_code == 200


# A structure's people


def people(client, token, finess, **params):
    return client.get(f"/api/v1/structures/{finess}/people", query_string=params,
                      headers=bearer(token))


@pytest.mark.usefixtures("certified")
def test_a_structure_lists_its_people_with_their_flag(client, world):
    """Does the EJ's list hold its current people (EJ and EG), sorted, with their flags?"""
    response = people(client, world["tokens"]["mine"], "691849590")
    assert response.status_code == 200
    body = response.get_json()
    assert body["structure"] == {"finess": "691849590", "name": "Mon EJ", "kind": "EJ"}
    assert [(p["last_name"], p["elearning"]["done"]) for p in body["items"]] == [
        ("Durand", False), ("Martin", True)]
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 50, 2, 1)


def test_an_eg_lists_the_people_attached_to_it(client, world):
    """Does an EG's FINESS list the people of that EG only, for its EJ's token and its own?"""
    site = world["mine"].establishments[0]
    for token in ("mine", "site", "everywhere"):
        body = people(client, world["tokens"][token], site.finess).get_json()
        assert body["structure"]["kind"] == "EG"
        assert [p["last_name"] for p in body["items"]] == ["Durand"]


@pytest.mark.parametrize("token, finess", [
    ("mine", "decentralised"), ("site", "691849590"), ("site", "691079206"),
    ("decentralised_eg", "decentralised"), ("mine", "000000000"), ("mine", "69184959"),
    ("mine", "6918495900"), ("mine", "x" * 3000), ("mine", "%00"), ("mine", "2A%2F"),
    ("mine", ""),
])
def test_a_structure_outside_the_scope_is_a_404(client, world, token, finess):
    """Is a FINESS of another structure, outside an EG token's EG, or malformed, a JSON 404?"""
    if finess == "decentralised":
        finess = world["decentralised"].finess
    response = people(client, world["tokens"][token], finess)
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["code"] in ("structure_not_found", "not_found")


@pytest.mark.parametrize("params, field", [
    ({"page": "0"}, "page"), ({"page": "abc"}, "page"), ({"page": "1.5"}, "page"),
    ({"page": "10" * 30}, "page"), ({"page": "100001"}, "page"), ({"per_page": "201"}, "per_page"),
    ({"per_page": "-1"}, "per_page"), ({"per_page": ""}, "per_page"),
])
def test_bad_paging_is_a_422(client, world, params, field):
    """Is a page or page size out of bounds refused with 422 (never an SQL overflow)?"""
    response = people(client, world["tokens"]["mine"], "691849590", **params)
    assert response.status_code == 422 and response.get_json()["field"] == field


@pytest.mark.usefixtures("certified")
def test_paging_and_a_bounded_number_of_queries(client, world):
    """Are pages complete and in order, and is the number of queries the same for 2 or 40?"""
    mine = world["mine"]
    for number in range(38):
        attach(make_person(f"p{number:02d}@exemple.fr", last_name=f"Z{number:02d}"), mine)
    certify(db.session.scalar(db.select(Membership).filter_by(organisation_id=mine.id)
                              .order_by(Membership.id.desc())).user)
    token, finess = world["tokens"]["mine"], mine.finess
    people(client, token, finess)  # the first use of the hour writes it down
    selects = lambda sql: sql.lstrip().upper().startswith("SELECT")  # noqa: E731
    with statements_sent(selects) as small:
        first = people(client, token, finess, per_page=2).get_json()
    with statements_sent(selects) as large:
        whole = people(client, token, finess, per_page=40).get_json()
    assert (first["total"], first["pages"], len(first["items"])) == (40, 20, 2)
    assert len(whole["items"]) == 40 and whole["items"][-1]["elearning"]["done"] is True
    # token, structure, count, people, their flags, their habilitations
    assert len(small) == len(large) <= 6
    pages = [people(client, token, finess, per_page=15, page=n).get_json()["items"]
             for n in (1, 2, 3, 4)]
    assert [len(page) for page in pages] == [15, 15, 10, 0]
    assert [p["email"] for page in pages for p in page] == [p["email"] for p in whole["items"]]


# Errors are JSON, whatever goes wrong


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/api/v1/nulle-part", 404),
    ("GET", "/api/v1", 404),
    ("POST", ELEARNING, 405),
    ("DELETE", "/api/v1/structures/691849590/people", 405),
])
def test_routing_errors_are_json(client, world, method, path, status):
    """Are an unknown address and a wrong method under /api/v1 answered in JSON?"""
    response = client.open(path, method=method, headers=bearer(world["tokens"]["mine"]))
    assert response.status_code == status and response.mimetype == "application/json"
    assert response.get_json()["message"]
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_other_pages_keep_their_html_errors(client):
    """Does a 404 outside the API still get the French HTML page?"""
    response = client.get("/nulle-part")
    assert response.status_code == 404 and response.mimetype == "text/html"


# Schemathesis: every answer matches the description


@contextmanager
def serving(app):
    """The app behind a real HTTP server on the loopback, for the time of the block."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def run_schemathesis(address: str, token: str) -> dict:
    """Load the description from the running app, run every phase and check, and count."""
    schema = schemathesis.openapi.from_url(f"{address}/api/v1/openapi.json")
    schema.config.update(base_url=f"{address}/api/v1", headers=bearer(token))
    # Deterministic (CI must not flicker), no example database left in the work tree, and
    # few enough examples to take seconds.
    schema.config.generation.update(max_examples=40, deterministic=True, database="none")
    # What a request valid by the schema may get: found, unknown (404), or the 422 of a rule
    # JSON Schema cannot carry and the description states (exactly one of rpps and email;
    # the RPPS key). Not 3xx, 403 or 409, which schemathesis accepts by default.
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=["200", "401", "404", "422"])
    seen = {"operations": set(), "cases": 0, "requests": 0, "statuses": set(), "checks": set(),
            "failures": [], "errors": []}
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            seen["operations"].add(event.recorder.label)
            seen["cases"] += len(event.recorder.cases)
            seen["requests"] += len(event.recorder.interactions)
            seen["checks"] |= {check.name for checks in event.recorder.checks.values()
                               for check in checks}
            seen["statuses"] |= {interaction.response.status_code
                                 for interaction in event.recorder.interactions.values()
                                 if interaction.response is not None}
            seen["failures"] += [
                f"{event.recorder.label}: {check.name}: {check.failure_info.failure.title}\n"
                f"{check.failure_info.code_sample}"
                for checks in event.recorder.checks.values() for check in checks
                if check.status is Status.FAILURE]
        elif isinstance(event, events.NonFatalError):
            seen["errors"].append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            seen["errors"].append(repr(event.exception))
    return seen


@pytest.mark.parametrize("scope", ["mine", "everywhere"])
@pytest.mark.usefixtures("certified")
def test_the_api_keeps_to_its_description(app, world, scope):
    """Does every request schemathesis makes up (valid, invalid, without or with a bad token)
    get an answer its description allows: no 5xx, documented status codes, content types,
    headers and schemas, invalid input refused, valid input accepted?"""
    db.session.commit()  # the test's own transaction ends here (SQLite would keep its lock)
    with serving(app) as address:
        seen = run_schemathesis(address, world["tokens"][scope])
    assert seen["errors"] == [] and seen["failures"] == [], seen
    assert seen["operations"] == {"GET /people/elearning", "GET /structures/{finess}/people"}
    assert {200, 401, 404, 422} <= seen["statuses"]
    assert {"not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_headers_conformance", "response_schema_conformance",
            "negative_data_rejection", "positive_data_acceptance", "ignored_auth",
            "unsupported_method"} <= seen["checks"]
    assert seen["cases"] > 100
