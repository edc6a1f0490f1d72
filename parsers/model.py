"""The parser's output records: what every form of report (page, PDF, Word, text) is turned into."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from parsers.contract import Template

Number = int | Decimal
Cell = Number | None
# table key -> row key -> column key -> value (None: the report left the cell blank, "—" or "/").
Tables = dict[str, dict[str, dict[str, Cell]]]
Form = Literal["html", "text", "pdf", "docx", "doc"]


@dataclass(frozen=True)
class Grid:
    """One table as the document laid it out: rows of cell texts, row/col spans expanded.

    A spanned cell repeats its text in every position it covers, so row i column j is always the
    cell a reader sees there. `page` is the 1-based page for PDFs (a table that runs across pages
    arrives as several grids), else None.
    """

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A file turned into main text and table grids, before any report semantics.

    `text` is the main text, page chrome stripped, one paragraph a line. `tables` holds the real
    table structure where the format has one (HTML, DOCX, PDF); it is empty for plain text, whose
    tables live inside `text`. The hints come from metadata (<title>, <meta>, DOCX core
    properties) and are used only when the text itself does not say.
    """

    source: str
    form: Form
    text: str
    tables: tuple[Grid, ...] = ()
    title_hint: str | None = None
    agency_hint: str | None = None
    published_hint: str | None = None


@dataclass(frozen=True)
class CheckResult:
    """One rule of the format doc: ok is True, False, or None when its inputs are missing."""

    rule: str
    ok: bool | None
    failures: tuple[dict[str, object], ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class ParsedReport:
    source: str
    form: Form
    title: str | None
    agency: str | None
    year: int | None
    published: str | None  # ISO date, when the document says
    template: Template
    tables: Tables
    checks: tuple[CheckResult, ...]
    missing: tuple[str, ...]  # "review", or "requests.carried_forward" for a single row
    warnings: tuple[str, ...]
    text: str = field(repr=False)  # main text, chrome stripped, for storage, search and diffs
