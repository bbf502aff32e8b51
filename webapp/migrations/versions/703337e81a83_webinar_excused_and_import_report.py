"""Webinars: « excusé(e) » registrations; the visio import's tool and ambiguous names

Revision ID: 703337e81a83
Revises: e3a1c0d5b7f2
Create Date: 2026-12-05 07:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '703337e81a83'
down_revision = 'e3a1c0d5b7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration') as batch_op:
        batch_op.add_column(sa.Column('excused_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('attendance_import') as batch_op:
        batch_op.add_column(sa.Column('tool', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('ambiguous', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('attendance_import') as batch_op:
        batch_op.drop_column('ambiguous')
        batch_op.drop_column('tool')
    with op.batch_alter_table('registration') as batch_op:
        batch_op.drop_column('excused_at')
