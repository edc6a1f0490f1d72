"""One agency year over year, with the cross-year rule: this year's 上年结转 (requests.carried_over)
equals last year's 结转下年度继续办理 (requests.carried_forward), column by column."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import sqlalchemy as sa

from parsers.contract import REQUEST_COLUMNS
from parsers.model import Tables
from storage import models as m
from storage.errors import UnknownReportError
from storage.reading import VersionInfo, load_tables, version_info
from storage.saving import agency_key

KEY_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("requests", "new", "total"),
    ("requests", "carried_over", "total"),
    ("requests", "granted", "total"),
    ("requests", "total", "total"),
    ("requests", "carried_forward", "total"),
    ("review", "reconsideration", "total"),
    ("review", "litigation_direct", "total"),
    ("review", "litigation_after_reconsideration", "total"),
)


@dataclass(frozen=True)
class YearFigures:
    year: int
    version: VersionInfo | None
    figures: dict[str, Any]  # "table.row.column" -> value


@dataclass(frozen=True)
class CrossYearCheck:
    rule: str
    from_year: int
    to_year: int
    ok: bool | None  # None: a year or one of the rows is missing
    failures: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    agency: str
    years: list[YearFigures]
    checks: list[CrossYearCheck]


def _report_ids(conn: sa.Connection, agency: str) -> tuple[str, dict[int, int]]:
    a, r = m.agency.c, m.report.c
    rows = conn.execute(
        sa.select(a.name, r.year, r.id)
        .join(m.report, r.agency_id == a.id)
        .where(a.name_key == agency_key(agency))
    ).all()
    if not rows:
        raise UnknownReportError(f"no archived reports of {agency}")
    return rows[0].name, {int(row.year): int(row.id) for row in rows if row.year is not None}


def cross_year_check(
    prev: Tables | None, this: Tables | None, prev_year: int, year: int
) -> CrossYearCheck:
    rule = "requests.cross_year_carry"
    before = (prev or {}).get("requests", {}).get("carried_forward")
    after = (this or {}).get("requests", {}).get("carried_over")
    if before is None or after is None:
        return CrossYearCheck(rule, prev_year, year, None)
    failures = [
        {"column": col, "carried_forward": before.get(col), "carried_over": after.get(col)}
        for col in REQUEST_COLUMNS
        if col in before and col in after and before.get(col) != after.get(col)
    ]
    return CrossYearCheck(rule, prev_year, year, not failures, failures)


def compare(conn: sa.Connection, agency: str, years: list[int]) -> Comparison:
    name, ids = _report_ids(conn, agency)
    infos = {y: version_info(conn, ids[y]) for y in years if y in ids}
    tables = load_tables(conn, [i.version_id for i in infos.values()])
    by_year = {y: tables[i.version_id] for y, i in infos.items()}
    figures = [
        YearFigures(
            y,
            infos.get(y),
            {
                f"{t}.{r}.{c}": by_year.get(y, {}).get(t, {}).get(r, {}).get(c)
                for t, r, c in KEY_FIGURES
            },
        )
        for y in sorted(years)
    ]
    ordered = sorted(years)
    checks = [
        cross_year_check(by_year.get(p), by_year.get(y), p, y)
        for p, y in pairwise(ordered)
        if y == p + 1
    ]
    return Comparison(name, figures, checks)
