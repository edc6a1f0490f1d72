"""renditions: report_version.rendition (the page, the PDF, the DOCX… of one report), versions
numbered within their rendition, unique (report_id, rendition, version); the views gain
`rendition` and `is_rendition_latest`, and `is_latest` becomes the primary rendition's latest

Backfill: the stored versions of each report are replayed in the order they were archived through
the rules of storage.renditions (form, then the URLs each version was seen at, then content and
time), renumbered 1, 2, … per rendition, and the report points at its primary rendition's latest.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import Any

import sqlalchemy as sa
from alembic import op

from storage import views
from storage.renditions import Chain, refresh_primary, rendition_for, report_chains

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_OLD_UNIQUE = "uq_report_version_report_id_version"
_NEW_UNIQUE = "uq_report_version_rendition_version"


def _replace_views(revision: views.Revision) -> None:
    for name in reversed(views.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    for statement in views.view_statements(revision):
        op.execute(statement)


def _fts_triggers(create: bool) -> None:
    """SQLite rebuilds report_version for a constraint change: its FTS triggers go with it."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in views.SQLITE_FTS[1:] if create else views.SQLITE_FTS_DROP[:2]:
        op.execute(statement)


def _versions(conn: sa.Connection) -> list[Any]:
    query = sa.text(
        "SELECT id, report_id, form, url, content_hash, first_seen, last_seen "
        "FROM report_version ORDER BY report_id, id"
    ).columns(first_seen=sa.DateTime(), last_seen=sa.DateTime())
    return list(conn.execute(query))


def _seen_urls(conn: sa.Connection) -> dict[int, set[str]]:
    urls: dict[int, set[str]] = defaultdict(set)
    for version_id, url in conn.execute(sa.text("SELECT DISTINCT version_id, url FROM sighting")):
        urls[int(version_id)].add(url)
    return urls


def _replay(rows: list[Any], seen: dict[int, set[str]]) -> list[dict[str, Any]]:
    """Each version's rendition and number, as storage.renditions would have given them."""
    updates: list[dict[str, Any]] = []
    for _report, group in groupby(rows, key=lambda row: row.report_id):
        chains: dict[str, Chain] = {}
        for row in group:
            key = rendition_for(
                list(chains.values()), row.form, row.url, row.content_hash, row.first_seen
            )
            prev = chains.get(key)
            number = 1 if prev is None else prev.version + 1
            urls = (prev.urls if prev else frozenset()) | {row.url} | seen[int(row.id)]
            chains[key] = Chain(
                key, row.form, int(row.id), number, urls, row.content_hash, row.last_seen
            )
            updates.append({"id": row.id, "rendition": key, "version": number})
    return updates


def _backfill(conn: sa.Connection) -> None:
    updates = _replay(_versions(conn), _seen_urls(conn))
    if updates:
        conn.execute(
            sa.text(
                "UPDATE report_version SET rendition = :rendition, version = :version "
                "WHERE id = :id"
            ),
            updates,
        )
    several = conn.execute(
        sa.text(
            "SELECT report_id FROM report_version GROUP BY report_id "
            "HAVING COUNT(DISTINCT rendition) > 1"
        )
    ).scalars()
    for report_id in list(several):
        refresh_primary(conn, int(report_id), report_chains(conn, int(report_id)))


def upgrade() -> None:
    for name in reversed(views.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    _fts_triggers(create=False)
    with op.batch_alter_table("report_version") as batch:
        batch.add_column(sa.Column("rendition", sa.Text(), nullable=True))
        batch.drop_constraint(_OLD_UNIQUE, type_="unique")
    _backfill(op.get_bind())
    with op.batch_alter_table("report_version") as batch:
        batch.alter_column("rendition", existing_type=sa.Text(), nullable=False)
        batch.create_unique_constraint(_NEW_UNIQUE, ["report_id", "rendition", "version"])
    _fts_triggers(create=True)
    _replace_views("0006")


def downgrade() -> None:
    for name in reversed(views.VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    _fts_triggers(create=False)
    with op.batch_alter_table("report_version") as batch:
        batch.drop_constraint(_NEW_UNIQUE, type_="unique")
    # Numbered per report again, in archive order; the report's latest is its newest version.
    op.execute(
        "UPDATE report_version SET version = (SELECT COUNT(*) FROM report_version o "
        "WHERE o.report_id = report_version.report_id AND o.id <= report_version.id)"
    )
    op.execute(
        "UPDATE report SET latest_version_id = "
        "(SELECT MAX(id) FROM report_version WHERE report_id = report.id)"
    )
    with op.batch_alter_table("report_version") as batch:
        batch.drop_column("rendition")
        batch.create_unique_constraint(_OLD_UNIQUE, ["report_id", "version"])
    _fts_triggers(create=True)
    _replace_views("0005")
