"""Export report versions, one record per version, as JSON Lines, CSV or Parquet.

A record: url, agency, region, year, template, rendition, version, first_seen, last_seen, tables
(the contract's shape), checks. By default one record per report: its primary rendition's latest
version (storage.renditions); the filter can ask for every rendition or every version.
Numbers are exact everywhere: JSON prints 5098.4139 as 5098.4139. CSV and
Parquet carry `tables` and `checks` as that JSON text; Parquet adds `cells`, one struct per cell
with `count` (int64, for integers) or `amount` (string, the exact decimal text: a Parquet decimal
would need one fixed scale and pad or round what the report printed).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import sqlalchemy as sa

from storage import models as m
from storage.db import as_aware
from storage.queries import VersionFilter, apply_filter
from storage.reading import load_checks, load_tables
from storage.values import dumps, value_text

ExportFormat = Literal["jsonl", "csv", "parquet"]
FIELDS = (
    "url",
    "agency",
    "region",
    "year",
    "template",
    "rendition",
    "version",
    "first_seen",
    "last_seen",
    "tables",
    "checks",
)
_BATCH = 500


def records(conn: sa.Connection, f: VersionFilter | None = None) -> Iterator[dict[str, Any]]:
    """Export records of the versions matching `f` (default: the latest version of every report)."""
    v, r, a = m.report_version.c, m.report.c, m.agency.c
    query = (
        sa.select(
            v.id,
            v.url,
            a.name.label("agency"),
            a.region,
            r.year,
            v.template,
            v.rendition,
            v.version,
            v.first_seen,
            v.last_seen,
        )
        .join(m.report, r.id == v.report_id)
        .outerjoin(m.agency, a.id == r.agency_id)
        .order_by(v.id)
    )
    rows = conn.execute(apply_filter(query, f or VersionFilter())).mappings().all()
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        ids = [int(row["id"]) for row in batch]
        tables, checks = load_tables(conn, ids), load_checks(conn, ids)
        for row in batch:
            record = {k: row[k] for k in FIELDS if k in row}
            record["first_seen"] = as_aware(row["first_seen"])
            record["last_seen"] = as_aware(row["last_seen"])
            yield record | {"tables": tables[row["id"]], "checks": checks[row["id"]]}


def write_jsonl(items: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for record in items:
        out.write(dumps({k: record[k] for k in FIELDS}) + "\n")
        count += 1
    return count


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    flat = {k: record[k] for k in FIELDS}
    flat["tables"], flat["checks"] = dumps(record["tables"]), dumps(record["checks"])
    for key in ("first_seen", "last_seen"):
        flat[key] = record[key].isoformat() if record[key] is not None else None
    return flat


def write_csv(items: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    count = 0
    for record in items:
        writer.writerow(_flat(record))
        count += 1
    return count


def _cells(tables: dict[str, Any]) -> list[dict[str, Any]]:
    """The long form of a record's tables for Parquet: int64 counts, exact decimal text."""
    return [
        {
            "table": t,
            "row": r,
            "column": c,
            "count": v if isinstance(v, int) else None,
            "amount": None if v is None or isinstance(v, int) else value_text(v),
        }
        for t, rows in tables.items()
        for r, cols in rows.items()
        for c, v in cols.items()
    ]


def _parquet_schema() -> Any:
    import pyarrow as pa  # optional extra: nianbao[parquet]

    cell = pa.struct(
        [
            ("table", pa.string()),
            ("row", pa.string()),
            ("column", pa.string()),
            ("count", pa.int64()),
            ("amount", pa.string()),
        ]
    )
    strings = ["url", "agency", "region", "template", "rendition", "first_seen", "last_seen"]
    strings.append("tables")
    types = {name: pa.string() for name in (*strings, "checks")}
    types |= {"year": pa.int32(), "version": pa.int32()}
    return pa.schema([(name, types[name]) for name in FIELDS] + [("cells", pa.list_(cell))])


def write_parquet(items: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa  # optional extra: nianbao[parquet]
    import pyarrow.parquet as pq

    flat = [_flat(record) | {"cells": _cells(record["tables"])} for record in items]
    pq.write_table(pa.Table.from_pylist(flat, schema=_parquet_schema()), path)
    return len(flat)
