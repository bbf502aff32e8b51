"""One way to look a person up by what someone typed: accents, case and word order aside."""

import pytest

from directory.structures import StructureRole
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp import audit
from webapp.extensions import db
from webapp.models import PlatformRole, User
from webapp.models.people import folded

from .test_region import text


def names_matching(typed: str) -> list[str]:
    return sorted(db.session.scalars(
        db.select(User.last_name).where(User.matching(typed))).all())


@pytest.mark.parametrize("typed", ["cinquieme", "CINQUIÈME", "karine cinq", "Cinquième Karine",
                                   "karine@"])
def test_accents_case_and_order_aside(app, typed):
    """Does « cinquieme » (or the e-mail, or the names in either order) find Cinquième?"""
    make_person("karine@exemple.fr", first_name="Karine", last_name="Cinquième")
    make_person("jules@exemple.fr", first_name="Jules", last_name="Quatrième")
    db.session.commit()
    assert names_matching(typed) == ["Cinquième"]


def test_the_key_follows_a_change_of_name_and_wildcards_are_literal(app):
    person = make_person("anne@exemple.fr", first_name="Anne", last_name="Dupont")
    db.session.commit()
    person.last_name = "Lefèvre"
    db.session.commit()
    assert person.search_key == folded("Anne Lefèvre anne@exemple.fr")
    assert names_matching("lefevre") == ["Lefèvre"] and names_matching("dupont") == []
    assert names_matching("%") == [] and names_matching("_") == []


def test_every_search_page_finds_a_name_typed_without_its_accents(client, auth):
    """The admin's people, the audit log, the RL's roster and a webinar's participants."""
    make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    organisation = make_organisation(name="Les Glycines")
    make_legal_rep(organisation, email="rl@exemple.fr")
    helene = make_person("helene@exemple.fr", first_name="Hélène", last_name="Bérénger")
    attach(helene, organisation, StructureRole.GESTIONNAIRE)
    audit.record("auth.login", actor=helene)  # something Hélène did, for the audit log
    db.session.commit()
    auth.login("admin@exemple.fr")
    assert "Bérénger" in text(client.get("/admin/people?q=helene+berenger"))
    assert "Bérénger" in text(client.get("/admin/audit?personne=berenger"))
    auth.logout()
    auth.login("rl@exemple.fr")
    roster = text(client.get(f"/structures/{organisation.id}/personnes?q=berenger"))
    assert "Bérénger" in roster


def test_the_migration_folds_the_people_already_there(app):
    """Do the accounts created before the column get their key?"""
    from flask_migrate import downgrade, upgrade

    make_person("eloise@exemple.fr", first_name="Éloïse", last_name="Noël")
    db.session.commit()
    db.session.remove()
    downgrade(revision="848d08c328a1")
    upgrade()
    assert names_matching("eloise noel") == ["Noël"]
