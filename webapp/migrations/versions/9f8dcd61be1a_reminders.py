"""Reminders: an RL's e-mail to a person about the e-learning, once a week at most

Revision ID: 9f8dcd61be1a
Revises: 9b4e2f61c0a7
Create Date: 2026-12-05 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9f8dcd61be1a'
down_revision = '9b4e2f61c0a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_reminder_user_id_user_account')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_reminder_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['sent_by_id'], ['user_account.id'], name=op.f('fk_reminder_sent_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('user_id', 'week', name=op.f('uq_reminder_user_week'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_user_id'))
    op.drop_table('reminder')
