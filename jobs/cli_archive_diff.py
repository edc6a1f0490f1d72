"""`nianbao diff`: what changed between two versions of one rendition of a report."""

from __future__ import annotations

from typing import Annotated

import typer

from jobs.cli_archive_common import (
    AgencyOption,
    DbOption,
    JsonFlag,
    OutOption,
    ReportArg,
    YearOption,
    connect,
)
from jobs.cli_output import output, to_json
from storage import reading
from storage.diff import diff_cells, diff_json, diff_text, render_text


def diff_cmd(
    report: ReportArg = None,
    agency: AgencyOption = None,
    year: YearOption = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Old version, N or RENDITION:N (default: the one before)."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="New version, N or RENDITION:N (default: latest).")
    ] = None,
    rendition: Annotated[
        str | None,
        typer.Option(help="html, pdf, docx… (default: that of the newest version).", metavar="R"),
    ] = None,
    across: Annotated[
        bool, typer.Option("--across", help="Allow --from and --to of different renditions.")
    ] = False,
    context: Annotated[
        int, typer.Option(help="Unchanged characters kept around each change.")
    ] = 20,
    db: DbOption = None,
    out: OutOption = None,
    json_: JsonFlag = False,
) -> None:
    """Cell changes and a character-level text diff between two versions of a report.

    By default the latest version and the one before it of the same rendition (the page's
    versions are compared with the page's, the PDF's with the PDF's).

    Example: nianbao diff https://www.bjft.gov.cn/ftq/zfxxgknb/2024.html --json
    """
    with connect(db) as conn:
        report_id = reading.find_report(conn, report, agency, year)
        old, new = reading.diff_pair(
            conn,
            report_id,
            reading.VersionRef.parse(from_) if from_ is not None else None,
            reading.VersionRef.parse(to) if to is not None else None,
            rendition=rendition,
            across=across,
        )
        a, b = reading.load_version(conn, old), reading.load_version(conn, new)
    cells, text = diff_cells(a.tables, b.tables), diff_text(a.text, b.text, context)
    with output(out) as handle:
        if json_:
            handle.write(to_json(diff_json(cells, text)) + "\n")
            return
        handle.write(
            f"{old.rendition} version {old.version} → {new.rendition} version {new.version}: "
            f"{len(cells)} cell change(s)\n"
        )
        for c in cells:
            handle.write(f"  {c.table}.{c.row}.{c.column}: {c.old} → {c.new}\n")
        changed = any(h.op not in ("equal", "fold") for h in text)
        handle.write("text:\n" + (render_text(text) if changed else "(unchanged)") + "\n")
