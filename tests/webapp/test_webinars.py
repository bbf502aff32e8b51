"""Webinars: a trainer creates, publishes, changes and cancels; people of the region register,
wait, are promoted, reminded; the invitation (.ics) follows every change."""

import re
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar

from directory.structures import StructureRole
from tests.conftest import world_fixture
from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.extensions import db
from webapp.models import (
    OutboxMessage,
    PlatformRole,
    Registration,
    Webinar,
)
from webapp.timekeeping import PARIS, utcnow
from webapp.webinars import organising
from webapp.webinars.organising import CHECKIN_ALPHABET

from .steps import as_read, text

VISIO = "https://visio.exemple.fr/salle-rpps"



@world_fixture
def world(app):
    """An EJ of region 84 with an RL and three gestionnaires; a trainer of the region and one
    of another; an admin; someone of another region and someone attached nowhere."""
    mine = make_organisation(name="EJ du Rhône")
    elsewhere = make_organisation(name="EJ normande", region_code="28", departement="38")
    people = {
        "rl": make_legal_rep(mine, email="rl@exemple.fr", first_name="Rachel"),
        "trainer": make_person("formateur@exemple.fr", role=PlatformRole.TRAINER,
                               first_name="Fabien", last_name="Formateur"),
        "trainer_elsewhere": make_person("normandie@exemple.fr", role=PlatformRole.TRAINER,
                                         region_code="28"),
        "admin": make_person("admin@exemple.fr", role=PlatformRole.ADMIN),
        "stranger": make_person("inconnu@exemple.fr"),
        "norman": make_person("normand@exemple.fr"),
    }
    for number in (1, 2, 3):
        people[f"g{number}"] = make_person(f"g{number}@exemple.fr", first_name=f"Gé{number}")
        attach(people[f"g{number}"], mine)
    attach(people["norman"], elsewhere, StructureRole.GESTIONNAIRE)
    return {"mine": mine, **people}


def paris_day(days: int = 7) -> datetime:
    return utcnow().astimezone(PARIS) + timedelta(days=days)


def form(**overrides) -> dict:
    """A valid creation form, as a trainer fills it (the French way: 21/11/2026, 14 h 30)."""
    values = {
        "title": "Désigner ses gestionnaires RPPS+",
        "description": "Un **tour complet**, questions comprises.",
        "starts_on": paris_day().strftime("%d/%m/%Y"),
        "starts_at_time": "14 h 30",
        "duration_minutes": "90",
        "capacity": "2",
        "audience": "all",
        "visio_url": VISIO,
        "modules": ["03-designer-les-gestionnaires"],
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def published(trainer, *, starts_in=timedelta(days=7), capacity=2, audience="all",
              **fields) -> Webinar:
    """A published webinar of the trainer's region, made with the app's own operations."""
    details = {"title": "Webinaire de test", "description": "", "starts_at":
               utcnow() + starts_in, "duration_minutes": 60, "capacity": capacity,
               "audience": audience, "visio_url": VISIO, "modules": [], **fields}
    webinar = organising.create_webinar(details, trainer, trainer.region_code)
    webinar.status, webinar.published_at = "published", utcnow()
    db.session.commit()
    return webinar


def as_(auth, person):
    auth.logout()
    assert auth.login(person.email).status_code == 303


def register(client, webinar, **headers):
    return client.post(f"/webinaires/{webinar.id}/inscription", headers=headers)


def registration(webinar, person) -> Registration | None:
    return db.session.scalar(db.select(Registration).filter_by(webinar_id=webinar.id,
                                                               user_id=person.id))


def mails_to(person, subject_part="") -> list[OutboxMessage]:
    return [m for m in db.session.scalars(db.select(OutboxMessage).filter_by(
        recipient=person.email).order_by(OutboxMessage.id)) if subject_part in m.subject]


def ics_of(client, webinar) -> Calendar:
    response = client.get(f"/webinaires/{webinar.id}/invitation.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


# Creating and publishing


def test_a_trainer_creates_a_draft_then_publishes_it(client, auth, world):
    """Does a trainer's webinar start as a draft of their region, with a check-in code and an
    iCalendar UID, at the Paris time typed, hidden from learners until published?"""
    as_(auth, world["trainer"])
    page = client.get("/webinaires/nouveau")
    assert page.status_code == 200 and 'name="region_code"' not in text(page)
    response = client.post("/webinaires/nouveau", data=form(region_code="28"))
    assert response.status_code == 303
    webinar = db.session.scalar(db.select(Webinar))
    assert response.headers["Location"].endswith(f"/webinaires/{webinar.id}")
    assert (webinar.status, webinar.region_code, webinar.trainer_id) == (
        "draft", "84", world["trainer"].id)
    assert webinar.ical_uid.endswith("@rppsplus") and webinar.ical_sequence == 0
    assert len(webinar.checkin_code) == 6 and set(webinar.checkin_code) <= set(CHECKIN_ALPHABET)
    local = webinar.starts_at.astimezone(PARIS)
    assert (local.date(), local.hour, local.minute) == (paris_day().date(), 14, 30)
    assert webinar.modules == ["03-designer-les-gestionnaires"]

    as_(auth, world["g1"])
    assert client.get(f"/webinaires/{webinar.id}").status_code == 404
    assert webinar.title not in text(client.get("/webinaires/"))

    as_(auth, world["trainer"])
    assert client.post(f"/webinaires/{webinar.id}/publier").status_code == 303
    db.session.refresh(webinar)
    assert webinar.status == "published" and webinar.published_at is not None

    as_(auth, world["g1"])
    listing = text(client.get("/webinaires/"))
    assert webinar.title in listing and "2 places disponibles sur 2" in listing
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert "Module 3 : Désigner les gestionnaires RPPS+" in page


def test_an_admin_picks_the_region(client, auth, world):
    """May an admin create a webinar for any region (and must they choose one)?"""
    as_(auth, world["admin"])
    missing = client.post("/webinaires/nouveau", data=form())
    assert missing.status_code == 422 and "Choisissez la région." in text(missing)
    assert client.post("/webinaires/nouveau", data=form(region_code="28")).status_code == 303
    assert db.session.scalar(db.select(Webinar.region_code)) == "28"


def test_only_trainers_of_the_region_and_admins_run_a_webinar(client, auth, world):
    """Do learners, RLs and trainers of other regions get 404 on every organising action?"""
    webinar = published(world["trainer"])
    actions = [("get", "/webinaires/nouveau"), ("get", f"/webinaires/{webinar.id}/modifier"),
               ("post", f"/webinaires/{webinar.id}/modifier"),
               ("post", f"/webinaires/{webinar.id}/publier"),
               ("post", f"/webinaires/{webinar.id}/annuler"),
               ("post", f"/webinaires/{webinar.id}/terminer")]
    for who in ("g1", "rl", "trainer_elsewhere"):
        as_(auth, world[who])
        for method, url in actions:
            if who == "trainer_elsewhere" and url.endswith("nouveau"):
                continue  # a trainer creates webinars: of their own region
            assert getattr(client, method)(url).status_code == 404, (who, url)
    db.session.refresh(webinar)
    assert webinar.status == "published" and webinar.title == "Webinaire de test"


BAD_INPUT = [
    ("capacity", {"capacity": "0"}, "Il faut au moins 1 place."),
    ("capacity", {"capacity": "-5"}, "Il faut au moins 1 place."),
    ("capacity", {"capacity": "beaucoup"}, "Saisissez un nombre entier"),
    ("starts_on", {"starts_on": (utcnow() - timedelta(days=2)).astimezone(PARIS)
                   .strftime("%d/%m/%Y")}, "Le début doit être dans le futur"),
    ("starts_at_time", {"starts_on": utcnow().astimezone(PARIS).strftime("%d/%m/%Y"),
                        "starts_at_time": "00:00"}, "Le début doit être dans le futur"),
    ("starts_on", {"starts_on": "31/02/2027"}, "Saisissez une date valide"),
    ("duration_minutes", {"duration_minutes": "0"}, "La fin doit venir après le début"),
    ("duration_minutes", {"duration_minutes": "-30"}, "La fin doit venir après le début"),
    ("description", {"description": "é" * 5001}, "5\u202f000 caractères au plus"),
    ("visio_url", {"visio_url": "http://visio.exemple.fr/salle"}, "https://"),
    ("visio_url", {"visio_url": "javascript:alert(1)"}, "https://"),
    ("title", {"title": "  "}, "Saisissez le titre du webinaire."),
]


@pytest.mark.parametrize(("field", "changes", "message"), BAD_INPUT,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUT)])
def test_bad_input_is_refused_next_to_its_field_and_kept(client, auth, world, field, changes,
                                                         message):
    """Is each mistake refused (422) with a French message next to its field, nothing stored,
    and everything typed kept?"""
    as_(auth, world["trainer"])
    data = form(**{"title": "Mon titre à garder", **changes})
    response = client.post("/webinaires/nouveau", data=data)
    page = text(response)
    assert response.status_code == 422
    error = re.search(rf'<p class="field__error" id="{field}-error">([^<]*)</p>', page)
    assert error and message in error.group(1), page[:3000]
    assert f'aria-describedby="{field}-hint {field}-error"' in page or \
        f'aria-describedby="{field}-error"' in page
    assert db.session.scalar(db.select(db.func.count(Webinar.id))) == 0
    for name in ("title", "capacity", "duration_minutes", "visio_url", "starts_on"):
        if name != "title" or field != "title":
            assert f'value="{data[name]}"' in page, name
    if field == "description":
        assert data["description"] in page


def test_the_description_is_markdown_with_no_raw_html(client, auth, world):
    """Does a description render its Markdown but none of the HTML typed into it?"""
    webinar = published(world["trainer"], description=(
        "**Gras** et [lien](https://exemple.fr) <script>alert('x')</script> "
        "<img src=x onerror=alert(1)> [piège](javascript:alert(2))"))
    as_(auth, world["g1"])
    page = client.get(f"/webinaires/{webinar.id}").get_data(as_text=True)
    assert "<strong>Gras</strong>" in page
    assert '<a href="https://exemple.fr" rel="noopener noreferrer nofollow">lien</a>' in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "javascript:" not in page


def test_editing_a_published_webinar_sends_the_new_invitation(client, auth, world):
    """Does a change to a published webinar raise its SEQUENCE and send the updated .ics to
    those registered (with the new time), and may the capacity not fall below them?"""
    webinar = published(world["trainer"], capacity=1)
    as_(auth, world["g1"])
    register(client, webinar)
    as_(auth, world["g2"])
    register(client, webinar)  # waiting
    as_(auth, world["trainer"])
    moved = paris_day(10)
    refused = client.post(f"/webinaires/{webinar.id}/modifier",
                          data=form(title="Nouveau titre", capacity="0"))
    assert refused.status_code == 422
    response = client.post(f"/webinaires/{webinar.id}/modifier", data=form(
        title="Nouveau titre", starts_on=moved.strftime("%Y-%m-%d"), starts_at_time="09:15",
        capacity="2"))
    assert response.status_code == 303
    db.session.refresh(webinar)
    assert webinar.ical_sequence == 1 and webinar.title == "Nouveau titre"
    (update,) = mails_to(world["g1"], "Webinaire modifié")
    assert f"/webinaires/{webinar.id}/invitation.ics" in update.body_text
    assert "date et heure" in update.body_text
    # One more seat: the waiting person moves up, and is told.
    assert registration(webinar, world["g2"]).status == "confirmed"
    assert mails_to(world["g2"], "Une place s'est libérée")

    as_(auth, world["g1"])
    event = event_of(ics_of(client, webinar))
    start = event.decoded("dtstart")
    assert event["sequence"] == 1 and str(event["summary"]).endswith("Nouveau titre")
    assert start.astimezone(PARIS).replace(tzinfo=None) == datetime.combine(
        moved.date(), datetime.strptime("09:15", "%H:%M").time())

    as_(auth, world["trainer"])
    too_few = client.post(f"/webinaires/{webinar.id}/modifier", data=form(capacity="1"))
    assert too_few.status_code == 422
    assert "2 personnes ont déjà une place" in text(too_few)
    assert 'value="1"' in text(too_few)
    db.session.refresh(webinar)
    assert webinar.capacity == 2 and webinar.ical_sequence == 1
    # Two problems at once are both said, not one per submit.
    both = client.post(f"/webinaires/{webinar.id}/modifier",
                       data=form(capacity="1", duration_minutes="0"))
    page = text(both)
    assert both.status_code == 422 and "Le formulaire contient 2 erreurs" in page
    assert "2 personnes ont déjà une place" in page and "au moins 1 minute" in page
    db.session.refresh(webinar)
    assert webinar.capacity == 2 and webinar.ical_sequence == 1


def test_a_webinar_under_way_may_be_corrected_without_moving_it(client, auth, world):
    """May a trainer fix the description of a webinar that has started, its start (past, but
    unchanged) left as it was?"""
    webinar = published(world["trainer"])
    webinar.starts_at = started = utcnow() - timedelta(minutes=10)
    db.session.commit()
    local = started.astimezone(PARIS)
    as_(auth, world["trainer"])
    assert client.get(f"/webinaires/{webinar.id}/modifier").status_code == 200
    response = client.post(f"/webinaires/{webinar.id}/modifier", data=form(
        title=webinar.title, description="Corrigée", starts_on=local.strftime("%d/%m/%Y"),
        starts_at_time=local.strftime("%H:%M"), duration_minutes="60", modules=None))
    assert response.status_code == 303
    db.session.refresh(webinar)
    assert webinar.description == "Corrigée" and webinar.starts_at == started
    earlier = local - timedelta(minutes=5)
    moved = client.post(f"/webinaires/{webinar.id}/modifier", data=form(
        starts_on=earlier.strftime("%d/%m/%Y"), starts_at_time=earlier.strftime("%H:%M")))
    assert moved.status_code == 422 and "Le début doit être dans le futur" in text(moved)


def test_cancelling_tells_everyone_and_cancels_the_event(client, auth, world):
    """Does cancelling tell the registered (with a METHOD:CANCEL .ics) and the waiting list?"""
    webinar = published(world["trainer"], capacity=1)
    as_(auth, world["g1"])
    register(client, webinar)
    as_(auth, world["g2"])
    register(client, webinar)
    as_(auth, world["trainer"])
    response = client.post(f"/webinaires/{webinar.id}/annuler",
                           data={"reason": "Intervenant malade"})
    assert response.status_code == 303
    db.session.refresh(webinar)
    assert webinar.status == "cancelled" and webinar.cancellation_reason == "Intervenant malade"
    (seated,) = mails_to(world["g1"], "Webinaire annulé")
    assert "Intervenant malade" in seated.body_text and "invitation.ics" in seated.body_text
    (waiting,) = mails_to(world["g2"], "Webinaire annulé")
    assert "invitation.ics" not in waiting.body_text

    as_(auth, world["g1"])
    calendar = ics_of(client, webinar)
    event = event_of(calendar)
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert event["uid"] == webinar.ical_uid and event["sequence"] == 1
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert "Ce webinaire est annulé" in page and "Retirer de mon agenda" in page
    assert register(client, webinar).status_code == 422

    as_(auth, world["trainer"])
    again = client.post(f"/webinaires/{webinar.id}/annuler", data={"reason": ""})
    assert again.status_code == 422 and "ne peut plus être annulé" in text(again)


def test_a_session_is_marked_done_once_started(client, auth, world):
    """May a trainer mark a webinar done once it has started, and not before?"""
    early = published(world["trainer"])
    as_(auth, world["trainer"])
    refused = client.post(f"/webinaires/{early.id}/terminer")
    assert refused.status_code == 422 and "pas encore commencé" in text(refused)
    started = published(world["trainer"], starts_in=timedelta(days=7))
    started.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert client.post(f"/webinaires/{started.id}/terminer").status_code == 303
    db.session.refresh(started)
    assert started.status == "done"


# Registering


def test_one_click_registration_with_invitation(client, auth, world):
    """Does a learner of the region register in one click, get an e-mail with the link to the
    .ics, and download an invitation whose start is the Paris time of the webinar?"""
    webinar = published(world["trainer"])
    as_(auth, world["g1"])
    response = register(client, webinar)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/webinaires/{webinar.id}")
    page = text(client.get(response.headers["Location"]))
    assert "Vous êtes inscrit(e)" in page and "invitation.ics" in page
    assert registration(webinar, world["g1"]).status == "confirmed"
    (mail,) = mails_to(world["g1"], "Inscription confirmée")
    assert f"http://academie.test/webinaires/{webinar.id}/invitation.ics" in mail.body_text
    assert "15 minutes avant le début" in mail.body_text

    calendar = ics_of(client, webinar)
    event = event_of(calendar)
    assert calendar["method"] == "REQUEST" and calendar.walk("VTIMEZONE")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None
    assert start == webinar.starts_at.replace(microsecond=0)  # iCalendar counts no fractions
    assert (start.astimezone(PARIS).hour, start.astimezone(PARIS).minute) == (
        webinar.starts_at.astimezone(PARIS).hour, webinar.starts_at.astimezone(PARIS).minute)
    assert event.decoded("dtend") - start == timedelta(minutes=60)
    assert event["uid"] == webinar.ical_uid and event["sequence"] == 0
    assert "g1@exemple.fr" in str(event["attendee"]) and VISIO not in calendar.to_ical().decode()

    assert register(client, webinar).status_code == 303  # twice: still one registration
    assert db.session.scalar(db.select(db.func.count(Registration.id))) == 1


def test_htmx_swaps_the_button_for_the_registration(client, auth, world):
    """Does an htmx click get the registration panel alone, with the message to focus?"""
    webinar = published(world["trainer"], capacity=1)
    as_(auth, world["g1"])
    response = register(client, webinar, **{"HX-Request": "true"})
    body = text(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith("<div id=\"inscription-") or \
        f'<div id="inscription-{webinar.id}"' in body.split("\n", 3)[-1]
    assert "<html" not in body and "data-focus-after-swap" in body
    assert "Vous êtes inscrit(e)" in body and "Me désinscrire" in body
    as_(auth, world["g2"])
    waiting = text(register(client, webinar, **{"HX-Request": "true"}))
    assert "en position 1" in waiting and "Quitter la liste d'attente" in waiting


def test_the_seat_count_on_the_page_follows_an_htmx_click(client, auth, world):
    """Does the swap bring the page's seat count along (out of band), matching the page?"""
    webinar = published(world["trainer"], capacity=3)
    as_(auth, world["g1"])
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert f'<span id="places-{webinar.id}">0 inscrit sur 3</span>' in page
    body = text(register(client, webinar, **{"HX-Request": "true"}))
    assert (f'<span id="places-{webinar.id}" data-hx-swap-oob="true">1 inscrit sur 3</span>'
            in body)
    left = text(client.post(f"/webinaires/{webinar.id}/desinscription",
                            headers={"HX-Request": "true"}))
    assert "0 inscrit sur 3</span>" in left


def test_a_full_webinar_has_a_waiting_list_that_moves_up(client, auth, world):
    """Past capacity, do people wait in order, and does a cancellation seat the first one,
    who is told by e-mail with the invitation?"""
    webinar = published(world["trainer"], capacity=1)
    for who in ("g1", "g2", "g3"):
        as_(auth, world[who])
        register(client, webinar)
    assert [registration(webinar, world[w]).status for w in ("g1", "g2", "g3")] == [
        "confirmed", "waiting", "waiting"]
    assert "position 2" in mails_to(world["g3"], "Liste d'attente")[0].body_text
    assert client.get(f"/webinaires/{webinar.id}/invitation.ics").status_code == 404

    as_(auth, world["g1"])
    assert client.post(f"/webinaires/{webinar.id}/desinscription").status_code == 303
    assert [registration(webinar, world[w]).status for w in ("g1", "g2", "g3")] == [
        "cancelled", "confirmed", "waiting"]
    assert client.get(f"/webinaires/{webinar.id}/invitation.ics").status_code == 404
    (promoted,) = mails_to(world["g2"], "Une place s'est libérée")
    assert "invitation.ics" in promoted.body_text
    as_(auth, world["g2"])
    assert ics_of(client, webinar)
    as_(auth, world["g3"])
    assert "en position 1" in text(client.get(f"/webinaires/{webinar.id}"))

    # Coming back after leaving: at the end of the queue.
    as_(auth, world["g1"])
    register(client, webinar)
    assert registration(webinar, world["g1"]).status == "waiting"
    assert "en position 2" in text(client.get(f"/webinaires/{webinar.id}"))


def test_registration_closes_at_the_start(client, auth, world):
    """Once the webinar has started, are registering and unregistering refused (422)?"""
    webinar = published(world["trainer"])
    as_(auth, world["g1"])
    register(client, webinar)
    webinar.starts_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    as_(auth, world["g2"])
    refused = register(client, webinar)
    assert refused.status_code == 422 and "Les inscriptions sont closes" in text(refused)
    assert registration(webinar, world["g2"]) is None
    htmx = register(client, webinar, **{"HX-Request": "true"})
    assert htmx.status_code == 422 and 'role="alert"' in text(htmx)
    as_(auth, world["g1"])
    assert client.post(f"/webinaires/{webinar.id}/desinscription").status_code == 422
    assert registration(webinar, world["g1"]).status == "confirmed"


def test_only_the_audience_sees_and_registers(client, auth, world):
    """Do people outside the region, or outside the audience, get 404 and no listing?"""
    for_rls = published(world["trainer"], audience="rl", title="Pour les RL")
    for_all = published(world["trainer"], title="Pour tous")
    for who in ("norman", "stranger"):
        as_(auth, world[who])
        assert "Pour tous" not in text(client.get("/webinaires/"))
        assert register(client, for_all).status_code == 404
        assert client.get(f"/webinaires/{for_all.id}").status_code == 404
    as_(auth, world["g1"])
    assert "Pour les RL" not in text(client.get("/webinaires/"))
    assert register(client, for_rls).status_code == 404
    as_(auth, world["rl"])
    assert "Pour les RL" in text(client.get("/webinaires/"))
    assert register(client, for_rls).status_code == 303
    assert registration(for_rls, world["rl"]).status == "confirmed"


def test_the_visio_link_shows_to_the_registered_from_fifteen_minutes_before(client, auth,
                                                                           world):
    """Is the visio link hidden until 15 minutes before the start, then shown to confirmed
    registrants only, and always to trainers?"""
    webinar = published(world["trainer"], capacity=1, starts_in=timedelta(minutes=40))
    as_(auth, world["g1"])
    register(client, webinar)
    as_(auth, world["g2"])
    register(client, webinar)  # waiting
    as_(auth, world["g1"])
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert VISIO not in page and "15 minutes avant le début" in page
    as_(auth, world["trainer"])
    assert VISIO in text(client.get(f"/webinaires/{webinar.id}"))

    webinar.starts_at = utcnow() + timedelta(minutes=14)
    db.session.commit()
    as_(auth, world["g1"])
    assert VISIO in text(client.get(f"/webinaires/{webinar.id}"))
    for who in ("g2", "g3"):
        as_(auth, world[who])
        assert VISIO not in text(client.get(f"/webinaires/{webinar.id}")), who


def test_the_invitation_is_for_registered_people_only(client, auth, world):
    """Does /invitation.ics answer 404 to anyone not confirmed, the trainer included?"""
    webinar = published(world["trainer"])
    for who in ("g1", "trainer", "stranger", "admin"):
        as_(auth, world[who])
        assert client.get(f"/webinaires/{webinar.id}/invitation.ics").status_code == 404, who
    auth.logout()
    anonymous = client.get(f"/webinaires/{webinar.id}/invitation.ics")
    assert anonymous.status_code == 303 and "/login" in anonymous.headers["Location"]


def test_the_trainer_sees_who_registered(client, auth, world):
    """Does the trainer's page list the registered and waiting people, the check-in code, and
    link to the attendance pages only where they exist?"""
    webinar = published(world["trainer"], capacity=1)
    for who in ("g1", "g2"):
        as_(auth, world[who])
        register(client, webinar)
    as_(auth, world["trainer"])
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert "Gé1" in page and "Gé2" in page and "Liste d'attente" in page
    assert webinar.checkin_code in page
    emargement = f"/webinaires/{webinar.id}/emargement"
    assert (emargement in page) == ("webinars.attendance" in client.application.view_functions)
    as_(auth, world["g2"])
    assert webinar.checkin_code not in text(client.get(f"/webinaires/{webinar.id}"))


# The reminder


def test_the_reminder_goes_the_day_before_and_only_once(app, client, auth, world, runner):
    """Does `flask webinars remind` remind the confirmed people of tomorrow's webinar, not the
    waiting list nor later webinars, and never twice?"""
    tomorrow = datetime.combine((utcnow().astimezone(PARIS) + timedelta(days=1)).date(),
                                datetime.strptime("10:00", "%H:%M").time(), PARIS)
    soon = published(world["trainer"], capacity=1, starts_in=tomorrow - utcnow())
    later = published(world["trainer"], starts_in=timedelta(days=3))
    for who in ("g1", "g2"):
        as_(auth, world[who])
        register(client, soon)
        register(client, later)
    result = runner.invoke(args=["webinars", "remind"])
    assert result.exit_code == 0, result.output
    assert "1 rappel(s)" in result.output
    (reminder,) = mails_to(world["g1"], "Rappel")
    assert "demain" in reminder.subject and soon.title in reminder.subject
    assert f"/webinaires/{soon.id}/invitation.ics" in reminder.body_text
    assert not mails_to(world["g2"], "Rappel")
    assert registration(soon, world["g1"]).reminded_at is not None
    again = runner.invoke(args=["webinars", "remind"])
    assert "0 rappel(s)" in again.output
    assert len(mails_to(world["g1"], "Rappel")) == 1


@pytest.mark.parametrize("hour, minutes, until", [
    (10, 60, "1 h, jusqu'à 11 h 00"),
    (23, 90, "1 h 30, jusqu'au "),
])
def test_the_page_says_until_when_in_french(client, auth, world, hour, minutes, until):
    """« jusqu'à 11 h 00 » the same day, « jusqu'au 21 décembre 2026 à 0 h 30 » past
    midnight, never « jusqu'à 20 décembre »."""
    day = (utcnow().astimezone(PARIS) + timedelta(days=15)).date()
    starts_at = datetime.combine(day, datetime.min.time().replace(hour=hour), PARIS)
    webinar = published(world["trainer"], starts_at=starts_at, duration_minutes=minutes)
    as_(auth, world["trainer"])
    page = text(client.get(f"/webinaires/{webinar.id}"))
    assert until in page and "jusqu'à " + str(day.day) not in page
    if hour == 23:
        from webapp.timekeeping import french_datetime

        assert as_read(f"jusqu'au {french_datetime(webinar.ends_at)}") in page
