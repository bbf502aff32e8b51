"""Each role's home page, and its cost in SQL queries."""

from html import unescape

from directory.structures import StructureRole
from tests.factories import attach, make_organisation, make_person
from webapp.demo import PASSWORD
from webapp.models import PlatformRole

from .sql import statements_sent
from .test_learn import header_role


def count_queries():
    """The SELECTs sent while the block runs."""
    return statements_sent(lambda sql: sql.lstrip().upper().startswith("SELECT"))


def test_home_lists_the_persons_structures(client, auth):
    """Does a person's home list each of their structures with their role there, a
    gestionnaire's habilitation « à venir » until it is recorded?"""
    person = make_person("claire@exemple.fr")
    for role in (StructureRole.GESTIONNAIRE, StructureRole.LEGAL_REP, StructureRole.GESTIONNAIRE):
        attach(person, make_organisation(name=f"EJ {role.value} {person.id}"), role)
    auth.login("claire@exemple.fr")
    page = client.get("/").get_data(as_text=True)
    assert page.count("Gestionnaire RPPS+ (habilitation à venir)</td>") == 2
    assert "Représentant légal</td>" in page


def test_home_page_queries_do_not_grow_with_memberships(client, auth):
    """Does the home page run the same few queries for 1 or 6 structures?"""
    person = make_person("claire@exemple.fr")
    attach(person, make_organisation())
    auth.login("claire@exemple.fr")
    with count_queries() as one:
        client.get("/")
    for _ in range(5):
        attach(person, make_organisation())
    with count_queries() as six:
        client.get("/")
    # The person, their progress, their flag, and the reading clock of their next lesson.
    assert len(six) == len(one) <= 4, six


def test_trainer_home_shows_the_region(client, auth):
    """Does a trainer's home name their region and GRADeS?"""
    make_person("formateur@exemple.fr", role=PlatformRole.TRAINER, region_code="84")
    make_organisation(name="EJ de la région")
    auth.login("formateur@exemple.fr")
    page = client.get("/").get_data(as_text=True)
    assert "Auvergne-Rhône-Alpes" in page and "GCS SARA" in page and "EJ de la région" in page


def test_the_header_says_where_each_demo_learner_stands(seeded_demo, client, auth):
    """Does the header call « Gestionnaire RPPS+ » only the demo learners whose habilitation
    is recorded, as their structures' table does, and does their home stop asking them to
    show the attestation to the RL?"""
    standing = {"gestionnaire1": "En formation", "gestionnaire2": "En formation",
                "gestionnaire4": "En formation", "gestionnaire5": "Attestation obtenue",
                "gestionnaire3": "Gestionnaire RPPS+", "gestionnaire6": "Gestionnaire RPPS+",
                "rl.centralise": "Représentant légal"}
    for name, label in standing.items():
        auth.login(f"{name}@demo.test", PASSWORD)
        page = unescape(client.get("/").get_data(as_text=True))
        assert header_role(page) == label, name
        asks = "Montrez l'attestation à votre représentant légal" in page
        assert asks is (name == "gestionnaire5"), name
        if name.startswith("gestionnaire"):
            habilitated = label == "Gestionnaire RPPS+"
            assert ("<td>Gestionnaire RPPS+</td>" in page) is habilitated, name
            assert ("<td>Gestionnaire RPPS+ (habilitation à venir)</td>" in page) is (
                not habilitated), name
        auth.logout()
