"""Saving a parsed report: find or create its report, then add a version only if content changed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa

from parsers.model import ParsedReport
from storage import models as m
from storage.db import bulk_insert, insert_ignore
from storage.fingerprint import Fingerprint, fingerprint
from storage.values import canonical_value, value_text

SaveStatus = Literal["inserted", "new_version", "unchanged"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    report_id: int
    version: int
    version_id: int


@dataclass(frozen=True)
class Sighting:
    url: str
    capture_id: int | None
    seen_at: datetime


def agency_key(name: str) -> str:
    """The agency name used for identity: width folded, whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def report_identity(agency: str | None, year: int | None, url: str) -> str:
    if agency and year:
        return f"a:{agency_key(agency)}|{year}"
    return f"u:{url}"


def ensure_row(
    conn: sa.Connection,
    table: sa.Table,
    key: sa.Column[Any] | tuple[str, ...],
    values: dict[str, Any],
) -> int:
    """Id of the row whose `key` column(s) equal those in `values`, inserting it first if needed."""
    inserted = insert_ignore(conn, table, values)
    if inserted is not None:
        return inserted
    names = (key.name,) if isinstance(key, sa.Column) else key
    match = [table.c[name] == values[name] for name in names]
    return int(conn.execute(sa.select(table.c.id).where(*match)).scalar_one())


def _sighting_version(
    conn: sa.Connection, report_id: int, capture_id: int
) -> tuple[int, int] | None:
    row = conn.execute(
        sa.select(m.report_version.c.id, m.report_version.c.version)
        .join(m.sighting, m.sighting.c.version_id == m.report_version.c.id)
        .where(m.sighting.c.capture_id == capture_id, m.report_version.c.report_id == report_id)
        .limit(1)
    ).first()
    return None if row is None else (int(row.id), int(row.version))


def _lock_report(conn: sa.Connection, report_id: int) -> Any:
    """The report row, locked until commit (PostgreSQL), with its latest version and hash."""
    r, v = m.report.c, m.report_version.c
    return conn.execute(
        sa.select(r.latest_version_id, r.removed_at, v.version, v.content_hash)
        .select_from(m.report.outerjoin(m.report_version, v.id == r.latest_version_id))
        .where(r.id == report_id)
        .with_for_update(of=m.report)
    ).one()


def save_version(
    conn: sa.Connection,
    report_id: int,
    report: ParsedReport,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
) -> SaveResult:
    """Within a transaction: lock the report row, then insert a version or touch the latest."""
    latest = _lock_report(conn, report_id)
    if seen.capture_id is not None:
        known = _sighting_version(conn, report_id, seen.capture_id)
        if known is not None:
            return SaveResult("unchanged", report_id, known[1], known[0])
    fp = fingerprint(report)
    if latest.removed_at is not None and latest.removed_at <= seen.seen_at:
        _restore(conn, report_id, seen)
    if latest.content_hash == fp.content_hash:
        latest_id = int(latest.latest_version_id)
        conn.execute(
            m.report_version.update()
            .where(m.report_version.c.id == latest_id, m.report_version.c.last_seen < seen.seen_at)
            .values(last_seen=seen.seen_at)
        )
        _add_sighting(conn, latest_id, seen)
        return SaveResult("unchanged", report_id, int(latest.version), latest_id)
    number = 1 if latest.version is None else int(latest.version) + 1
    version_id = _insert_version(conn, report_id, number, report, fp, seen, key_ids)
    conn.execute(
        m.report.update()
        .where(m.report.c.id == report_id)
        .values(latest_version_id=version_id, url=seen.url)
    )
    return SaveResult("inserted" if number == 1 else "new_version", report_id, number, version_id)


def _insert_version(
    conn: sa.Connection,
    report_id: int,
    number: int,
    report: ParsedReport,
    fp: Fingerprint,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
) -> int:
    values = {
        "report_id": report_id,
        "version": number,
        "content_hash": fp.content_hash,
        "text_hash": fp.text_hash,
        "tables_hash": fp.tables_hash,
        "template": str(report.template),
        "form": report.form,
        "title": report.title,
        "published": report.published,
        "url": seen.url,
        "capture_id": seen.capture_id,
        "first_seen": seen.seen_at,
        "last_seen": seen.seen_at,
        "missing": list(report.missing),
        "warnings": list(report.warnings),
        "text": report.text,
    }
    version_id = int(
        conn.execute(
            m.report_version.insert().values(**values).returning(m.report_version.c.id)
        ).scalar_one()
    )
    bulk_insert(conn, m.cell, _cell_rows(conn, version_id, report, key_ids))
    bulk_insert(conn, m.check_result, _check_rows(version_id, report))
    _add_sighting(conn, version_id, seen)
    return version_id


def _cell_rows(
    conn: sa.Connection,
    version_id: int,
    report: ParsedReport,
    key_ids: dict[tuple[str, str, str], int],
) -> list[dict[str, Any]]:
    """One row per cell: the exact text and the SQL number (storage.values)."""
    return [
        {
            "version_id": version_id,
            "key_id": _key_id(conn, key_ids, (t, r, c)),
            "value": canonical_value(v),
            "value_text": value_text(v),
        }
        for t, rows in report.tables.items()
        for r, cols in rows.items()
        for c, v in cols.items()
    ]


def _check_rows(version_id: int, report: ParsedReport) -> list[dict[str, Any]]:
    return [
        {
            "version_id": version_id,
            "rule": ch.rule,
            "ok": ch.ok,
            "failures": [dict(f) for f in ch.failures],
            "note": ch.note,
        }
        for ch in report.checks
    ]


_KEY_COLUMNS = ("table_key", "row_key", "column_key")


def _key_id(
    conn: sa.Connection, cache: dict[tuple[str, str, str], int], key: tuple[str, str, str]
) -> int:
    found = cache.get(key)
    if found is None:
        values = dict(zip(_KEY_COLUMNS, key, strict=True))
        found = cache[key] = ensure_row(conn, m.cell_key, _KEY_COLUMNS, values)
    return found


def _add_sighting(conn: sa.Connection, version_id: int, seen: Sighting) -> None:
    conn.execute(
        m.sighting.insert().values(
            version_id=version_id, capture_id=seen.capture_id, url=seen.url, seen_at=seen.seen_at
        )
    )


def _restore(conn: sa.Connection, report_id: int, seen: Sighting) -> None:
    conn.execute(m.report.update().where(m.report.c.id == report_id).values(removed_at=None))
    conn.execute(
        m.report_event.insert().values(
            report_id=report_id, kind="restored", at=seen.seen_at, url=seen.url, reason="seen again"
        )
    )
