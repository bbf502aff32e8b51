"""Admins create structures, their EG, people, and attach people with a role."""

import re
from datetime import timedelta
from html import unescape

import pytest

from directory.structures import ContractMode, StructureRole
from tests.factories import attach, make_finess, make_organisation, make_person
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    Departure,
    Establishment,
    Habilitation,
    Membership,
    Organisation,
    PlatformRole,
    User,
)
from webapp.structures import departures


@pytest.fixture
def admin(client, auth):
    person = make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    auth.login("admin@exemple.fr")
    return person


def actions():
    return [event.action for event in db.session.scalars(db.select(AuditEvent))]


def test_admin_creates_an_organisation(client, admin):
    """Can an admin create a centralised EJ, audited, with its FINESS normalised?"""
    response = client.post("/admin/structures/new", data={
        "name": "Association Test", "finess": " 691 849 590 ", "region_code": "84",
        "contract_mode": "centralised",
    })
    assert response.status_code == 303
    organisation = db.session.scalar(db.select(Organisation))
    assert organisation.finess == "691849590" and organisation.mode is ContractMode.CENTRALISED
    assert "structure.created" in actions()
    assert "Association Test" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("finess, message", [
    ("691849591", "clé de contrôle ne correspond pas"),
    ("69184959", "compte 9 caractères"),
    ("001849590", "commence par le code du département"),
])
def test_bad_finess_is_refused_in_french_keeping_the_input(client, admin, finess, message):
    """Is a bad FINESS refused with 422, a French message naming the problem, input kept?"""
    response = client.post("/admin/structures/new", data={
        "name": "Association Test", "finess": finess, "region_code": "84",
        "contract_mode": "centralised",
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="Association Test"' in page and f'value="{finess}"' in page
    assert db.session.scalar(db.select(Organisation)) is None


def test_duplicate_finess_is_refused(client, admin):
    """Can two EJ share a FINESS number?"""
    organisation = make_organisation()
    response = client.post("/admin/structures/new", data={
        "name": "Doublon", "finess": organisation.finess, "region_code": "84",
        "contract_mode": "centralised",
    })
    assert response.status_code == 422
    assert "déjà celui d'une autre entité juridique." in unescape(response.get_data(as_text=True))
    establishment = make_organisation(establishments=1).establishments[0]
    response = client.post(f"/admin/structures/{organisation.id}/establishments",
                           data={"name": "Foyer", "finess": establishment.finess},
                           headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "déjà celui d'un autre établissement." in unescape(response.get_data(as_text=True))


def test_missing_fields_are_named(client, admin):
    """Does an empty form name each missing field in French?"""
    response = client.post("/admin/structures/new", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Saisissez le numéro FINESS." in page
    assert "Choisissez le mode de contractualisation." in page
    # The region is deduced from the FINESS: no region message while there is no FINESS.
    assert "Choisissez la région" not in page and "ne dit pas la région" not in page


@pytest.mark.parametrize(("finess", "chosen", "region_code"), [
    ("143164754", "", "28"),  # Calvados: Normandie
    ("2A0000001", "", "94"),  # Corse-du-Sud
    ("971000005", "", "01"),  # Guadeloupe
    ("691849590", "84", "84"),
    ("143164754", "84", "84"),  # a choice made stays (a structure may be followed elsewhere)
])
def test_the_region_comes_from_the_finess(client, admin, finess, chosen, region_code):
    """Does an EJ created without a region get its FINESS juridique's département's?"""
    response = client.post("/admin/structures/new", data={
        "name": "Déduite", "finess": finess, "region_code": chosen,
        "contract_mode": "centralised"})
    assert response.status_code == 303
    assert db.session.scalar(db.select(Organisation.region_code)) == region_code


def test_a_finess_without_region_asks_for_one(client, admin):
    response = client.post("/admin/structures/new", data={
        "name": "Polynésie", "finess": "987000007", "region_code": "",
        "contract_mode": "centralised"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce numéro FINESS ne dit pas la région : choisissez-la." in page
    assert 'value="Polynésie"' in page
    form = client.get("/admin/structures/new").get_data(as_text=True)
    assert re.search(r'<option [^>]*value=""[^>]*>Déduite du numéro FINESS</option>', form)


def test_admin_adds_an_establishment_with_htmx(client, admin):
    """Does adding an EG through htmx answer the section alone, with its département?"""
    organisation = make_organisation(establishments=0)
    finess = make_finess("38")
    response = client.post(f"/admin/structures/{organisation.id}/establishments",
                           data={"name": "Foyer Test", "finess": finess},
                           headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="establishments"')
    assert "Foyer Test" in page and "est ajouté" in page
    assert response.headers["Vary"].count("HX-Request") == 1
    assert db.session.scalar(db.select(Establishment)).departement == "38"


def test_bad_establishment_comes_back_with_its_errors(client, admin):
    """Does a bad EG come back (422, the section alone) with the error and the input?"""
    organisation = make_organisation(establishments=0)
    response = client.post(f"/admin/structures/{organisation.id}/establishments",
                           data={"name": "Foyer Test", "finess": "38ABCDEFG"},
                           headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.lstrip().startswith('<section id="establishments"')
    assert 'value="Foyer Test"' in page and "ne contient que des chiffres" in page


def test_attach_a_new_person_creates_the_account(client, admin):
    """Does attaching an unknown e-mail create the account and send an activation link?"""
    organisation = make_organisation()
    response = client.post(f"/admin/structures/{organisation.id}/members", data={
        "email": "Nouvelle@Exemple.fr", "first_name": "Nina", "last_name": "Nouvelle",
        "role": "legal_rep", "establishment_id": "",
    })
    assert response.status_code == 200
    person = db.session.scalar(db.select(User).filter_by(email="nouvelle@exemple.fr"))
    assert person.active_memberships[0].role == "legal_rep"
    assert {"person.created", "membership.created"} <= set(actions())


def test_attach_unknown_person_needs_a_name(client, admin):
    """Is a name asked for when the e-mail has no account yet?"""
    organisation = make_organisation()
    response = client.post(f"/admin/structures/{organisation.id}/members", data={
        "email": "inconnu@exemple.fr", "role": "gestionnaire", "establishment_id": "",
    })
    assert response.status_code == 422
    assert "saisissez son prénom" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(email="inconnu@exemple.fr")) is None


@pytest.mark.parametrize("mode, role, on_eg, allowed", [
    (ContractMode.CENTRALISED, "legal_rep", False, True),
    (ContractMode.CENTRALISED, "legal_rep", True, False),
    (ContractMode.CENTRALISED, "gestionnaire", True, True),
    (ContractMode.DECENTRALISED, "gestionnaire", False, False),
    (ContractMode.DECENTRALISED, "legal_rep", True, True),
])
def test_attachment_follows_the_contract_mode(client, admin, mode, role, on_eg, allowed):
    """Does the scope of an attachment follow the contract mode (EJ or one EG)?"""
    organisation = make_organisation(mode=mode)
    person = make_person("claire@exemple.fr")
    eg = str(organisation.establishments[0].id) if on_eg else ""
    response = client.post(f"/admin/structures/{organisation.id}/members",
                           data={"email": person.email, "role": role, "establishment_id": eg})
    assert (response.status_code == 200) is allowed
    count = db.session.scalar(db.select(db.func.count(Membership.id)))
    assert count == (1 if allowed else 0)


def test_a_refused_attachment_creates_no_account(client, admin):
    """Is the account made for a refused attachment rolled back with it (422, typed values)?"""
    organisation = make_organisation(mode=ContractMode.DECENTRALISED)
    response = client.post(f"/admin/structures/{organisation.id}/members", data={
        "email": "nina@exemple.fr", "first_name": "Nina", "last_name": "Nouvelle",
        "role": "gestionnaire", "establishment_id": ""})
    assert response.status_code == 422 and 'value="Nina"' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(email="nina@exemple.fr")) is None


def test_a_person_can_belong_to_several_structures(client, admin):
    """Can one person be attached to two structures, with different roles?"""
    first, second = make_organisation(), make_organisation()
    person = make_person("claire@exemple.fr")
    attach(person, first, StructureRole.GESTIONNAIRE)
    attach(person, second, StructureRole.LEGAL_REP)
    assert {m.organisation_id for m in person.active_memberships} == {first.id, second.id}


def test_end_membership_keeps_history(client, admin):
    """Does ending an attachment keep the row, with its end date?"""
    organisation = make_organisation()
    membership = attach(make_person(), organisation)
    assert client.post(f"/admin/memberships/{membership.id}/end",
                       data={"confirmation": "1"}).status_code == 303
    ended = db.session.get(Membership, membership.id)
    assert ended.ended_at is not None


def test_ending_an_attachment_asks_for_a_confirmation(client, admin):
    """Does « Terminer » lead to a page saying what ending does, does a post without the
    confirmation end nothing, and does the confirmed one end it (once)?"""
    organisation = make_organisation(name="Mon EJ")
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    membership = attach(person, organisation)
    url = f"/admin/memberships/{membership.id}/end"
    page = unescape(client.get(f"/admin/structures/{organisation.id}").get_data(as_text=True))
    assert f'href="{url}">Terminer…' in page
    asked = unescape(client.get(url).get_data(as_text=True))
    assert "Terminer le rattachement de Léa Martin ?" in asked
    assert "ne peut pas être annulée" in asked and 'name="confirmation" value="1"' in asked
    assert "Confirmer la fin du rattachement" in asked
    unconfirmed = client.post(url)
    assert unconfirmed.status_code == 200 and "Confirmer la fin" in unconfirmed.get_data(
        as_text=True)
    assert db.session.get(Membership, membership.id).ended_at is None
    assert "membership.ended" not in actions()
    done = client.post(url, data={"confirmation": "1"})
    assert done.status_code == 303 and done.headers["Location"].endswith("#members")
    assert db.session.get(Membership, membership.id).ended_at is not None
    again = client.post(url, data={"confirmation": "1"})
    assert again.status_code == 303 and actions().count("membership.ended") == 1


def test_ending_an_attachment_withdraws_the_habilitation_it_carried(client, admin):
    """Turn-over: once no attachment covers the scope, is the habilitation there withdrawn
    (said on the confirmation page first), and kept when another attachment still covers it?"""
    organisation = make_organisation(name="Mon EJ", establishments=1)
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin")
    first = attach(person, organisation)
    second = attach(person, organisation, StructureRole.DELEGATE)
    habilitation = Habilitation(user_id=person.id, organisation_id=organisation.id,
                                scope_key=0, granted_by=admin)
    db.session.add(habilitation)
    db.session.commit()
    page = unescape(client.get(f"/admin/memberships/{first.id}/end").get_data(as_text=True))
    assert "Son habilitation" not in page  # the mandataire's attachment still covers the EJ
    client.post(f"/admin/memberships/{first.id}/end", data={"confirmation": "1"})
    assert db.session.get(Habilitation, habilitation.id).withdrawn_at is None
    page = unescape(client.get(f"/admin/memberships/{second.id}/end").get_data(as_text=True))
    assert "Son habilitation « Gestionnaire RPPS+ » sur Mon EJ est retirée" in page
    pending = departures.record(second, departures.today() + timedelta(days=10), admin)
    db.session.commit()
    client.post(f"/admin/memberships/{second.id}/end", data={"confirmation": "1"})
    assert db.session.get(Departure, pending.id).cancelled_at is not None  # never applied
    withdrawn = db.session.get(Habilitation, habilitation.id)
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawal_reason == "Rattachement terminé par un administrateur"


def test_admin_creates_a_trainer_with_a_region(client, admin):
    """Is a trainer without a region refused, and one with a region created (role audited)?"""
    data = {"first_name": "Fabien", "last_name": "Formateur", "email": "fabien@exemple.fr",
            "platform_role": "trainer", "region_code": ""}
    refused = client.post("/admin/people/new", data=data)
    assert refused.status_code == 422
    assert "rattaché à une région" in refused.get_data(as_text=True)
    assert client.post("/admin/people/new", data={**data, "region_code": "84"}).status_code == 303
    trainer = db.session.scalar(db.select(User).filter_by(email="fabien@exemple.fr"))
    assert trainer.role is PlatformRole.TRAINER and trainer.region_code == "84"


def test_role_change_is_audited(client, admin):
    """Is a change of platform role written to the audit log with old and new values?"""
    person = make_person("claire@exemple.fr")
    response = client.post(f"/admin/people/{person.id}", data={
        "first_name": person.first_name, "last_name": person.last_name, "email": person.email,
        "platform_role": "admin", "region_code": "",
    })
    assert response.status_code == 303
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="person.role_changed"))
    assert event.details["changes"]["platform_role"] == ["learner", "admin"]
    assert event.actor_id == admin.id


@pytest.mark.parametrize("field, value, message", [
    ("email", "CLAIRE@exemple.fr", "déjà celle d"),
    ("mobile_phone", "+33 6 12 34 56 78", "déjà celui d"),
    ("rpps", "10104332184", "clé de contrôle ne correspond pas"),
    ("mobile_phone", "01 23 45 67 89", "mobile (06 ou 07)"),
])
def test_person_identifiers_are_unique_and_valid(client, admin, field, value, message):
    """Are e-mail and mobile unique to one person, and the RPPS key checked?"""
    make_person("claire@exemple.fr", mobile_phone="+33612345678")
    data = {"first_name": "Autre", "last_name": "Personne", "email": "autre@exemple.fr",
            "platform_role": "learner", "region_code": "", field: value}
    response = client.post("/admin/people/new", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_admin_reads_the_audit_log_and_outbox(client, admin):
    """Can an admin read the audit log (filtered) and the outbox?"""
    make_person("claire@exemple.fr")
    page = client.get("/admin/audit?action=auth.signed_in").get_data(as_text=True)
    assert "Connexion" in page and "admin@exemple.fr" in page
    assert client.get("/admin/outbox").status_code == 200


def test_admin_grants_extra_exam_time(client, admin):
    """Can an admin set a person's extra-time factor, typed the French way, within bounds?"""
    person = make_person("claire@exemple.fr")
    data = {"first_name": person.first_name, "last_name": person.last_name,
            "email": person.email, "platform_role": "learner", "region_code": ""}
    refused = client.post(f"/admin/people/{person.id}", data={**data, "exam_time_factor": "5"})
    assert refused.status_code == 422 and "de 1 (aucun aménagement) à 3" in refused.get_data(
        as_text=True)
    ok = client.post(f"/admin/people/{person.id}", data={**data, "exam_time_factor": "1,33"})
    assert ok.status_code == 303
    db.session.refresh(person)
    assert person.exam_time_factor == pytest.approx(1.33)
