"""Attestations keep the structures their holder was attached to when passing, and the
course's declared length

Revision ID: 848d08c328a1
Revises: 9f8dcd61be1a
Create Date: 2026-12-05 07:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '848d08c328a1'
down_revision = '9f8dcd61be1a'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: the attestations issued before did not keep them (their PDF says nothing of
    # structures rather than today's, which may not be those of the pass).
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holder_structures', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('course_minutes', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.drop_column('course_minutes')
        batch_op.drop_column('holder_structures')
