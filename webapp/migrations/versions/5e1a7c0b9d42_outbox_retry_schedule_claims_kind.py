"""outbox: retry schedule, claims by the sending run, kind and person concerned

Revision ID: 5e1a7c0b9d42
Revises: 75d507992bb6
Create Date: 2026-12-05 04:40:00

Existing messages keep their status: failed ones stay failed (an admin may retry them), pending
ones are due at once (empty `next_attempt_at`).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1a7c0b9d42'
down_revision = '75d507992bb6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('about_user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_message_next_attempt_at'), ['next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_about_user_id'), ['about_user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_message_about_user_id_user_account'),
                                    'user_account', ['about_user_id'], ['id'])


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_message_about_user_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_message_about_user_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_kind'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_next_attempt_at'))
        batch_op.drop_column('about_user_id')
        batch_op.drop_column('kind')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('next_attempt_at')
