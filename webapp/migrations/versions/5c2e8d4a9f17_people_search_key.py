"""people search: the folded name and e-mail of each person (accents and case aside)

Revision ID: 5c2e8d4a9f17
Revises: 848d08c328a1
Create Date: 2026-12-05 08:30:00

"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '5c2e8d4a9f17'
down_revision = '848d08c328a1'
branch_labels = None
depends_on = None


def folded(text: str) -> str:
    """As `webapp.models.people.folded` on this day (a migration does not import the app)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(char))


def upgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('search_key', sa.String(length=460), nullable=False,
                                   server_default=''))
    people = sa.table('user_account', sa.column('id', sa.Integer),
                      sa.column('first_name', sa.String), sa.column('last_name', sa.String),
                      sa.column('email', sa.String), sa.column('search_key', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.first_name, people.c.last_name,
                                        people.c.email)).all()
    for row in rows:
        connection.execute(people.update().where(people.c.id == row.id).values(
            search_key=folded(f"{row.first_name} {row.last_name} {row.email}")[:460]))


def downgrade():
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('search_key')
