"""Shared output for the archive commands: --json / --csv / --table, to stdout or -o FILE."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from rich.console import Console

from storage.values import dumps, plain_text


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def to_json(value: Any) -> str:
    """Indented JSON; decimals printed exactly (5098.4139), dates in ISO form."""
    return dumps(value, indent=2)


@contextmanager
def output(path: Path | None) -> Iterator[IO[str]]:
    """stdout, or the file given with -o."""
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        yield handle


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # CJK takes two columns


def render_table(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    if not rows:
        return "(no rows)\n"
    columns = list(columns or rows[0].keys())
    cells = [[plain_text(row.get(c)) for c in columns] for row in rows]
    widths = [max(_width(c), *(_width(r[i]) for r in cells)) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))

    lines = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    return "\n".join(s.rstrip() for s in lines) + "\n"


def emit(rows: Sequence[dict[str, Any]], fmt: OutputFormat, out: IO[str]) -> None:
    if fmt is OutputFormat.JSON:
        out.write(to_json(list(rows)) + "\n")
    elif fmt is OutputFormat.CSV:
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
            writer.writeheader()
            writer.writerows({k: plain_text(v) for k, v in row.items()} for row in rows)
    else:
        out.write(render_table(rows))


def rich_console() -> Console:
    """A console for rich tables; piped output gets 160 columns instead of rich's 80, which
    would wrap agency names and truncate counts."""
    console = Console()
    return console if console.is_terminal else Console(width=160)
