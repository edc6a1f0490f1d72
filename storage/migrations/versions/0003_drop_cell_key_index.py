"""drop ix_cell_key_version: research queries reach cells through the primary key
(version_id, key_id) from the versions they select, and the second index cost saves ~15%

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_cell_key_version", table_name="cell")


def downgrade() -> None:
    op.create_index("ix_cell_key_version", "cell", ["key_id", "version_id"])
