"""Saving a parsed report: find or create its report, match the document to one of the report's
renditions (storage.renditions), then add a version only if that rendition's content changed."""

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
from storage.renditions import Chain, refresh_primary, rendition_for, report_chains
from storage.values import canonical_value, value_text

# "inserted": the first version of this rendition (a new report, or a new document of a known
# report: its PDF seen for the first time); "new_version": the rendition's content changed;
# "unchanged": the rendition's latest version has this content (or this capture was saved).
SaveStatus = Literal["inserted", "new_version", "unchanged"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    report_id: int
    version: int  # within the rendition
    version_id: int
    rendition: str


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


def _sighting_version(conn: sa.Connection, report_id: int, capture_id: int) -> SaveResult | None:
    """What saving this capture already did (a capture is one document: one rendition)."""
    v = m.report_version.c
    row = conn.execute(
        sa.select(v.id, v.version, v.rendition)
        .join(m.sighting, m.sighting.c.version_id == v.id)
        .where(m.sighting.c.capture_id == capture_id, v.report_id == report_id)
        .limit(1)
    ).first()
    if row is None:
        return None
    return SaveResult("unchanged", report_id, int(row.version), int(row.id), row.rendition)


def _lock_report(conn: sa.Connection, report_id: int) -> datetime | None:
    """Lock the report row until commit (PostgreSQL: savers of one report queue here); its
    removal time."""
    return conn.execute(  # type: ignore[no-any-return]
        sa.select(m.report.c.removed_at)
        .where(m.report.c.id == report_id)
        .with_for_update(of=m.report)
    ).scalar_one()


def save_version(
    conn: sa.Connection,
    report_id: int,
    report: ParsedReport,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
) -> SaveResult:
    """Within a transaction: lock the report row, find the document's rendition, then insert a
    version of it or touch its latest."""
    removed_at = _lock_report(conn, report_id)
    if seen.capture_id is not None:
        known = _sighting_version(conn, report_id, seen.capture_id)
        if known is not None:
            return known
    fp = fingerprint(report)
    if removed_at is not None and removed_at <= seen.seen_at:
        _restore(conn, report_id, seen)
    chains = report_chains(conn, report_id)
    key = rendition_for(chains, report.form, seen.url, fp.content_hash, seen.seen_at)
    latest = next((c for c in chains if c.key == key), None)
    if latest is not None and latest.content_hash == fp.content_hash:
        return _touch(conn, report_id, latest, seen)
    number = 1 if latest is None else latest.version + 1
    version_id = _insert_version(conn, report_id, (key, number), report, fp, seen, key_ids)
    added = Chain(key, report.form, version_id, number, frozenset(), fp.content_hash, seen.seen_at)
    refresh_primary(conn, report_id, [added, *(c for c in chains if c.key != key)])
    status: SaveStatus = "inserted" if number == 1 else "new_version"
    return SaveResult(status, report_id, number, version_id, key)


def _touch(conn: sa.Connection, report_id: int, latest: Chain, seen: Sighting) -> SaveResult:
    """The rendition's latest version seen again: move its last_seen, add a sighting."""
    v = m.report_version.c
    conn.execute(
        m.report_version.update()
        .where(v.id == latest.version_id, v.last_seen < seen.seen_at)
        .values(last_seen=seen.seen_at)
    )
    _add_sighting(conn, latest.version_id, seen)
    return SaveResult("unchanged", report_id, latest.version, latest.version_id, latest.key)


def _insert_version(
    conn: sa.Connection,
    report_id: int,
    numbered: tuple[str, int],
    report: ParsedReport,
    fp: Fingerprint,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
) -> int:
    values = {
        "report_id": report_id,
        "rendition": numbered[0],
        "version": numbered[1],
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
