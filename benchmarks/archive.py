"""Archive benchmark: ingest generated report versions, then time a typical research query.

    .venv/bin/python benchmarks/archive.py [--versions 20000] [--pg-admin URL] [--only sqlite]

Prints versions/s for saving (each version: ~200 table cells, checks, ~2,000 characters of text,
full-text indexed) and the median time of three reads: "requests totals by region and year" over
the latest versions, the `requests_wide` view filtered by year and region, and `query --failed
any` (the versions failing a check), on a throwaway SQLite file and a throwaway PostgreSQL
database (created and dropped here).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parsers.contract import REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS, REVIEW_ROWS, Template
from parsers.model import CheckResult, ParsedReport, Tables
from storage.archive import Archive
from storage.queries import VersionFilter, query_versions, requests_by_region_year

REGIONS = (
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "内蒙古自治区",
    "西藏自治区",
)
PARAGRAPH = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "围绕中心工作推进决策、执行、管理、服务、结果公开，加强政策解读和回应关切，"
)


def make_tables(rng: random.Random) -> Tables:
    requests = {
        spec.key: {c: rng.randint(0, 40) for c in REQUEST_COLUMNS}
        for spec in REQUEST_ROWS
        if spec.key != "other"
    }
    return {
        "active": {
            "regulations": {"issued": rng.randint(0, 9), "repealed": 0, "in_force": 12},
            "licensing": {"decisions": rng.randint(0, 5000)},
        },
        "requests": requests,
        "review": {
            spec.key: {c: rng.randint(0, 3) for c in REVIEW_COLUMNS} for spec in REVIEW_ROWS
        },
    }


def make_report(i: int, rng: random.Random) -> ParsedReport:
    agency, year = f"{REGIONS[i % len(REGIONS)]}第{i // 4}号机关", 2020 + i % 4
    text = f"{agency}{year}年政府信息公开工作年度报告\n" + "\n".join(
        f"（{n}）{PARAGRAPH}共办理{rng.randint(1, 999)}件。" for n in range(30)
    )
    checks = (
        CheckResult("requests.balance", rng.random() > 0.1),
        CheckResult("review.totals", True),
    )
    return ParsedReport(
        source=f"gen{i}",
        form="html",
        title=f"{agency}{year}年报",
        agency=agency,
        year=year,
        published=f"{year + 1}-01-20",
        template=Template.T2021,
        tables=make_tables(rng),
        checks=checks,
        missing=(),
        warnings=(),
        text=text,
    )


def one_digit_edit(report: ParsedReport) -> ParsedReport:
    tables = {t: {r: dict(c) for r, c in rows.items()} for t, rows in report.tables.items()}
    tables["requests"]["new"]["natural_person"] = (
        int(tables["requests"]["new"]["natural_person"] or 0) + 1
    )
    return replace(report, tables=tables)


def ingest(archive: Archive, versions: int) -> tuple[float, float]:
    """Save `versions` versions (half the reports get a second, edited version).

    Returns wall-clock seconds and this process's CPU seconds (the machine may be shared).
    """
    rng = random.Random(7)
    reports = (versions + 1) // 2
    start, cpu_start = time.perf_counter(), time.process_time()
    saved = 0
    for i in range(reports):
        report = make_report(i, rng)
        region = REGIONS[i % len(REGIONS)]
        for candidate in (report, one_digit_edit(report))[: min(2, versions - saved)]:
            result = archive.save_report(
                candidate,
                url=f"https://gov.example/{i}.html",
                source=None,
                capture_id=None,
                region=region,
            )
            assert result.status in ("inserted", "new_version"), result
            saved += 1
    return time.perf_counter() - start, time.process_time() - cpu_start


WIDE_BY_YEAR_AND_REGION = sa.text(
    "SELECT * FROM requests_wide WHERE year = :year AND region = :region AND is_latest = 1"
)


def _median_time(archive: Archive, work: Callable[[sa.Connection], int], runs: int = 5) -> Timing:
    """Median seconds of `work` over `runs` runs, and the number of rows it returned."""
    timings, rows = [], 0
    with archive.engine.connect() as conn:
        for _ in range(runs):
            start = time.perf_counter()
            rows = work(conn)
            timings.append(time.perf_counter() - start)
    return Timing(statistics.median(timings), rows)


@dataclass(frozen=True)
class Timing:
    seconds: float
    rows: int

    def __str__(self) -> str:
        return f"{self.seconds * 1000:.1f} ms ({self.rows} rows)"


def time_queries(archive: Archive) -> dict[str, Timing]:
    """The research query, the wide view filtered by year and region, and `query --failed any`."""
    params = {"year": 2022, "region": REGIONS[3]}
    return {
        "requests totals by region and year": _median_time(
            archive, lambda conn: len(requests_by_region_year(conn))
        ),
        "requests_wide by year and region": _median_time(
            archive, lambda conn: len(conn.execute(WIDE_BY_YEAR_AND_REGION, params).all())
        ),
        "query --failed any": _median_time(
            archive, lambda conn: len(query_versions(conn, VersionFilter(failed_check="any")))
        ),
    }


def run(name: str, db_url: str, versions: int) -> None:
    archive = Archive(db_url, require_schema=False)
    archive.upgrade()
    try:
        seconds, cpu = ingest(archive, versions)
        timings = time_queries(archive)
    finally:
        archive.close()
    rate = versions / seconds
    print(f"{name:10s} {versions} versions in {seconds:.1f} s = {rate:.0f} versions/s")
    for label, timing in timings.items():
        print(f"{'':10s} {label}: {timing}")
    load = os.getloadavg()[0]
    print(f"{'':10s} (client CPU {cpu:.1f} s; load average {load:.1f} on {os.cpu_count()} CPUs)")


@contextmanager
def throwaway_pg(admin_url: str) -> Iterator[str]:
    name = f"nianbao_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--versions", type=int, default=20000)
    parser.add_argument(
        "--pg-admin", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    if args.only != "postgres":
        with tempfile.TemporaryDirectory() as tmp:
            run("SQLite", f"sqlite:///{tmp}/bench.db", args.versions)
    if args.only != "sqlite":
        with throwaway_pg(args.pg_admin) as url:
            run("PostgreSQL", url, args.versions)


if __name__ == "__main__":
    main()
