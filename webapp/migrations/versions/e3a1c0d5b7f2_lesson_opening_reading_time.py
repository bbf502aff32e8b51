"""Lesson opening: the lesson each person is reading, for the minimum reading time

Revision ID: e3a1c0d5b7f2
Revises: 3f1c9a7e2b64
Create Date: 2026-12-05 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a1c0d5b7f2'
down_revision = '3f1c9a7e2b64'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lesson_opening',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_slug', sa.String(length=60), nullable=False),
    sa.Column('lesson_key', sa.String(length=130), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_lesson_opening_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_lesson_opening'))
    )


def downgrade():
    op.drop_table('lesson_opening')
