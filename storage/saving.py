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
from storage.pg_version import insert_version_pg
from storage.renditions import Chain, refresh_primary, rendition_for, report_chains
from storage.values import Exact, canonical_value, exact_text

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


_SIGHTING_VERSION = (
    sa.select(m.report_version.c.id, m.report_version.c.version, m.report_version.c.rendition)
    .join(m.sighting, m.sighting.c.version_id == m.report_version.c.id)
    .where(
        m.sighting.c.capture_id == sa.bindparam("capture_id", type_=sa.Integer),
        m.report_version.c.report_id == sa.bindparam("report_id", type_=sa.Integer),
    )
    .limit(1)
)


def _sighting_version(conn: sa.Connection, report_id: int, capture_id: int) -> SaveResult | None:
    """What saving this capture already did (a capture is one document: one rendition)."""
    params = {"capture_id": capture_id, "report_id": report_id}
    row = conn.execute(_SIGHTING_VERSION, params).first()
    if row is None:
        return None
    return SaveResult("unchanged", report_id, int(row.version), int(row.id), row.rendition)


_LOCK_REPORT = (
    sa.select(m.report.c.removed_at)
    .where(m.report.c.id == sa.bindparam("report_id", type_=sa.Integer))
    .with_for_update(of=m.report)
)


def _lock_report(conn: sa.Connection, report_id: int) -> datetime | None:
    """Lock the report row until commit (PostgreSQL: savers of one report queue here); its
    removal time."""
    return conn.execute(_LOCK_REPORT, {"report_id": report_id}).scalar_one()  # type: ignore[no-any-return]


def save_version(
    conn: sa.Connection,
    report_id: int,
    report: ParsedReport,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
    *,
    new_report: bool = False,
) -> SaveResult:
    """Within a transaction: lock the report row, find the document's rendition, then insert a
    version of it or touch its latest.

    `new_report`: this transaction inserted the report row, so no other transaction can see it
    before commit (a concurrent insert of it waits on the unique identity): it has no versions,
    sightings or removal yet, and needs neither the lock nor reading them.
    """
    chains: list[Chain] = []
    if not new_report:
        removed_at = _lock_report(conn, report_id)
        if seen.capture_id is not None:
            known = _sighting_version(conn, report_id, seen.capture_id)
            if known is not None:
                return known
        if removed_at is not None and removed_at <= seen.seen_at:
            _restore(conn, report_id, seen)
        chains = report_chains(conn, report_id)
    fp = fingerprint(report)
    key = rendition_for(chains, report.form, seen.url, fp.content_hash, seen.seen_at)
    latest = next((c for c in chains if c.key == key), None)
    if latest is not None and latest.content_hash == fp.content_hash:
        return _touch(conn, report_id, latest, seen)
    number = 1 if latest is None else latest.version + 1
    others = [c for c in chains if c.key != key]
    numbered = (key, number)
    version_id = _insert_version(conn, report_id, numbered, report, fp, seen, key_ids, not others)
    if others:
        added = Chain(
            key, report.form, version_id, number, frozenset(), fp.content_hash, seen.seen_at
        )
        refresh_primary(conn, report_id, [added, *others])
    status: SaveStatus = "inserted" if number == 1 else "new_version"
    return SaveResult(status, report_id, number, version_id, key)


_TOUCH = (
    m.report_version.update()
    .where(
        m.report_version.c.id == sa.bindparam("version_id", type_=sa.Integer),
        m.report_version.c.last_seen < sa.bindparam("seen_at", type_=m.Timestamp),
    )
    .values(last_seen=sa.bindparam("seen_at", type_=m.Timestamp))
)


def _touch(conn: sa.Connection, report_id: int, latest: Chain, seen: Sighting) -> SaveResult:
    """The rendition's latest version seen again: move its last_seen, add a sighting."""
    conn.execute(_TOUCH, {"version_id": latest.version_id, "seen_at": seen.seen_at})
    _add_sighting(conn, latest.version_id, seen)
    return SaveResult("unchanged", report_id, latest.version, latest.version_id, latest.key)


def _version_values(
    report_id: int, numbered: tuple[str, int], report: ParsedReport, fp: Fingerprint, seen: Sighting
) -> dict[str, Any]:
    return {
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


def _insert_version(
    conn: sa.Connection,
    report_id: int,
    numbered: tuple[str, int],
    report: ParsedReport,
    fp: Fingerprint,
    seen: Sighting,
    key_ids: dict[tuple[str, str, str], int],
    sole: bool,
) -> int:
    """The new version with its cells, checks and sighting; `sole`: it is the report's only
    rendition, so its primary (the report then points at this version and its URL)."""
    values = _version_values(report_id, numbered, report, fp, seen)
    cells = _cell_rows(conn, report, key_ids)
    if conn.dialect.name == "postgresql":
        return insert_version_pg(conn, values, cells, _check_rows(report), sole)
    version_id = int(conn.execute(_INSERT_VERSION, values).scalar_one())
    cell_rows = [
        {"version_id": version_id, "key_id": k, "value": v, "value_text": exact_text(v)}
        for k, v in cells
    ]
    bulk_insert(conn, m.cell, cell_rows)
    bulk_insert(
        conn, m.check_result, [{"version_id": version_id, **c} for c in _check_rows(report)]
    )
    _add_sighting(conn, version_id, seen)
    if sole:
        conn.execute(
            _POINT_REPORT, {"report_id": report_id, "version_id": version_id, "url": seen.url}
        )
    return version_id


_INSERT_VERSION = m.report_version.insert().returning(m.report_version.c.id)
_POINT_REPORT = (
    m.report.update()
    .where(m.report.c.id == sa.bindparam("report_id", type_=sa.Integer))
    .values(
        latest_version_id=sa.bindparam("version_id", type_=sa.Integer),
        url=sa.bindparam("url", type_=sa.Text),
    )
)


def _cell_rows(
    conn: sa.Connection, report: ParsedReport, key_ids: dict[tuple[str, str, str], int]
) -> list[tuple[int, Exact]]:
    """One (key id, canonical value) per cell (storage.values)."""
    rows = []
    for t, table in report.tables.items():
        for r, cols in table.items():
            for c, v in cols.items():
                key = (t, r, c)
                key_id = key_ids.get(key)
                if key_id is None:
                    key_id = _key_id(conn, key_ids, key)
                rows.append((key_id, canonical_value(v)))
    return rows


def _check_rows(report: ParsedReport) -> list[dict[str, Any]]:
    return [
        {
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


_ADD_SIGHTING = m.sighting.insert()


def _add_sighting(conn: sa.Connection, version_id: int, seen: Sighting) -> None:
    values = {"capture_id": seen.capture_id, "url": seen.url, "seen_at": seen.seen_at}
    conn.execute(_ADD_SIGHTING, {"version_id": version_id, **values})


def _restore(conn: sa.Connection, report_id: int, seen: Sighting) -> None:
    conn.execute(m.report.update().where(m.report.c.id == report_id).values(removed_at=None))
    conn.execute(
        m.report_event.insert().values(
            report_id=report_id, kind="restored", at=seen.seen_at, url=seen.url, reason="seen again"
        )
    )
