"""wide views look cells up per version (a year/region filter selects versions first; SQLite
could not push it into the old GROUP BY over every cell), indexes on agency.region, report.year

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from storage import views

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _replace_wide_views(revision: views.Revision) -> None:
    for name, _table, _specs in views.WIDE_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for statement in views.wide_view_statements(revision):
        op.execute(statement)


def upgrade() -> None:
    _replace_wide_views("0005")
    op.create_index("ix_agency_region", "agency", ["region"])
    op.create_index("ix_report_year", "report", ["year"])


def downgrade() -> None:
    op.drop_index("ix_report_year", table_name="report")
    op.drop_index("ix_agency_region", table_name="agency")
    _replace_wide_views("0004")
