"""Practice attempts at the registration simulator (entries while open, results at the end)

Revision ID: 9b4e2f61c0a7
Revises: 703337e81a83
Create Date: 2026-12-05 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b4e2f61c0a7'
down_revision = '703337e81a83'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('case_key', sa.String(length=80), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entries', sa.JSON(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('results', sa.JSON(), nullable=True),
    sa.Column('fields_right', sa.Integer(), nullable=True),
    sa.Column('fields_checked', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_practice_attempt_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_attempt'))
    )
    op.create_index('ix_practice_attempt_user_case', 'practice_attempt', ['user_id', 'case_key'], unique=False)


def downgrade():
    op.drop_index('ix_practice_attempt_user_case', table_name='practice_attempt')
    op.drop_table('practice_attempt')
