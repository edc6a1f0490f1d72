"""Archive commands: history, diff (jobs.cli_archive_diff), compare, query, search, export,
ingest and `db upgrade`.

A thin shell: the work is done in storage/; these functions parse options and print.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from jobs.cli_archive_common import (
    AgencyOption,
    AllRenditionsFlag,
    CsvFlag,
    DbOption,
    FormatOption,
    JsonFlag,
    OutOption,
    ReportArg,
    TableFlag,
    YearOption,
    connect,
    fail,
    pick_format,
)
from jobs.cli_archive_diff import diff_cmd
from jobs.cli_output import OutputFormat, emit, output, to_json
from jobs.settings import load_settings
from storage import reading
from storage.archive import Archive
from storage.compare import compare
from storage.errors import ArchiveError
from storage.export import records as export_records
from storage.export import write_csv, write_jsonl, write_parquet
from storage.queries import VersionFilter, query_versions
from storage.search import search


def history_cmd(
    report: ReportArg = None,
    agency: AgencyOption = None,
    year: YearOption = None,
    db: DbOption = None,
    out: OutOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    json_: JsonFlag = False,
    csv_: CsvFlag = False,
    table: TableFlag = False,
) -> None:
    """The versions of one report with their dates and hashes, in the order they were archived.

    A report published as a page and as attachments has one rendition for each (html, pdf,
    docx…); versions are numbered within their rendition.

    Example: nianbao history --agency 北京市丰台区人民政府 --year 2023
    """
    with connect(db) as conn:
        report_id = reading.find_report(conn, report, agency, year)
        rows = [
            {
                "rendition": v.rendition,
                "version": v.version,
                "first_seen": v.first_seen,
                "last_seen": v.last_seen,
                "content_hash": v.content_hash[:16],
                "text_hash": v.text_hash[:16],
                "tables_hash": v.tables_hash[:16],
                "template": v.template,
                "url": v.url,
            }
            for v in reading.versions(conn, report_id)
        ]
        rows += [
            {"version": f"({e.kind})", "first_seen": e.at, "url": e.url or ""}
            for e in reading.events(conn, report_id)
        ]
    with output(out) as handle:
        emit(rows, pick_format(fmt, json_, csv_, table), handle)


def compare_cmd(
    agency: Annotated[str, typer.Argument(help="Agency name, as archived.")],
    years: Annotated[list[int], typer.Argument(help="Years to compare.", show_default=False)],
    years_marker: Annotated[
        bool, typer.Option("--years", help="Optional marker before the years (reads well).")
    ] = False,
    db: DbOption = None,
    out: OutOption = None,
    json_: JsonFlag = False,
) -> None:
    """The same agency year over year, with the cross-year carry-over check.

    Example: nianbao compare 北京市丰台区人民政府 --years 2022 2023
    """
    with connect(db) as conn:
        result = compare(conn, agency, years)
    rows = [
        {"figure": key} | {str(y.year): y.figures[key] for y in result.years}
        for key in result.years[0].figures
    ]
    checks = [
        {
            "rule": c.rule,
            "years": f"{c.from_year}→{c.to_year}",
            "ok": "not checkable" if c.ok is None else c.ok,
            "failures": c.failures,
        }
        for c in result.checks
    ]
    with output(out) as handle:
        if json_:
            handle.write(
                to_json({"agency": result.agency, "figures": rows, "checks": checks}) + "\n"
            )
            return
        handle.write(f"{result.agency}\n")
        emit(rows, OutputFormat.TABLE, handle)
        emit(checks, OutputFormat.TABLE, handle) if checks else None


def query_cmd(
    region: Annotated[str | None, typer.Option(help="Region, as in the sources file.")] = None,
    agency: Annotated[str | None, typer.Option(help="Part of the agency name.")] = None,
    year: YearOption = None,
    template: Annotated[str | None, typer.Option(help="2021, 2019 or pre2019.")] = None,
    failed: Annotated[
        str | None, typer.Option(help="Only versions failing this rule ('any' for any).")
    ] = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Every version, not only the latest.")
    ] = False,
    all_renditions: AllRenditionsFlag = False,
    db: DbOption = None,
    out: OutOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    json_: JsonFlag = False,
    csv_: CsvFlag = False,
    table: TableFlag = False,
) -> None:
    """Report versions matching filters, one row each, with the main request figures.

    By default one row per report: the latest version of its primary rendition (the one with
    the most table cells, ties to html), named in the `rendition` column.

    Example: nianbao query --region 北京市 --year 2023 --failed requests.balance --csv
    """
    flt = VersionFilter(region, agency, year, template, failed, all_versions, all_renditions)
    with connect(db) as conn:
        rows = query_versions(conn, flt)
    with output(out) as handle:
        emit(rows, pick_format(fmt, json_, csv_, table), handle)


def search_cmd(
    term: Annotated[
        str, typer.Argument(help="Word or phrase (Chinese works; two characters too).")
    ],
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Search old versions too.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 50,
    db: DbOption = None,
    out: OutOption = None,
    fmt: FormatOption = OutputFormat.TABLE,
    json_: JsonFlag = False,
    csv_: CsvFlag = False,
    table: TableFlag = False,
) -> None:
    """Full-text search over report text.

    Example: nianbao search 政府信息公开 --json
    """
    with connect(db) as conn:
        hits = search(conn, term, all_versions=all_versions, limit=limit)
    rows = [vars(hit) for hit in hits]
    with output(out) as handle:
        emit(rows, pick_format(fmt, json_, csv_, table), handle)


def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Every version, not only the latest.")
    ] = False,
    all_renditions: AllRenditionsFlag = False,
    region: Annotated[str | None, typer.Option(help="Only this region.")] = None,
    year: YearOption = None,
    db: DbOption = None,
    out: OutOption = None,
) -> None:
    """One record per report version: url, agency, year, template, rendition, version, dates,
    tables, checks. By default one per report (its primary rendition's latest version).

    Example: nianbao export --format parquet -o reports.parquet
    """
    if fmt not in ("jsonl", "csv", "parquet"):
        raise fail(f"unknown format {fmt!r}: use jsonl, csv or parquet")
    if fmt == "parquet" and out is None:
        raise fail("parquet needs -o FILE")
    flt = VersionFilter(
        region=region, year=year, all_versions=all_versions, all_renditions=all_renditions
    )
    with connect(db) as conn:
        items = export_records(conn, flt)
        if fmt == "parquet" and out is not None:
            count = write_parquet(items, out)
        else:
            with output(out) as handle:
                count = (write_jsonl if fmt == "jsonl" else write_csv)(items, handle)
    typer.echo(f"exported {count} report version(s)", err=True)


def ingest_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Report files (HTML, PDF, DOCX, DOC, text).", exists=True)
    ],
    agency: AgencyOption = None,
    year: YearOption = None,
    url: Annotated[str | None, typer.Option(help="Where the report was published.")] = None,
    region: Annotated[str | None, typer.Option(help="Region of the agency.")] = None,
    db: DbOption = None,
) -> None:
    """Archive report files obtained outside the crawler.

    Example: nianbao ingest report.pdf --agency 北京市丰台区人民政府 --year 2023 --url https://…/2023.pdf
    """
    from jobs.ingest import ingest_file

    url_db = db or load_settings().db_url
    failed = 0
    try:
        with Archive(url_db) as archive:
            for path in files:
                r = ingest_file(archive, path, agency=agency, year=year, url=url, region=region)
                failed += r.status == "failed"
                detail = r.error or f"report {r.report_id} {r.rendition} version {r.version}"
                typer.echo(f"{r.status}\t{path}\t{detail}")
    except ArchiveError as exc:
        raise fail(str(exc)) from None
    if failed:
        raise typer.Exit(1)


def upgrade_cmd(db: DbOption = None) -> None:
    """Create or upgrade the archive's schema (Alembic migrations) to the newest version.

    Example: nianbao db upgrade --db postgresql+psycopg://nianbao@localhost/nianbao
    """
    url = db or load_settings().db_url
    try:
        with Archive(url, require_schema=False) as archive:
            archive.upgrade()
    except ArchiveError as exc:
        raise fail(str(exc)) from None
    except sa.exc.OperationalError as exc:
        raise fail(f"cannot use database {url}: {str(exc.orig).strip().splitlines()[0]}") from None
    typer.echo(f"database at the current schema: {sa.make_url(url).render_as_string()}")


def register(app: typer.Typer) -> None:
    """Add the archive commands to the `nianbao` app."""
    app.command("history")(history_cmd)
    app.command("diff")(diff_cmd)
    app.command("compare")(compare_cmd)
    app.command("query")(query_cmd)
    app.command("search")(search_cmd)
    app.command("export")(export_cmd)
    app.command("ingest")(ingest_cmd)
    db_app = typer.Typer(
        help="Database schema.\n\nExample: nianbao db upgrade", no_args_is_help=True
    )
    db_app.command("upgrade")(upgrade_cmd)
    app.add_typer(db_app, name="db")
