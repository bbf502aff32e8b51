"""identity on attestations (names and RPPS as issued) and identity correction requests

Revision ID: 3f1c9a7e2b64
Revises: 5e1a7c0b9d42
Create Date: 2026-12-05 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '3f1c9a7e2b64'
down_revision = '5e1a7c0b9d42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holder_first_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('holder_last_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('holder_rpps', sa.String(length=11), nullable=True))
    # Attestations issued before: the identity they carry is the account's as it stands now.
    for column, source in (('holder_first_name', 'first_name'),
                           ('holder_last_name', 'last_name'), ('holder_rpps', 'rpps')):
        op.execute(
            f"UPDATE attestation SET {column} = (SELECT user_account.{source} FROM user_account "
            "WHERE user_account.id = attestation.user_id)")
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.alter_column('holder_first_name', existing_type=sa.String(length=100),
                              nullable=False)
        batch_op.alter_column('holder_last_name', existing_type=sa.String(length=100),
                              nullable=False)

    op.create_table(
        'identity_correction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('previous_first_name', sa.String(length=100), nullable=False),
        sa.Column('previous_last_name', sa.String(length=100), nullable=False),
        sa.Column('previous_rpps', sa.String(length=11), nullable=True),
        sa.Column('first_name', sa.String(length=100), nullable=False),
        sa.Column('last_name', sa.String(length=100), nullable=False),
        sa.Column('rpps', sa.String(length=11), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_reason', sa.String(length=500), nullable=True),
        sa.Column('replacement_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'],
                                name=op.f('fk_identity_correction_decided_by_id_user_account')),
        sa.ForeignKeyConstraint(['replacement_id'], ['attestation.id'],
                                name=op.f('fk_identity_correction_replacement_id_attestation')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'],
                                name=op.f('fk_identity_correction_requested_by_id_user_account')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_identity_correction_user_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_correction')),
    )
    with op.batch_alter_table('identity_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_identity_correction_user_id'), ['user_id'],
                              unique=False)
        batch_op.create_index('uq_identity_correction_pending', ['user_id'], unique=True,
                              sqlite_where=sa.text("status = 'pending'"),
                              postgresql_where=sa.text("status = 'pending'"))


def downgrade():
    with op.batch_alter_table('identity_correction', schema=None) as batch_op:
        batch_op.drop_index('uq_identity_correction_pending',
                            sqlite_where=sa.text("status = 'pending'"),
                            postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_identity_correction_user_id'))
    op.drop_table('identity_correction')
    with op.batch_alter_table('attestation', schema=None) as batch_op:
        batch_op.drop_column('holder_rpps')
        batch_op.drop_column('holder_last_name')
        batch_op.drop_column('holder_first_name')
