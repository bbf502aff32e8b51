"""Backups: `flask backup create`, then `flask backup restore` into a fresh database."""

import pytest
import sqlalchemy as sa

from tests.conftest import app_config
from tests.factories import make_person
from tests.webapp.steps import make_exam_ready, pass_exam
from webapp import create_app
from webapp.extensions import db
from webapp.models import Attestation, User


@pytest.fixture
def fresh_url(database_url, tmp_path):
    """An empty database of the same kind, never migrated: where a backup is restored."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/restored.sqlite3"
        return
    url = sa.engine.make_url(database_url)
    name = f"{url.database}_restored"
    server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.dispose()


def certify(email: str) -> Attestation:
    """A learner who passed the exam, through the app's own operations."""
    person = make_person(email)
    make_exam_ready(person)
    pass_exam(person)
    return db.session.scalars(db.select(Attestation).filter_by(user_id=person.id)).one()


def test_a_restored_backup_keeps_every_attestation_and_the_numbering(app, runner, fresh_url,
                                                                     tmp_path):
    """After backup → restore into a fresh database, is every attestation still verifiable,
    and does the next attestation take the next number?"""
    issued = [(a.verification_code, a.number, a.sequence)
              for a in (certify("lea@exemple.fr"), certify("sam@exemple.fr"))]
    path = tmp_path / "sauvegardes" / "rppsplus.dump"
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output and path.stat().st_size > 0

    restored = create_app(app_config(fresh_url))
    with restored.app_context():
        result = restored.test_cli_runner().invoke(args=["backup", "restore", str(path)])
        assert result.exit_code == 0, result.output
        assert "Base restaurée" in result.output
        client = restored.test_client()
        for code, number, _ in issued:
            page = client.get(f"/verify/{code}").get_data(as_text=True)
            assert "Attestation valide" in page and number in page
        latest = certify("noa@exemple.fr")
        assert latest.sequence == max(sequence for *_, sequence in issued) + 1
        db.session.remove()
        db.engine.dispose()


def test_a_restore_over_data_is_refused_without_force(app, runner, tmp_path):
    """Is a restore over a database that holds data refused, unless --force is given?"""
    make_person("lea@exemple.fr")
    path = tmp_path / "rppsplus.dump"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    make_person("sam@exemple.fr")

    refused = runner.invoke(args=["backup", "restore", str(path)])
    assert refused.exit_code == 3
    assert "Restauration refusée" in refused.output and "--force" in refused.output
    assert person_exists("sam@exemple.fr")

    forced = runner.invoke(args=["backup", "restore", "--force", str(path)])
    assert forced.exit_code == 0, forced.output
    assert not person_exists("sam@exemple.fr") and person_exists("lea@exemple.fr")


def test_a_file_that_is_no_backup_is_refused(app, runner, tmp_path):
    """Does restoring a file that is not a backup fail with a French message, data intact?"""
    make_person("lea@exemple.fr")
    path = tmp_path / "pas-une-sauvegarde.dump"
    path.write_text("bonjour")
    result = runner.invoke(args=["backup", "restore", "--force", str(path)])
    assert result.exit_code == 1
    assert "Erreur :" in result.output
    assert person_exists("lea@exemple.fr")


def person_exists(email: str) -> bool:
    """Whether the database holds an account for `email` (read afresh)."""
    db.session.expire_all()
    found = db.session.scalar(db.select(User).filter_by(email=email)) is not None
    db.session.commit()
    return found
