"""document exemption; minutes version kind

A case document can be exempt from public access on its own, with its legal basis (DOMAIN.md §9):
``case_document.exempt`` (false for every existing document) and ``case_document.legal_basis``,
with the same check as a case's (an exempt document needs a legal basis).

Which minutes versions a reader may see is decided by ``minutes_version.kind`` (comments,
approved, correction), no longer by the wording of the reason; existing versions get their
kind from the reasons the application wrote ("Godkjent …", "Rettet: …", else sent for comments).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exempt', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('legal_basis', sa.String(length=200), nullable=True))
        batch_op.create_check_constraint(op.f('ck_case_document_exempt_needs_basis'),
                                         'NOT exempt OR legal_basis IS NOT NULL')

    with op.batch_alter_table('minutes_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='comments',
                                      nullable=False))
    op.execute("UPDATE minutes_version SET kind = CASE "
               "WHEN reason LIKE 'Godkjent%' THEN 'approved' "
               "WHEN reason LIKE 'Rettet:%' THEN 'correction' "
               "ELSE 'comments' END")
    with op.batch_alter_table('minutes_version', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=20), server_default=None,
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('minutes_version', schema=None) as batch_op:
        batch_op.drop_column('kind')

    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_document_exempt_needs_basis'), type_='check')
        batch_op.drop_column('legal_basis')
        batch_op.drop_column('exempt')
