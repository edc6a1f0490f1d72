"""`nianbao parse` and `nianbao demo`: thin commands over parsers.report."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from jobs.cli_output import rich_console
from parsers.contract import TABLE_LABELS, column_label
from parsers.errors import ParseError
from parsers.model import Cell, CheckResult, ParsedReport
from parsers.report import parse_file, report_to_json

SAMPLES = Path(__file__).parent / "samples"

PARSE_HELP = """Parse one annual report (PDF, DOCX, DOC, HTML or text) and show its tables,
the checks of the four rules, and what is missing.

Example: nianbao parse jobs/samples/003_da4cd97813954aae.txt --json
"""
DEMO_HELP = """Parse the reports bundled in jobs/samples/ and print one summary line per report.

Example: nianbao demo
"""
FILE_HELP = "The report file. Example: nianbao parse report.pdf"
JSON_HELP = "Print the parse as JSON (the contract's keys). Example: nianbao parse r.pdf --json"


def register(app: typer.Typer) -> None:
    """Add the parse and demo commands to the nianbao app."""
    app.command("parse", help=PARSE_HELP)(parse_command)
    app.command("demo", help=DEMO_HELP)(demo_command)


def parse_command(
    file: Path = typer.Argument(..., help=FILE_HELP),  # noqa: B008 - typer's declaration style
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    try:
        report = parse_file(file)
    except ParseError as exc:
        reason = " ".join(exc.reason.split())
        typer.echo(f"error: {exc.source}: {reason}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(report_to_json(report))
    else:
        print_report(report, rich_console())


def demo_command() -> None:
    console = rich_console()
    summary = Table(
        title=f"nianbao demo: the reports in {SAMPLES}",
        caption="new, total: requests received this year and handled (总计), all applicants",
    )
    for heading in ("file", "agency", "year", "template", "new", "total", "checks"):
        summary.add_column(heading, overflow="fold")
    failed = 0
    files = sorted(path for path in SAMPLES.iterdir() if path.is_file())
    for path in files:
        try:
            report = parse_file(path)
        except ParseError as exc:
            failed += 1
            summary.add_row(path.name, f"[red]error: {exc.reason}[/red]", "", "", "", "", "")
            continue
        summary.add_row(path.name, *_summary_cells(report))
    console.print(summary)
    if failed or not files:
        raise typer.Exit(1)


def _summary_cells(report: ParsedReport) -> tuple[str, ...]:
    requests = report.tables.get("requests", {})
    return (
        report.agency or "—",
        str(report.year or "—"),
        report.template.value,
        _text(requests.get("new", {}).get("total")),
        _text(requests.get("total", {}).get("total")),
        _checks_summary(report.checks),
    )


def _checks_summary(checks: tuple[CheckResult, ...]) -> str:
    passed = sum(1 for check in checks if check.ok is True)
    failed = sum(1 for check in checks if check.ok is False)
    unknown = sum(1 for check in checks if check.ok is None)
    return f"{passed} ok / {failed} failed / {unknown} n.a."


def _text(value: object) -> str:
    return "—" if value is None else str(value)


def print_report(report: ParsedReport, console: Console) -> None:
    """A readable summary: who and when, each table, the checks, then missing and warnings."""
    console.print(f"[bold]{report.title or '(no title)'}[/bold]")
    console.print(
        f"agency: {report.agency or '—'}   year: {report.year or '—'}   "
        f"published: {report.published or '—'}   template: {report.template.value}   "
        f"form: {report.form}   source: {report.source}"
    )
    for table_key, rows in report.tables.items():
        console.print(_table_view(table_key, rows))
    console.print(_checks_view(report.checks))
    console.print(f"missing: {', '.join(report.missing) or 'nothing'}")
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")


def _table_view(table_key: str, rows: dict[str, dict[str, Cell]]) -> Table:
    """Rows by key (the JSON vocabulary), columns by their short Chinese label."""
    columns = list(dict.fromkeys(column for cells in rows.values() for column in cells))
    view = Table(title=f"{table_key} {TABLE_LABELS.get(table_key, '')}")
    view.add_column("row", no_wrap=True)
    for column in columns:
        view.add_column(column_label(table_key, column), justify="right", overflow="fold")
    for row_key, cells in rows.items():
        view.add_row(row_key, *(_text(cells.get(column)) for column in columns))
    return view


def _checks_view(checks: tuple[CheckResult, ...]) -> Table:
    view = Table(title="checks")
    for heading in ("rule", "result", "failures"):
        view.add_column(heading)
    for check in checks:
        result = {True: "[green]ok[/green]", False: "[red]failed[/red]", None: "not checkable"}
        failures = "; ".join(_failure_text(failure) for failure in check.failures)
        view.add_row(check.rule, result[check.ok], failures)
    return view


def _failure_text(failure: dict[str, object]) -> str:
    where = failure.get("row") or failure.get("column")
    return (
        f"{where}: expected {failure.get('expected')}, "
        f"actual {failure.get('actual')} ({failure.get('difference')})"
    )
