"""Builders shared by the archive tests: ParsedReport objects and opened archives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from crawler.capture import Capture
from parsers.contract import REQUEST_COLUMNS, REQUEST_ROWS, REVIEW_COLUMNS, REVIEW_ROWS, Template
from parsers.model import CheckResult, ParsedReport, Tables
from storage.archive import Archive

TEXT = (
    "依据《中华人民共和国政府信息公开条例》第五十条规定，编制本报告。\n"
    "一、总体情况\n2023年，本机关认真贯彻落实政府信息公开条例，推进政务公开工作。\n"
    "五、存在的主要问题及改进情况\n政策解读形式还不够丰富。\n"
)


def requests_table(
    new: int = 10, carried_over: int = 2, carried_forward: int = 1
) -> dict[str, dict[str, int | Decimal | None]]:
    rows: dict[str, dict[str, int | Decimal | None]] = {
        spec.key: {col: 0 for col in REQUEST_COLUMNS}
        for spec in REQUEST_ROWS
        if spec.key != "other"
    }
    rows["new"] = {col: 0 for col in REQUEST_COLUMNS} | {"natural_person": new, "total": new}
    rows["carried_over"] |= {"natural_person": carried_over, "total": carried_over}
    done = new + carried_over - carried_forward
    rows["granted"] |= {"natural_person": done, "total": done}
    rows["total"] |= {"natural_person": done, "total": done}
    rows["carried_forward"] |= {"natural_person": carried_forward, "total": carried_forward}
    return rows


def make_tables(**kwargs: int) -> Tables:
    return {
        "active": {
            "regulations": {"issued": 1, "repealed": 0, "in_force": 5},
            "fees": {"amount_10k_yuan": Decimal("3.5")},
        },
        "requests": requests_table(**kwargs),
        "review": {spec.key: {col: 0 for col in REVIEW_COLUMNS} for spec in REVIEW_ROWS},
        "processing_fees": {"notices": {"count": None, "amount_yuan": None, "collected_yuan": 0}},
    }


def make_report(
    agency: str = "北京市丰台区人民政府", year: int = 2023, text: str = TEXT, **table_args: int
) -> ParsedReport:
    return ParsedReport(
        source="test.txt",
        form="text",
        title=f"{agency}{year}年政府信息公开工作年度报告",
        agency=agency,
        year=year,
        published=f"{year + 1}-01-20",
        template=Template.T2021,
        tables=make_tables(**table_args),
        checks=(
            CheckResult("requests.balance", True),
            CheckResult(
                "review.totals", False, ({"row": "reconsideration", "expected": 1, "found": 0},)
            ),
        ),
        missing=(),
        warnings=(),
        text=text,
    )


def edit_cell(report: ParsedReport, table: str, row: str, column: str, value: int) -> ParsedReport:
    tables = {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in report.tables.items()}
    tables[table][row][column] = value
    return replace(report, tables=tables)


def make_capture(url: str, when: datetime | None = None, sha: str = "ab" * 32) -> Capture:
    return Capture(
        source="fengtai",
        url=url,
        final_url=url,
        kind="report_page",
        status=200,
        fetched_at=when or datetime(2024, 2, 1, 8, 0, tzinfo=UTC),
        headers=(("Content-Type", "text/html"),),
        etag='"e1"',
        last_modified="Thu, 01 Feb 2024 08:00:00 GMT",
        sha256=sha,
        size=1234,
        content_type="text/html",
        warc_file="warc/x.warc.gz",
        warc_offset=0,
        warc_length=999,
    )


def open_archive(db_url: str) -> Archive:
    """An archive at the current schema (PostgreSQL is upgraded explicitly, as in production)."""
    archive = Archive(db_url, require_schema=False)
    archive.upgrade()
    return archive
