"""The attestation PDF as its holder downloads it: who issues it, the holder's RPPS number and
structures at the time of passing, the course's declared length, the issuer's logo read from
the instance folder only; and web tests that render a PDF only when they read it."""

import io
from html import unescape

import pypdf
import pytest
import segno

from certificates import typesetting
from directory.structures import ContractMode, StructureRole
from tests.factories import attach, make_organisation, make_person
from tests.pdfs import STAND_IN, pdf_layout, pdf_text, real_pdf
from webapp.catalogue import courses
from webapp.config import ConfigError, load
from webapp.extensions import db
from webapp.models import Attestation
from webapp.structures.operations import end_attachment

from .steps import COURSE, make_exam_ready, pass_exam


def png() -> bytes:
    buffer = io.BytesIO()
    segno.make("logo", micro=False).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def images(pdf: bytes) -> int:
    return sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(real_pdf(pdf))).pages)


@pytest.fixture
def certified(app):
    """A learner with an RPPS number, attached to an EG of one EJ and to another EJ, who passed."""
    first = make_organisation(mode=ContractMode.DECENTRALISED, establishments=1,
                              name="Entraide du Rhône")
    second = make_organisation(name="Foyer Le Relais")
    person = make_person("lea@exemple.fr", first_name="Léa", last_name="Martin",
                         rpps="10104332183")
    attach(person, first, establishment=first.establishments[0])
    attach(person, second)
    make_exam_ready(person)
    pass_exam(person)
    return person, first, second


def pdf_of(client, auth, person) -> bytes:
    number = db.session.scalar(db.select(Attestation.number).filter_by(user_id=person.id))
    auth.login(person.email)
    response = client.get(f"/attestations/{number}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_the_pdf_names_issuer_rpps_structures_at_passing_and_length(app, client, auth,
                                                                     certified):
    """Does the PDF name the issuer, the RPPS number, the structures of the time of passing
    (labelled as such, even after the holder left one) and the length the course announces?"""
    person, first, second = certified
    app.config["ATTESTATION_ISSUER"] = "GCS SARA — Auvergne-Rhône-Alpes"
    for membership in person.active_memberships:
        if membership.organisation_id == second.id:
            end_attachment(membership)
    attach(person, make_organisation(name="Arrivée Après"))
    db.session.commit()

    pdf = pdf_of(client, auth, person)
    text = " ".join(pdf_layout(pdf).split())
    # Letter-spaced capitals: pypdf reads them back as words, pdftotext letter by letter.
    assert "GCS SARA — AUVERGNE-RHÔNE-ALPES" in pdf_text(pdf).upper()
    assert pypdf.PdfReader(io.BytesIO(real_pdf(pdf))).metadata.author == (
        "GCS SARA — Auvergne-Rhône-Alpes")
    assert "N° RPPS : 10104332183" in text
    eg = first.establishments[0]
    assert f"{eg.name}, Entraide du Rhône (FINESS {eg.finess})" in text
    assert f"Foyer Le Relais (FINESS {second.finess})" in text
    assert "Arrivée Après" not in text
    assert "Structure(s) de rattachement à la date de réussite, à titre indicatif" in text
    minutes = courses()[COURSE].minutes
    assert f"Durée de la formation : environ {minutes} minutes" in text
    course_page = unescape(client.get(f"/formation/{COURSE}/").get_data(as_text=True))
    assert f"environ {minutes} minutes" in course_page


def test_the_logo_is_the_instance_file_and_nothing_else_is_fetched(app, client, auth,
                                                                    certified, tmp_path,
                                                                    monkeypatch):
    """Is the logo the PNG of the instance folder, a link leading out of it ignored, and no
    other file or server ever fetched by the renderer?"""
    person = certified[0]
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setattr(app, "instance_path", str(instance))
    served = []
    real = typesetting.restricted_fetcher
    monkeypatch.setattr(typesetting, "restricted_fetcher",
                        lambda url, resources=None: served.append(url) or real(url, resources))
    outside = tmp_path / "ailleurs.png"
    outside.write_bytes(png())

    (instance / "attestation-logo.png").symlink_to(outside)
    assert images(pdf_of(client, auth, person)) == 0
    (instance / "attestation-logo.png").unlink()
    (instance / "attestation-logo.png").write_bytes(b"<svg>pas une image</svg>")
    assert images(pdf_of(client, auth, person)) == 0
    (instance / "attestation-logo.png").write_bytes(png())
    assert images(pdf_of(client, auth, person)) == 1
    assert set(served) <= {"resource:issuer-logo",
                           f"{typesetting.TEMPLATE_DIR.as_uri()}/dejavu-sans-latin.ttf"}


@pytest.mark.parametrize("name", ["../logo.png", "/etc/logo.png", "logos/logo.png", ".."])
def test_a_logo_outside_the_instance_folder_cannot_be_configured(tmp_path, monkeypatch, name):
    """Does the configuration refuse a logo named by a path rather than a file name?"""
    monkeypatch.setenv("ATTESTATION_LOGO", name)
    with pytest.raises(ConfigError):
        load(str(tmp_path), {"ENVIRONMENT": "test", "SECRET_KEY": "x" * 40})


def test_a_web_test_renders_no_pdf_until_it_reads_one(client, auth, certified, monkeypatch):
    """Does a download in a web test cost no rendering, and reading it render the real PDF?"""
    renders = []
    real = typesetting.render_document
    monkeypatch.setattr(typesetting, "render_document",
                        lambda *args, **kwargs: renders.append(1) or real(*args, **kwargs))
    monkeypatch.setattr("certificates.rendering.render_document", typesetting.render_document)
    pdf = pdf_of(client, auth, certified[0])
    assert pdf.startswith(STAND_IN) and renders == []
    assert "Léa Martin" in pdf_layout(pdf) and renders == [1]


def test_a_legal_rep_is_told_of_the_pass(certified):
    """Is the RL of the holder's structure e-mailed when the pass is recorded (read before the
    write transaction, sent through the outbox)?"""
    from tests.factories import make_legal_rep
    from webapp.models import OutboxMessage

    organisation = make_organisation(name="Nouvelle Structure")
    rl = make_legal_rep(organisation, email="rl.nouvelle@exemple.fr")
    person = make_person("noe@exemple.fr", first_name="Noé")
    attach(person, organisation, StructureRole.GESTIONNAIRE)
    make_exam_ready(person)
    pass_exam(person)
    subjects = db.session.scalars(db.select(OutboxMessage.subject).filter_by(
        recipient=rl.email)).all()
    assert any("a réussi l'e-learning RPPS+" in subject for subject in subjects)
