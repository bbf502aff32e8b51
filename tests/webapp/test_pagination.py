"""Page numbers typed in a URL: any of them gives a page, never a 500."""

import pytest

from tests.factories import attach, make_legal_rep, make_organisation, make_person
from webapp.models import PlatformRole

ABSURD = ["99999999999999999999", "-3", "0", "deux", "1e9", "", "2.5", "１２"]


@pytest.fixture
def admin(app, auth):
    person = make_person("admin@exemple.fr", role=PlatformRole.ADMIN)
    auth.login(person.email)
    return person


def test_admin_lists_answer_any_page_number(client, admin):
    """Does an admin list answer a page, whatever number is typed?"""
    for path in ("/admin/people", "/admin/audit", "/admin/outbox", "/admin/structures"):
        for page in ABSURD:
            response = client.get(path, query_string={"page": page})
            assert response.status_code == 200, (path, page)


def test_a_page_beyond_the_last_shows_the_last(client, admin):
    """Is a page number beyond the end answered with the last page, not an empty one?"""
    for number in range(60):
        make_person(f"p{number:02d}@exemple.fr", last_name=f"Zz{number:02d}")
    page = client.get("/admin/people", query_string={"page": "99999999999999999999"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Page 3 sur 3" in text and "p59@exemple.fr" in text  # 25 a page


def test_the_roster_answers_any_page_number(client, auth):
    """Does an RL's roster answer a page, whatever number is typed?"""
    organisation = make_organisation(establishments=1)
    rl = make_legal_rep(organisation)
    attach(make_person("lea@exemple.fr", last_name="Martin"), organisation)
    auth.login(rl.email)
    for page in ABSURD:
        response = client.get(f"/structures/{organisation.id}/personnes",
                              query_string={"page": page})
        assert response.status_code == 200, page
        assert "Martin" in response.get_data(as_text=True)
