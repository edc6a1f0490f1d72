"""Reading the archive back: find a report, list its versions, load one version's content.

Versions are numbered within a rendition (storage.renditions); a version is named by its number
in a rendition, the report's primary rendition unless one is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from parsers.model import Tables
from storage import models as m
from storage.db import as_aware
from storage.errors import RenditionMismatchError, UnknownReportError, UnknownVersionError
from storage.saving import agency_key
from storage.values import from_text


@dataclass(frozen=True)
class VersionInfo:
    report_id: int
    version_id: int
    rendition: str
    form: str
    version: int
    first_seen: datetime
    last_seen: datetime
    content_hash: str
    text_hash: str
    tables_hash: str
    template: str
    url: str


@dataclass(frozen=True)
class VersionContent:
    info: VersionInfo
    tables: Tables
    checks: list[dict[str, Any]]
    text: str


def find_report(
    conn: sa.Connection, url: str | None = None, agency: str | None = None, year: int | None = None
) -> int:
    """The report at a URL (current or seen), or of an agency and year; else UnknownReportError."""
    r = m.report.c
    if url:
        at_url = reports_at(conn, url)
        if not at_url:
            raise UnknownReportError(f"no archived report at {url}")
        return at_url[0]
    if agency and year:
        found = conn.execute(
            sa.select(r.id)
            .join(m.agency, m.agency.c.id == r.agency_id)
            .where(m.agency.c.name_key == agency_key(agency), r.year == year)
        ).scalar()
        if found is None:
            raise UnknownReportError(f"no archived report of {agency} for {year}")
        return int(found)
    raise UnknownReportError("name a report by URL, or by --agency and --year")


def reports_at(conn: sa.Connection, url: str) -> list[int]:
    """The reports now at `url`, else those ever seen there (every version is seen at its URL)."""
    direct = conn.execute(sa.select(m.report.c.id).where(m.report.c.url == url)).scalars().all()
    if direct:
        return [int(i) for i in direct]
    v, s = m.report_version.c, m.sighting.c
    seen = conn.execute(
        sa.select(v.report_id).join(m.sighting, s.version_id == v.id).where(s.url == url).distinct()
    )
    return [int(i) for i in seen.scalars()]


def _info(row: Any) -> VersionInfo:
    return VersionInfo(
        report_id=int(row.report_id),
        version_id=int(row.id),
        rendition=row.rendition,
        form=row.form,
        version=int(row.version),
        first_seen=as_aware(row.first_seen) or row.first_seen,
        last_seen=as_aware(row.last_seen) or row.last_seen,
        content_hash=row.content_hash,
        text_hash=row.text_hash,
        tables_hash=row.tables_hash,
        template=row.template,
        url=row.url,
    )


_INFO_COLUMNS = [
    m.report_version.c[name]
    for name in (
        "id",
        "report_id",
        "rendition",
        "form",
        "version",
        "first_seen",
        "last_seen",
        "content_hash",
        "text_hash",
        "tables_hash",
        "template",
        "url",
    )
]


def versions(
    conn: sa.Connection, report_id: int, rendition: str | None = None
) -> list[VersionInfo]:
    """Every version of a report in the order they were archived (or of one rendition)."""
    v = m.report_version.c
    query = sa.select(*_INFO_COLUMNS).where(v.report_id == report_id).order_by(v.id)
    if rendition is not None:
        query = query.where(v.rendition == rendition)
    return [_info(row) for row in conn.execute(query)]


def primary_rendition(conn: sa.Connection, report_id: int) -> str:
    """The rendition reads use by default (storage.renditions.primary)."""
    v, r = m.report_version.c, m.report.c
    found = conn.execute(
        sa.select(v.rendition).join(m.report, r.latest_version_id == v.id).where(r.id == report_id)
    ).scalar()
    if found is None:
        raise UnknownVersionError(f"report {report_id} has no versions")
    return str(found)


def version_info(
    conn: sa.Connection, report_id: int, number: int | None = None, rendition: str | None = None
) -> VersionInfo:
    """Version `number` of a rendition (default: the primary), or its latest (negative numbers
    count back from it)."""
    rendition = rendition or primary_rendition(conn, report_id)
    infos = versions(conn, report_id, rendition)
    if not infos:
        raise UnknownVersionError(f"report {report_id} has no rendition {rendition!r}")
    if number is None:
        return infos[-1]
    if number < 0 and -number <= len(infos):
        return infos[number]
    for info in infos:
        if info.version == number:
            return info
    raise UnknownVersionError(
        f"report {report_id} has no {rendition} version {number} (1..{infos[-1].version})"
    )


@dataclass(frozen=True)
class VersionRef:
    """A version named on the command line: "2" (in the rendition in question) or "pdf:2"."""

    number: int
    rendition: str | None = None

    @classmethod
    def parse(cls, text: str) -> VersionRef:
        rendition, _, number = text.rpartition(":")  # "pdf https://x/a.pdf:2" works too
        try:
            return cls(int(number), rendition or None)
        except ValueError:
            raise UnknownVersionError(f"not a version: {text!r} (use N or RENDITION:N)") from None


def changed_rendition(conn: sa.Connection, report_id: int) -> str:
    """The rendition that changed last: that of the newest version with one before it."""
    infos = versions(conn, report_id)
    if not infos:
        raise UnknownVersionError(f"report {report_id} has no versions")
    for info in reversed(infos):
        if info.version > 1:
            return info.rendition
    renditions = ", ".join(dict.fromkeys(info.rendition for info in infos))
    raise UnknownVersionError(
        f"report {report_id} has one version of each rendition ({renditions}): nothing to compare"
    )


def diff_pair(
    conn: sa.Connection,
    report_id: int,
    old: VersionRef | None = None,
    new: VersionRef | None = None,
    *,
    rendition: str | None = None,
    across: bool = False,
) -> tuple[VersionInfo, VersionInfo]:
    """The two versions to compare: by default the latest and the one before it of the same
    rendition (the one given, else that of a ref given, else the one that changed last).
    Versions of different renditions raise RenditionMismatchError unless `across`."""
    named = rendition or (new and new.rendition) or (old and old.rendition)
    default = named or changed_rendition(conn, report_id)
    to = version_info(
        conn, report_id, new.number if new else None, (new and new.rendition) or default
    )
    if old is None:
        if to.version == 1:
            raise UnknownVersionError(
                f"report {report_id} has only version 1 of its {to.rendition}: nothing to compare"
            )
        old = VersionRef(to.version - 1, to.rendition)
    frm = version_info(conn, report_id, old.number, old.rendition or default)
    if frm.rendition != to.rendition and not across:
        raise RenditionMismatchError(
            f"version {frm.version} is of the {frm.rendition}, version {to.version} of the "
            f"{to.rendition}: add --across to compare different renditions"
        )
    return frm, to


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    """Ids in slices small enough for one IN (…) list."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def load_tables(conn: sa.Connection, version_ids: Iterable[int]) -> dict[int, Tables]:
    """The contract-shaped tables of several versions at once."""
    out: dict[int, Tables] = {vid: {} for vid in version_ids}
    k = m.cell_key.c
    for chunk in _chunks(list(out)):
        rows = conn.execute(
            sa.select(
                m.cell.c.version_id, k.table_key, k.row_key, k.column_key, m.cell.c.value_text
            )
            .join(m.cell_key, k.id == m.cell.c.key_id)
            .where(m.cell.c.version_id.in_(chunk))
        )
        for vid, table, row, column, value in rows:
            out[vid].setdefault(table, {}).setdefault(row, {})[column] = from_text(value)
    return out


def load_checks(conn: sa.Connection, version_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {vid: [] for vid in version_ids}
    c = m.check_result.c
    for chunk in _chunks(list(out)):
        rows = conn.execute(
            sa.select(c.version_id, c.rule, c.ok, c.failures, c.note)
            .where(c.version_id.in_(chunk))
            .order_by(c.version_id, c.rule)
        )
        for vid, rule, ok, failures, note in rows:
            out[vid].append({"rule": rule, "ok": ok, "failures": failures, "note": note})
    return out


def load_version(conn: sa.Connection, info: VersionInfo) -> VersionContent:
    text = conn.execute(
        sa.select(m.report_version.c.text).where(m.report_version.c.id == info.version_id)
    ).scalar_one()
    return VersionContent(
        info,
        load_tables(conn, [info.version_id])[info.version_id],
        load_checks(conn, [info.version_id])[info.version_id],
        text,
    )


@dataclass(frozen=True)
class ReportEvent:
    kind: str
    at: datetime
    url: str | None
    reason: str | None


def events(conn: sa.Connection, report_id: int) -> Iterator[ReportEvent]:
    e = m.report_event.c
    rows = conn.execute(
        sa.select(e.kind, e.at, e.url, e.reason).where(e.report_id == report_id).order_by(e.at)
    )
    for row in rows:
        yield ReportEvent(row.kind, as_aware(row.at) or row.at, row.url, row.reason)
