"""The migrations produce exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webapp.extensions import db


def test_migrations_match_the_models(app):
    """Does the migrated database differ in any way from the models (tables, columns, types)?"""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_model_table_exists(app):
    """Is every table of the models present after migrating?"""
    tables = set(db.inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
