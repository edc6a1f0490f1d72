"""What the archive commands share: the --db/-o/format options and opening the archive."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
import typer

from jobs.cli_output import OutputFormat
from jobs.settings import load_settings
from storage.archive import Archive
from storage.errors import ArchiveError

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: NIANBAO_DB, else sqlite:///nianbao.db)."),
]
OutOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write to FILE instead of stdout.")
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table, json or csv.", case_sensitive=False)
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Same as --format csv.")]
TableFlag = Annotated[bool, typer.Option("--table", help="Same as --format table (the default).")]
ReportArg = Annotated[
    str | None, typer.Argument(help="The report's URL (or use --agency and --year).")
]
AgencyOption = Annotated[str | None, typer.Option("--agency", help="Agency name, as archived.")]
YearOption = Annotated[int | None, typer.Option("--year", help="Report year.")]
AllRenditionsFlag = Annotated[
    bool,
    typer.Option(
        "--all-renditions",
        help="The latest version of every rendition (page, PDF, DOCX…), not one per report.",
    ),
]


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@contextmanager
def connect(db: str | None) -> Iterator[sa.Connection]:
    """A connection to the archive; expected failures become a one-line error and exit 2."""
    url = db or load_settings().db_url
    try:
        archive = Archive(url)
        try:
            with archive.engine.connect() as conn:
                yield conn
        finally:
            archive.close()
    except ArchiveError as exc:
        raise fail(str(exc)) from None
    except sa.exc.OperationalError as exc:
        raise fail(f"cannot use database {url}: {str(exc.orig).strip().splitlines()[0]}") from None


def pick_format(fmt: OutputFormat, json_: bool, csv_: bool, table: bool) -> OutputFormat:
    if json_:
        return OutputFormat.JSON
    if csv_:
        return OutputFormat.CSV
    return OutputFormat.TABLE if table else fmt
