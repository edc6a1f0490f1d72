"""Research queries over report versions: filters, one summary row per version, region totals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from storage import models as m
from storage.db import as_aware
from storage.renditions import is_rendition_latest
from storage.values import canonical_value, from_text


@dataclass(frozen=True)
class VersionFilter:
    region: str | None = None
    agency: str | None = None  # substring of the agency name
    year: int | None = None
    template: str | None = None
    failed_check: str | None = None  # a rule name, or "any"
    all_versions: bool = False
    # The latest version of every rendition (page, PDF, …), not only of the primary one.
    all_renditions: bool = False


def _cell_scalar(table: str, row: str, column: str) -> sa.ScalarSelect[Any]:
    k = m.cell_key.c
    return (
        sa.select(m.cell.c.value_text)
        .join(m.cell_key, k.id == m.cell.c.key_id)
        .where(
            m.cell.c.version_id == m.report_version.c.id,
            k.table_key == table,
            k.row_key == row,
            k.column_key == column,
        )
        .scalar_subquery()
    )


def _failed_rules() -> sa.ScalarSelect[Any]:
    c = m.check_result.c
    return (
        sa.select(sa.func.count())
        .where(c.version_id == m.report_version.c.id, c.ok.is_(False))
        .scalar_subquery()
    )


def versions_query(f: VersionFilter) -> sa.Select[Any]:
    """One row per matching report version, with the figures researchers ask for first."""
    v, r, a = m.report_version.c, m.report.c, m.agency.c
    query = (
        sa.select(
            v.report_id,
            v.id.label("version_id"),
            a.name.label("agency"),
            a.region,
            r.year,
            v.rendition,
            v.version,
            v.template,
            v.url,
            v.first_seen,
            v.last_seen,
            (r.removed_at.is_not(None)).label("removed"),
            _cell_scalar("requests", "new", "total").label("requests_new"),
            _cell_scalar("requests", "total", "total").label("requests_handled"),
            _cell_scalar("requests", "carried_forward", "total").label("requests_carried_forward"),
            _failed_rules().label("failed_checks"),
        )
        .join(m.report, r.id == v.report_id)
        .outerjoin(m.agency, a.id == r.agency_id)
        .order_by(a.region, a.name, r.year, v.id)
    )
    return apply_filter(query, f)


def apply_filter(query: sa.Select[Any], f: VersionFilter) -> sa.Select[Any]:
    v, r, a, c = m.report_version.c, m.report.c, m.agency.c, m.check_result.c
    if f.all_renditions and not f.all_versions:
        query = query.where(is_rendition_latest())
    elif not f.all_versions:
        query = query.where(r.latest_version_id == v.id)
    if f.region:
        query = query.where(a.region == f.region)
    if f.agency:
        query = query.where(a.name.contains(f.agency, autoescape=True))
    if f.year:
        query = query.where(r.year == f.year)
    if f.template:
        query = query.where(v.template == f.template)
    if f.failed_check:
        failed = sa.select(c.version_id).where(c.ok.is_(False))
        if f.failed_check != "any":
            failed = failed.where(c.rule == f.failed_check)
        query = query.where(v.id.in_(failed))
    return query


def query_versions(conn: sa.Connection, f: VersionFilter) -> list[dict[str, Any]]:
    rows = []
    for row in conn.execute(versions_query(f)).mappings():
        record = dict(row)
        for key in ("first_seen", "last_seen"):
            record[key] = as_aware(record[key])
        for key in ("requests_new", "requests_handled", "requests_carried_forward"):
            record[key] = from_text(record[key])
        record["removed"] = bool(record["removed"])
        rows.append(record)
    return rows


def requests_by_region_year(conn: sa.Connection, row: str = "new") -> list[dict[str, Any]]:
    """Requests totals (`row`, column total) by region and year over the latest versions."""
    v, r, a, k = m.report_version.c, m.report.c, m.agency.c, m.cell_key.c
    key_id = sa.select(k.id).where(
        k.table_key == "requests", k.row_key == row, k.column_key == "total"
    )
    query = (
        sa.select(
            a.region,
            r.year,
            sa.func.count().label("reports"),
            sa.func.sum(m.cell.c.value).label("total"),
        )
        .select_from(m.report)
        .join(m.agency, a.id == r.agency_id)
        .join(m.report_version, v.id == r.latest_version_id)
        .join(
            m.cell,
            sa.and_(m.cell.c.version_id == v.id, m.cell.c.key_id == key_id.scalar_subquery()),
        )
        .group_by(a.region, r.year)
        .order_by(a.region, r.year)
    )
    rows = conn.execute(query).mappings()
    return [dict(row) | {"total": canonical_value(row.total)} for row in rows]
