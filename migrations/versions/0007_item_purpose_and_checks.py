"""agenda item purpose, CHECK constraints on the status columns, an item's council is its meeting's

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:15:00

The standard items were recognised by their titles; ``agenda_item.purpose`` says what an item is
for and is filled here from the same title rules (app/services/meeting_setup.purpose_from_title).

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _one_of(column, values, nullable=False):
    allowed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({allowed})" if nullable else f"{column} IN ({allowed})"


# The allowed values as they are in this revision (the models' StrEnums may grow later).
CHECKS = {
    'meeting': {
        'status': _one_of('status', ['planned', 'issued', 'held', 'cancelled']),
        'kind': _one_of('kind', ['ordinary', 'extraordinary']),
    },
    'agenda_item': {
        'kind': _one_of('kind', ['case', 'break']),
        'purpose': _one_of('purpose', ['case', 'approve_notice', 'approve_minutes', 'follow_up',
                                       'any_other_business', 'break']),
        'break_purpose': "(kind = 'break') = (purpose = 'break')",
        'status': _one_of('status', ['planned', 'treated', 'postponed', 'withdrawn']),
        'outcome': _one_of('outcome', ['decided', 'information', 'postponed', 'withdrawn', 'sent_on'],
                           nullable=True),
    },
    'minutes': {
        'status': _one_of('status', ['draft', 'comments', 'approved', 'published']),
        'approval_method': _one_of('approval_method', ['meeting', 'circulation'], nullable=True),
    },
    'follow_up_action': {
        'status': _one_of('status', ['open', 'in_progress', 'done', 'cancelled']),
    },
    'outbox_message': {
        'status': _one_of('status', ['pending', 'sent', 'failed']),
    },
}

FILL_PURPOSE = """
UPDATE agenda_item SET purpose = CASE
    WHEN kind = 'break' THEN 'break'
    WHEN lower(trim(title)) = 'eventuelt' THEN 'any_other_business'
    WHEN lower(trim(title)) LIKE 'godkjenning av referat%' THEN 'approve_minutes'
    WHEN lower(trim(title)) LIKE 'godkjenning av innkalling%' THEN 'approve_notice'
    WHEN trim(title) = 'Oppfølgingspunkter fra tidligere møter' THEN 'follow_up'
    ELSE 'case'
END
"""


def _add_checks(batch_op, table):
    for name, condition in CHECKS[table].items():
        batch_op.create_check_constraint(batch_op.f(f'ck_{table}_{name}'), condition)


def _drop_checks(batch_op, table):
    for name in CHECKS[table]:
        batch_op.drop_constraint(batch_op.f(f'ck_{table}_{name}'), type_='check')


@contextmanager
def _sqlite_foreign_keys_off():
    """SQLite changes a table's constraints by rebuilding it (copy, drop, rename), and with foreign
    keys on it cannot drop ``meeting`` while items and minutes point to it. So, as SQLite's own
    procedure has it: foreign keys off (only possible between transactions), rebuild, check every
    reference, commit, foreign keys on again."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        yield
        return
    bind.exec_driver_sql('COMMIT')
    bind.exec_driver_sql('PRAGMA foreign_keys=OFF')
    bind.exec_driver_sql('BEGIN IMMEDIATE')
    yield
    broken = bind.exec_driver_sql('PRAGMA foreign_key_check').fetchall()
    if broken:
        raise RuntimeError(f'Broken references after the rebuild (table, rowid, parent): {broken[:10]}')
    bind.exec_driver_sql('COMMIT')
    bind.exec_driver_sql('PRAGMA foreign_keys=ON')
    bind.exec_driver_sql('BEGIN IMMEDIATE')


def upgrade():
    with _sqlite_foreign_keys_off():
        _upgrade()


def downgrade():
    with _sqlite_foreign_keys_off():
        _downgrade()


def _upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        # The target of agenda_item's (meeting_id, council_id) foreign key.
        batch_op.create_unique_constraint(batch_op.f('uq_meeting_id_council_id'), ['id', 'council_id'])
        _add_checks(batch_op, 'meeting')

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=30), nullable=True))

    op.execute(FILL_PURPOSE)

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.alter_column('purpose', existing_type=sa.String(length=30), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_agenda_item_meeting_id_meeting'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_agenda_item_meeting_id_meeting'), 'meeting',
                                    ['meeting_id', 'council_id'], ['id', 'council_id'])
        _add_checks(batch_op, 'agenda_item')

    for table in ('minutes', 'follow_up_action', 'outbox_message'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            _add_checks(batch_op, table)


def _downgrade():
    for table in ('outbox_message', 'follow_up_action', 'minutes'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            _drop_checks(batch_op, table)

    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        _drop_checks(batch_op, 'agenda_item')
        batch_op.drop_constraint(batch_op.f('fk_agenda_item_meeting_id_meeting'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_agenda_item_meeting_id_meeting'), 'meeting',
                                    ['meeting_id'], ['id'])
        batch_op.drop_column('purpose')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        _drop_checks(batch_op, 'meeting')
        batch_op.drop_constraint(batch_op.f('uq_meeting_id_council_id'), type_='unique')
