"""`nianbao harvest`: crawl the sources into the archive and print what happened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from crawler.sources import Source, SourcesError, check_unique, load_sources, parse_source_option
from jobs.cli_output import rich_console
from jobs.harvest import HarvestResult, harvest
from jobs.settings import load_settings

HARVEST_HELP = """Crawl portals for 政府信息公开工作年度报告 and archive every report found.

Each source is a portal root, its 政务公开 page or its 年报 column; the column is found by link
text and URL, list pages are walked (TRS, Hanweb, gkmlpt or generic pagers), report pages and
attachments are fetched (conditionally on later runs), kept byte-exact in WARC files, parsed and
saved as versions. A source where no report is found makes the run fail (exit 1).

Example: nianbao harvest --sources sources.toml --db sqlite:///nianbao.db
"""

SourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="TOML sources file, one source table per portal (see sources.example.toml).",
    ),
]
SourceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--source", help="One-off source NAME=URL; repeatable. Example: --source x=https://…"
    ),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: NIANBAO_DB, else sqlite:///nianbao.db)."),
]
WarcOption = Annotated[
    Path | None,
    typer.Option("--warc-dir", help="Where WARC files go (default: NIANBAO_WARC_DIR or ./warc)."),
]
RevisitOption = Annotated[
    float,
    typer.Option(
        "--revisit-days",
        help="Ask again for known report pages when older than N days (0: every run).",
    ),
]
NoRobotsFlag = Annotated[
    bool,
    typer.Option("--no-robots", help="Ignore robots.txt for every source (operator's decision)."),
]
NoRenderFlag = Annotated[bool, typer.Option("--no-render", help="Never start the browser.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
SetOption = Annotated[
    list[str] | None,
    typer.Option("-s", "--set", help="Scrapy setting KEY=VALUE (JSON value or text); repeatable."),
]


def gather_sources(sources_file: Path | None, options: list[str]) -> list[Source]:
    sources = load_sources(sources_file) if sources_file is not None else []
    sources += [parse_source_option(option) for option in options]
    if not sources:
        raise SourcesError("no sources: give --sources FILE or --source NAME=URL")
    check_unique(sources, "sources")
    return sources


def parse_settings(options: list[str]) -> dict[str, object]:
    """`-s KEY=VALUE` pairs; a value is read as JSON when it can be (numbers, true, lists)."""
    settings: dict[str, object] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.isupper():
            raise SourcesError(f"--set {option!r}: expected KEY=VALUE with an upper-case KEY")
        try:
            settings[key] = json.loads(value)
        except ValueError:
            settings[key] = value
    return settings


def summary_table(result: HarvestResult) -> Table:
    table = Table(title="nianbao harvest")
    headings = (
        "source",
        "run",
        "lists",
        "reports",
        "new",
        "changed",
        "unchanged",
        "304",
        "removed",
        "errors",
        "problems",
        "bytes",
    )
    for heading in headings:
        text = heading in ("source", "run")
        table.add_column(heading, justify="left" if text else "right", no_wrap=text)
    for s in result.sources:
        counts = (
            s.lists,
            s.reports,
            s.inserted,
            s.new_version,
            s.unchanged,
            s.not_modified,
            s.removed,
            s.errors,
            s.problems,
        )
        table.add_row(
            s.name, "FAILED" if s.failed else "ok", *(str(n) for n in counts), f"{s.bytes:,}"
        )
    return table


def harvest_cmd(
    sources_file: SourcesOption = None,
    source: SourceOption = None,
    db: DbOption = None,
    warc_dir: WarcOption = None,
    revisit_days: RevisitOption = 0.0,
    no_robots: NoRobotsFlag = False,
    no_render: NoRenderFlag = False,
    as_json: JsonFlag = False,
    set_: SetOption = None,
) -> None:
    try:
        sources = gather_sources(sources_file, source or [])
        overrides = parse_settings(set_ or [])
    except SourcesError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    settings = load_settings()
    result = harvest(
        sources,
        db or settings.db_url,
        warc_dir or settings.warc_dir,
        revisit_days=revisit_days,
        obey_robots=not no_robots,
        render=not no_render,
        settings_overrides=overrides,
    )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        rich_console().print(summary_table(result))
    if not result.ok:
        typer.echo(f"harvest failed: no report found for {', '.join(result.failed)}", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `harvest` to the `nianbao` app."""
    app.command("harvest", help=HARVEST_HELP)(harvest_cmd)
