"""exact cell values: cell.value_text (the printed decimal, the source of truth), and an
unconstrained NUMERIC `value` on PostgreSQL (NUMERIC(24,4) rounded 0.123456 to 0.1235)

Backfill: on PostgreSQL from the stored NUMERIC (trailing zeros of the old scale trimmed; a value
NUMERIC(24,4) already rounded stays rounded until its report is parsed again); on SQLite from the
stored REAL by its shortest repr, which gives back what was printed for up to 15 significant
digits. The views are recreated: `cell_value` gains `value_text`.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

from storage import views
from storage.values import value_text

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_BATCH = 5000


def _drop_views() -> None:
    for name in reversed(views.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _create_views(revision: views.Revision) -> None:
    for statement in views.view_statements(revision):
        op.execute(statement)


def _backfill_sqlite(conn: sa.Connection) -> None:
    conn.exec_driver_sql(
        "UPDATE cell SET value_text = CAST(value AS TEXT) WHERE typeof(value) = 'integer'"
    )
    reals = conn.exec_driver_sql(
        "SELECT version_id, key_id, value FROM cell WHERE typeof(value) = 'real'"
    ).all()
    update = sa.text("UPDATE cell SET value_text = :text WHERE version_id = :v AND key_id = :k")
    for start in range(0, len(reals), _BATCH):
        batch = reals[start : start + _BATCH]
        conn.execute(
            update,
            [{"text": value_text(Decimal(repr(x))), "v": v, "k": k} for v, k, x in batch],
        )


def upgrade() -> None:
    conn = op.get_bind()
    _drop_views()
    op.add_column("cell", sa.Column("value_text", sa.Text(), nullable=True))
    if conn.dialect.name == "postgresql":
        op.execute("ALTER TABLE cell ALTER COLUMN value TYPE NUMERIC")
        op.execute("UPDATE cell SET value_text = trim_scale(value)::text WHERE value IS NOT NULL")
    else:
        _backfill_sqlite(conn)
    _create_views("0004")


def downgrade() -> None:
    _drop_views()
    op.execute("ALTER TABLE cell DROP COLUMN value_text")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE cell ALTER COLUMN value TYPE NUMERIC(24, 4)")
    _create_views("0002")
