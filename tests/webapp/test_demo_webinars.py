"""The demo webinars and attendance: a past session with its presences, sessions to come with
none, and nothing in the demo that the rules refuse."""

from tests.pdfs import pdf_text
from webapp.demo import PASSWORD
from webapp.extensions import db
from webapp.models import Webinar
from webapp.timekeeping import utcnow


def demo_webinars():
    return db.session.scalars(db.select(Webinar).filter_by(region_code="84")
                              .order_by(Webinar.starts_at)).all()


def test_only_the_past_demo_webinar_has_presences(seeded_demo, client, auth):
    """Does the past webinar show who came, and do those to come have nobody present and
    offer no « Marquer présent » yet?"""
    past, *upcoming = demo_webinars()
    now = utcnow()
    assert past.ends_at < now and any(r.attended for r in past.registrations)
    assert all(r.checked_in_at >= past.starts_at for r in past.registrations if r.attended)
    assert upcoming and all(w.starts_at > now for w in upcoming)
    assert not any(r.attended for w in upcoming for r in w.registrations)
    auth.login("formateur@demo.test", PASSWORD)
    for webinar in upcoming:
        page = client.get(f"/webinaires/{webinar.id}/emargement").get_data(as_text=True)
        assert "Marquer présent" not in page and "les présences se marquent à partir du" in page
    page = client.get(f"/webinaires/{past.id}/emargement").get_data(as_text=True)
    assert "Retirer la présence" in page and "Marquer présent" in page


def test_the_past_demo_sheet_counts_the_excused_apart(seeded_demo, client, auth):
    past = demo_webinars()[0]
    auth.login("formateur@demo.test", PASSWORD)
    sheet = " ".join(pdf_text(client.get(f"/webinaires/{past.id}/feuille-emargement.pdf")
                              .data).split())
    assert ("5 personnes inscrites, 3 personnes présentes, 1 personne excusée, 1 personne "
            "absente") in sheet
