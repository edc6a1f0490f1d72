"""SQL for the researcher-facing views and the full-text index, generated from the data contract.

Views give the wide shapes researchers expect (one row per report version); the long `cell` table
stays the single store of values. Migrations call these functions with the arguments of their
revision, so each migration creates the views its schema supports. The wide views carry the
numeric `value` (for arithmetic); `cell_value` also carries the exact `value_text`.
"""

from __future__ import annotations

from typing import Literal

from parsers.contract import (
    ACTIVE_2019_ROWS,
    ACTIVE_2021_ROWS,
    REQUEST_ROWS,
    REVIEW_ROWS,
    RowSpec,
)

Revision = Literal["0002", "0004", "0005", "0006"]
_VERSION_HEAD = (
    "v.id AS version_id, v.report_id, a.name AS agency, a.region, r.year, v.version, "
    "CASE WHEN r.latest_version_id = v.id THEN 1 ELSE 0 END AS is_latest, "
)
# Revision 0006: renditions (storage.renditions). `is_latest` is the latest version of the
# report's primary rendition; `is_rendition_latest` (as renditions.is_rendition_latest) the
# latest of its own rendition.
_RENDITION_COLUMNS = (
    "v.rendition, CASE WHEN NOT EXISTS (SELECT 1 FROM report_version n "
    "WHERE n.report_id = v.report_id AND n.rendition = v.rendition AND n.version > v.version) "
    "THEN 1 ELSE 0 END AS is_rendition_latest, "
)
_VERSION_TAIL = "v.template, v.url, v.first_seen, v.last_seen"


def _version_columns(revision: Revision) -> str:
    middle = _RENDITION_COLUMNS if revision >= "0006" else ""
    return _VERSION_HEAD + middle + _VERSION_TAIL


_VERSION_COLUMNS = _version_columns("0005")  # the grouped views of 0002-0004
_VERSION_FROM = (
    "report_version v JOIN report r ON r.id = v.report_id LEFT JOIN agency a ON a.id = r.agency_id"
)
_GROUP = (
    "v.id, v.report_id, a.name, a.region, r.year, v.version, r.latest_version_id, v.template, "
    "v.url, v.first_seen, v.last_seen"
)
VIEW_NAMES = ("cell_value", "version_overview", "requests_wide", "review_wide", "active_wide")
WIDE_VIEWS = (
    ("requests_wide", "requests", REQUEST_ROWS),
    ("review_wide", "review", REVIEW_ROWS),
    ("active_wide", "active", ACTIVE_2021_ROWS + ACTIVE_2019_ROWS),
)


def _pairs(specs: tuple[RowSpec, ...]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for spec in specs:
        for column in spec.columns:
            seen[(spec.key, column)] = None
    return list(seen)


def _grouped_wide_view_sql(name: str, table: str, specs: tuple[RowSpec, ...]) -> str:
    """Revisions 0002-0004: one GROUP BY over all cells (SQLite cannot push a filter into it)."""
    cases = ",\n  ".join(
        f"MAX(CASE WHEN k.row_key = '{row}' AND k.column_key = '{col}' THEN c.value END) "
        f"AS {row}__{col}"
        for row, col in _pairs(specs)
    )
    return (
        f"CREATE VIEW {name} AS SELECT {_VERSION_COLUMNS},\n  {cases}\n"
        f"FROM {_VERSION_FROM} JOIN cell c ON c.version_id = v.id "
        f"JOIN cell_key k ON k.id = c.key_id AND k.table_key = '{table}'\n"
        f"GROUP BY {_GROUP}"
    )


def _cell_lookup(table: str, row: str, column: str) -> str:
    key = (
        f"SELECT id FROM cell_key WHERE table_key = '{table}' AND row_key = '{row}' "
        f"AND column_key = '{column}'"
    )
    return f"(SELECT c.value FROM cell c WHERE c.version_id = v.id AND c.key_id = ({key}))"


def wide_view_sql(
    name: str, table: str, specs: tuple[RowSpec, ...], revision: Revision = "0006"
) -> str:
    """One row per report version with cells in `table`, one column `<row>__<column>` per cell.

    Each column is a primary-key lookup per version (the key id subquery is computed once), not
    an aggregate: a filter on year, region or is_latest then selects versions first, on SQLite
    as on PostgreSQL.
    """
    columns = ",\n  ".join(
        f"{_cell_lookup(table, row, col)} AS {row}__{col}" for row, col in _pairs(specs)
    )
    has_cells = (
        "EXISTS (SELECT 1 FROM cell c JOIN cell_key k ON k.id = c.key_id "
        f"WHERE c.version_id = v.id AND k.table_key = '{table}')"
    )
    return (
        f"CREATE VIEW {name} AS SELECT {_version_columns(revision)},\n  {columns}\n"
        f"FROM {_VERSION_FROM}\nWHERE {has_cells}"
    )


def cell_value_view_sql(revision: Revision = "0006") -> str:
    """Every cell with its labels; `value_text` (revision 0004 on) is the exact value."""
    value = "c.value, c.value_text" if revision >= "0004" else "c.value"
    return f"""CREATE VIEW cell_value AS
SELECT {_version_columns(revision)}, k.table_key, k.row_key, k.column_key,
  tl.label AS table_label, rl.label AS row_label, cl.label AS column_label, {value}
FROM {_VERSION_FROM}
JOIN cell c ON c.version_id = v.id JOIN cell_key k ON k.id = c.key_id
LEFT JOIN table_label tl ON tl.table_key = k.table_key
LEFT JOIN row_label rl ON rl.table_key = k.table_key AND rl.row_key = k.row_key
  AND rl.template = CASE WHEN v.template = '2019' THEN '2019' ELSE '2021' END
LEFT JOIN column_label cl ON cl.table_key = k.table_key AND cl.column_key = k.column_key"""


def version_overview_sql(revision: Revision = "0006") -> str:
    return f"""CREATE VIEW version_overview AS
SELECT {_version_columns(revision)}, v.title, v.published, v.content_hash,
  CASE WHEN r.removed_at IS NULL THEN 0 ELSE 1 END AS removed,
  (SELECT COUNT(*) FROM check_result cr WHERE cr.version_id = v.id AND cr.ok = FALSE)
    AS failed_checks
FROM {_VERSION_FROM}"""


def wide_view_statements(revision: Revision = "0006") -> list[str]:
    """The wide views as `revision` created them."""
    if revision < "0005":
        return [_grouped_wide_view_sql(name, table, specs) for name, table, specs in WIDE_VIEWS]
    return [wide_view_sql(name, table, specs, revision) for name, table, specs in WIDE_VIEWS]


def view_statements(revision: Revision = "0006") -> list[str]:
    """Every view as `revision` created it (the default: the newest)."""
    return [
        cell_value_view_sql(revision),
        version_overview_sql(revision),
        *wide_view_statements(revision),
    ]


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE version_fts USING fts5(text, content='report_version', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER report_version_fts_ai AFTER INSERT ON report_version BEGIN "
    "INSERT INTO version_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER report_version_fts_ad AFTER DELETE ON report_version BEGIN "
    "INSERT INTO version_fts(version_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS report_version_fts_ad",
    "DROP TRIGGER IF EXISTS report_version_fts_ai",
    "DROP TABLE IF EXISTS version_fts",
]
POSTGRES_FTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_report_version_text_trgm ON report_version USING gin (text gin_trgm_ops)",
]
POSTGRES_FTS_DROP = ["DROP INDEX IF EXISTS ix_report_version_text_trgm"]
