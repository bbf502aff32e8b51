"""Signing in and out, registration, confirmation and forgotten passwords."""

import re
from datetime import timedelta

from argon2 import profiles

from tests.factories import PASSWORD, make_person, password_hash
from webapp.auth import passwords
from webapp.extensions import db
from webapp.models import ActionToken, AuditEvent, LoginSession, OutboxMessage, User

NEW_PASSWORD = "un nouveau mot de passe"
NEW_PASSWORD_FORM = {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}


def register(client, **fields):
    """Post the registration form, with sensible values unless told otherwise."""
    password = "une phrase assez longue"
    data = {"first_name": "Léa", "last_name": "Martin", "email": "lea@exemple.fr",
            "password": password, "password_confirmation": password}
    return client.post("/register", data={**data, **fields})


def last_email(to):
    return db.session.scalars(
        db.select(OutboxMessage).filter_by(recipient=to).order_by(OutboxMessage.id.desc())
    ).first()


def link_in(message, path):
    match = re.search(rf"http://academie\.test({path}/[\w-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def test_login_page_is_french(client):
    """Is the login page a French form with e-mail and password fields?"""
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="fr"' in page
    assert 'name="email"' in page and 'name="password"' in page
    assert "Se connecter" in page


def test_sign_in_and_out(client, auth):
    """Can a person sign in, reach their home page, and sign out?"""
    make_person("claire@exemple.fr", first_name="Claire")
    response = auth.login("Claire@Exemple.fr")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Bonjour Claire" in home
    assert auth.logout().status_code == 303
    assert "Bonjour Claire" not in client.get("/").get_data(as_text=True)


def test_same_message_for_unknown_email_and_wrong_password(client, auth):
    """Does the login page say the same thing for an unknown e-mail and a wrong password?"""
    make_person("claire@exemple.fr")
    wrong = auth.login("claire@exemple.fr", "pas-le-bon-mot-de-passe")
    unknown = auth.login("personne@exemple.fr", "pas-le-bon-mot-de-passe")
    assert wrong.status_code == unknown.status_code == 422
    message = "Adresse e-mail ou mot de passe incorrect."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert 'value="claire@exemple.fr"' in wrong.get_data(as_text=True)


def test_failed_sign_in_is_audited(client, auth):
    """Is a failed sign-in written to the audit log, with the address typed?"""
    auth.login("inconnu@exemple.fr", "nimporte-quoi-123")
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="auth.sign_in_failed"))
    assert event is not None and event.target_label == "inconnu@exemple.fr"


def test_logout_revokes_the_session_on_the_server(client, auth, app):
    """After signing out, does a copy of the old session cookie stop working?"""
    make_person("claire@exemple.fr", first_name="Claire")
    auth.login("claire@exemple.fr")
    stolen = client.get_cookie("rppsplus_session", domain="academie.test").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("rppsplus_session", stolen, domain="academie.test")
    assert "Bonjour Claire" not in thief.get("/").get_data(as_text=True)


def test_unsafe_next_is_ignored(client, auth):
    """Can the login form send a person to another site after signing in?"""
    make_person("claire@exemple.fr")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        response = client.post(f"/login?next={target}",
                               data={"email": "claire@exemple.fr", "password": PASSWORD})
        assert response.headers["Location"] == "/"
        client.post("/logout")


def test_next_brings_back_to_the_page_asked(client, auth):
    """Does a person sent to the login page come back to the page they asked for?"""
    make_person("claire@exemple.fr")
    response = client.get("/account/")
    assert response.status_code == 303 and "/login?next=" in response.headers["Location"]
    response = client.post(response.headers["Location"],
                           data={"email": "claire@exemple.fr", "password": PASSWORD})
    assert response.headers["Location"] == "/account/"


def test_the_sign_up_form_asks_for_a_password_not_a_new_one(client):
    """Is the sign-up form's password « Mot de passe », not « Nouveau » (there is no old one)?"""
    page = client.get("/register").get_data(as_text=True)
    assert re.search(r'<label[^>]*for="password"[^>]*>\s*Mot de passe', page)
    assert "Nouveau mot de passe" not in page


def test_registration_confirmation_and_sign_in(client, auth):
    """Can a learner register, confirm their address from the e-mail, and sign in?"""
    response = register(client, email="Lea.Martin@Exemple.fr")
    assert response.status_code == 303
    person = db.session.scalar(db.select(User).filter_by(email="lea.martin@exemple.fr"))
    assert person is not None and person.email_confirmed_at is None
    refused = auth.login("lea.martin@exemple.fr", "une phrase assez longue")
    assert refused.status_code == 422
    assert "pas encore confirmée" in refused.get_data(as_text=True)

    link = link_in(last_email("lea.martin@exemple.fr"), "/confirm")
    assert "Confirmer mon adresse" in client.get(link).get_data(as_text=True)
    assert client.post(link).status_code == 303
    assert client.post(link).status_code == 404  # single use
    assert auth.login("lea.martin@exemple.fr", "une phrase assez longue").status_code == 303


def test_confirmation_link_does_not_fire_on_get(client):
    """Does merely opening the link (as mail scanners do) leave the address unconfirmed?"""
    register(client)
    client.get(link_in(last_email("lea@exemple.fr"), "/confirm"))
    person = db.session.scalar(db.select(User).filter_by(email="lea@exemple.fr"))
    assert person.email_confirmed_at is None


def test_registration_with_a_taken_address_reveals_nothing(client):
    """Does registering with an existing address create nothing and tell only its owner?"""
    make_person("claire@exemple.fr")
    response = register(client, email="CLAIRE@exemple.fr")
    assert response.status_code == 303
    assert response.headers["Location"] == "/check-mailbox?reason=register"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert last_email("claire@exemple.fr").subject == "Vous avez déjà un compte"


def test_registration_errors_keep_what_was_typed(client):
    """Does a registration with bad input answer 422 in French, keeping the fields typed?"""
    response = register(client, last_name="", email="pas-une-adresse", password="court",
                        password_confirmation="autre")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Léa"' in page and 'value="pas-une-adresse"' in page
    assert "Saisissez le champ « Nom »." in page
    assert "Saisissez une adresse e-mail valide" in page
    assert "au moins 12 caractères" in page
    assert "court" not in re.findall(r'value="([^"]*)"', page)  # passwords never echoed


def test_password_reset_is_single_use_and_expires(client, auth):
    """Does a reset link work once, then never again, and not after it expired?"""
    person = make_person("claire@exemple.fr")
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    link = link_in(last_email("claire@exemple.fr"), "/reset-password")
    assert client.post(link, data=NEW_PASSWORD_FORM).status_code == 303
    assert client.post(link, data=NEW_PASSWORD_FORM).status_code == 404
    assert auth.login("claire@exemple.fr", NEW_PASSWORD).status_code == 303
    auth.logout()

    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    link = link_in(last_email("claire@exemple.fr"), "/reset-password")
    token = db.session.scalars(
        db.select(ActionToken).filter_by(user_id=person.id, used_at=None)
    ).one()
    token.expires_at -= timedelta(hours=2)
    db.session.commit()
    assert client.get(link).status_code == 404


def test_e_mailed_links_ignore_the_host_the_request_named(database_url):
    """Does a reset requested with a forged Host header still e-mail a link to the platform
    (PUBLIC_BASE_URL), never to the forger's site with a valid token?"""
    from tests.conftest import app_config
    from webapp import create_app

    # As deployed: no SERVER_NAME, so Flask would build external URLs from the Host header.
    app = create_app(app_config(database_url, SERVER_NAME=None))
    with app.app_context():
        make_person("claire@exemple.fr")
        db.session.commit()
        app.test_client().post("/forgot-password", data={"email": "claire@exemple.fr"},
                               base_url="http://pirate.example")
        message = last_email("claire@exemple.fr")
        assert "pirate.example" not in message.body_text
        assert link_in(message, "/reset-password")


def test_forgotten_password_for_unknown_address_says_the_same(client):
    """Does asking a reset for an unknown address look exactly like a known one?"""
    make_person("claire@exemple.fr")
    known = client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    unknown = client.post("/forgot-password", data={"email": "nobody@exemple.fr"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert last_email("nobody@exemple.fr") is None


def test_a_reset_signs_out_every_session(client, app, auth):
    """After a password reset, is a browser that was signed in signed out?"""
    make_person("claire@exemple.fr", first_name="Claire")
    other = app.test_client()
    other.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD})
    client.post("/forgot-password", data={"email": "claire@exemple.fr"})
    link = link_in(last_email("claire@exemple.fr"), "/reset-password")
    client.post(link, data=NEW_PASSWORD_FORM)
    assert "Bonjour Claire" not in other.get("/").get_data(as_text=True)


def test_change_password_signs_out_other_sessions_only(client, app, auth):
    """Does changing one's password keep this session and end the others?"""
    make_person("claire@exemple.fr", first_name="Claire")
    other = app.test_client()
    other.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD})
    auth.login("claire@exemple.fr")
    response = client.post("/account/password",
                           data={"current_password": PASSWORD, **NEW_PASSWORD_FORM})
    assert response.status_code == 303
    assert "Bonjour Claire" in client.get("/").get_data(as_text=True)
    assert "Bonjour Claire" not in other.get("/").get_data(as_text=True)
    assert last_email("claire@exemple.fr").subject == "Votre mot de passe a été modifié"


def test_change_password_needs_the_current_one(client, auth):
    """Is a password change refused when the current password is wrong?"""
    make_person("claire@exemple.fr")
    auth.login("claire@exemple.fr")
    response = client.post("/account/password",
                           data={"current_password": "faux-mot-de-passe", **NEW_PASSWORD_FORM})
    assert response.status_code == 422
    assert "Le mot de passe actuel n&#39;est pas le bon." in response.get_data(as_text=True)


def test_sign_out_everywhere(client, app, auth):
    """Does "log out everywhere" end every session of the person?"""
    person = make_person("claire@exemple.fr", first_name="Claire")
    other = app.test_client()
    other.post("/login", data={"email": "claire@exemple.fr", "password": PASSWORD})
    auth.login("claire@exemple.fr")
    assert client.post("/account/sessions/revoke").status_code == 303
    assert "Bonjour Claire" not in other.get("/").get_data(as_text=True)
    assert "Bonjour Claire" not in client.get("/").get_data(as_text=True)
    open_sessions = db.session.scalar(
        db.select(db.func.count(LoginSession.id)).filter_by(user_id=person.id, revoked_at=None)
    )
    assert open_sessions == 0


def test_idle_session_expires(client, auth, app):
    """Is a session left idle longer than the timeout signed out, with a message?"""
    make_person("claire@exemple.fr", first_name="Claire")
    auth.login("claire@exemple.fr")
    idle = app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    with client.session_transaction() as session:
        session["seen"] -= idle + 5
    response = client.get("/account/")
    assert response.status_code == 303
    assert "expiré" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_session_past_its_max_age_expires(client, auth, app):
    """Is a session older than the maximum age signed out, however active it has been?"""
    person = make_person("claire@exemple.fr", first_name="Claire")
    auth.login("claire@exemple.fr")
    assert client.get("/account/").status_code == 200
    row = db.session.scalar(db.select(LoginSession).filter_by(user_id=person.id))
    row.created_at -= app.config["SESSION_MAX_AGE"] + timedelta(minutes=1)
    db.session.commit()
    response = client.get("/account/")
    assert response.status_code == 303
    assert "expiré" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_sign_in_issues_a_new_csrf_secret_in_the_cookie_it_sets(client, auth):
    """Does signing in replace the CSRF secret, so that the next page need not set a cookie?"""
    make_person("claire@exemple.fr", first_name="Claire")
    # The visitor's secret, as the login form makes it (CSRF is off in these tests' forms).
    with client.session_transaction() as session:
        session["csrf_token"] = before = "secret-du-visiteur"
    auth.login("claire@exemple.fr")
    with client.session_transaction() as session:
        after = session["csrf_token"]
    assert after != before
    page = client.get("/account/")
    assert page.status_code == 200 and "Set-Cookie" not in page.headers


def test_deactivated_person_cannot_sign_in(client, auth):
    """Can a deactivated account still sign in?"""
    from webapp.people import deactivate_person

    person = make_person("claire@exemple.fr")
    deactivate_person(person)
    db.session.commit()
    response = auth.login("claire@exemple.fr")
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_test_people_are_hashed_at_the_suites_cheap_cost():
    """Is the test people's password hashed with the suite's cheap parameters? (Hashed when a
    conftest imported the factories, before those were set, it made every sign-in 20 ms.)"""
    assert f"m={profiles.CHEAPEST.memory_cost},t={profiles.CHEAPEST.time_cost}," in password_hash()


def test_a_test_at_the_real_cost_leaves_the_cheap_hash_to_the_next():
    """The test people's password needed under the real parameters: once the suite's cheap
    ones are back, is it cheap again (not the costly hash kept for the rest of the run)?"""
    with passwords.hashing_with(passwords.PARAMETERS):
        assert "m=19456,t=2,p=1" in password_hash()
    assert f"m={profiles.CHEAPEST.memory_cost},t={profiles.CHEAPEST.time_cost}," in password_hash()


def test_password_is_hashed_with_argon2id(client, real_password_hashing):
    """Are passwords stored as Argon2id hashes with at least the OWASP parameters?"""
    register(client)
    stored = db.session.scalar(db.select(User.password_hash).filter_by(email="lea@exemple.fr"))
    assert stored.startswith("$argon2id$")
    assert "m=19456,t=2,p=1" in stored
    assert "une phrase" not in stored
