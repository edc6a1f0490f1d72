"""labels from the data contract, researcher views, full-text index

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from parsers.contract import (
    ACTIVE_2019_ROWS,
    ACTIVE_2021_ROWS,
    PROCESSING_FEE_ROWS,
    REQUEST_ROWS,
    REVIEW_ROWS,
    TABLE_LABELS,
    column_label,
)
from storage import views

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = {
    "active": {"2021": ACTIVE_2021_ROWS, "2019": ACTIVE_2019_ROWS},
    "requests": {"2021": REQUEST_ROWS, "2019": REQUEST_ROWS},
    "review": {"2021": REVIEW_ROWS, "2019": REVIEW_ROWS},
    "processing_fees": {"2021": PROCESSING_FEE_ROWS, "2019": PROCESSING_FEE_ROWS},
}


def _label_rows() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    keys: dict[tuple[str, str, str], None] = {}
    rows, columns = [], {}
    for table, by_template in _TABLES.items():
        for template, specs in by_template.items():
            for spec in specs:
                rows.append(
                    {
                        "template": template,
                        "table_key": table,
                        "row_key": spec.key,
                        "label": spec.label,
                    }
                )
                for col in spec.columns:
                    keys[(table, spec.key, col)] = None
                    columns[(table, col)] = column_label(table, col)
    return (
        [{"table_key": t, "row_key": r, "column_key": c} for t, r, c in keys],
        rows,
        [{"table_key": t, "column_key": c, "label": label} for (t, c), label in columns.items()],
    )


def upgrade() -> None:
    meta = sa.MetaData()
    cell_key = sa.Table("cell_key", meta, autoload_with=op.get_bind())
    row_label = sa.Table("row_label", meta, autoload_with=op.get_bind())
    column_label_t = sa.Table("column_label", meta, autoload_with=op.get_bind())
    table_label = sa.Table("table_label", meta, autoload_with=op.get_bind())
    keys, rows, columns = _label_rows()
    op.bulk_insert(cell_key, keys)
    op.bulk_insert(row_label, rows)
    op.bulk_insert(column_label_t, columns)
    op.bulk_insert(table_label, [{"table_key": k, "label": v} for k, v in TABLE_LABELS.items()])
    for statement in views.view_statements("0002"):
        op.execute(statement)
    dialect = op.get_bind().dialect.name
    for statement in views.SQLITE_FTS if dialect == "sqlite" else views.POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in views.SQLITE_FTS_DROP if dialect == "sqlite" else views.POSTGRES_FTS_DROP:
        op.execute(statement)
    for name in reversed(views.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for name in ("table_label", "column_label", "row_label", "cell_key"):
        op.execute(f"DELETE FROM {name}")
