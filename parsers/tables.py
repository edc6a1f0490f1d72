"""Cell tokens (from text or from grids) into the contract's tables: active, requests, review.

The token stream is cut into segments, a label followed by the cells up to the next label. A
segment whose label names a row (parsers.labels) must carry exactly the row's number of cells,
after padding cells at either end are dropped; otherwise the row is left out with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from parsers.cells import Token
from parsers.contract import REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_ROWS, Template, row_specs
from parsers.fees import ten_thousand_yuan_to_yuan
from parsers.labels import (
    ACTIVE,
    REQUESTS,
    REVIEW,
    RowMatch,
    heading_table,
    match_row,
    request_group,
    strip_numbering,
)
from parsers.model import Cell, Tables

_BROKEN_TAIL = 12  # the tail of a label broken over two cells is short
_BREAKABLE_LABEL = 12  # only a label at least this long is wrapped by converters
_REVIEW_CELLS = len(REVIEW_ROWS) * len(REVIEW_COLUMNS)


@dataclass(frozen=True)
class Segment:
    label: str | None
    cells: tuple[Token, ...]

    @property
    def has_values(self) -> bool:
        return any(token.kind == "value" for token in self.cells)


@dataclass(frozen=True)
class TableFinding:
    """What one token stream yielded; warnings are (table key, message)."""

    tables: Tables
    warnings: tuple[tuple[str, str], ...]
    seen: frozenset[str]  # tables whose heading or row labels appeared


def segment_tokens(tokens: Iterable[Token]) -> list[Segment]:
    """Cut the stream before every label."""
    segments: list[Segment] = []
    label: str | None = None
    cells: list[Token] = []
    for token in tokens:
        if token.kind == "label":
            if label is not None or cells:
                segments.append(Segment(label, tuple(cells)))
            label, cells = token.text, []
        else:
            cells.append(token)
    if label is not None or cells:
        segments.append(Segment(label, tuple(cells)))
    return segments


def fit_cells(cells: Sequence[Token], expected: int) -> list[Token] | None:
    """Exactly `expected` cells after dropping padding at the ends, or None when they do not fit."""
    fitted = list(cells)
    while len(fitted) > expected and fitted[-1].kind == "empty":
        fitted.pop()
    while len(fitted) > expected and fitted[0].kind == "empty":
        fitted.pop(0)
    if len(fitted) == expected:
        return fitted
    written = [token for token in fitted if token.kind == "value"]
    if expected == 1 and written and all(token == written[0] for token in written):
        return written[:1]  # one number repeated by a column span
    return None


def map_tables(tokens: Iterable[Token], template: Template) -> TableFinding:
    """The active, requests and review tables a token stream carries."""
    walker = _Walker(template)
    for segment in segment_tokens(tokens):
        walker.step(segment)
    walker.close_review()
    return TableFinding(
        tables={table: rows for table, rows in walker.tables.items() if rows},
        warnings=tuple(walker.warnings),
        seen=frozenset(walker.seen),
    )


def cell_value(column: str, token: Token) -> Cell:
    """A token's number in the column's unit (procurement amount in 元, fees in 万元)."""
    if token.kind != "value" or token.value is None:
        return None
    value = token.value
    if column == "amount" and token.unit == "万元":
        return ten_thousand_yuan_to_yuan(Decimal(value))
    if column == "amount_10k_yuan" and token.unit == "元":
        return Decimal(value) / 10000
    return value


@dataclass
class _Walker:
    template: Template
    context: str | None = None
    group: str | None = None
    tables: dict[str, dict[str, dict[str, Cell]]] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    review_segments: list[Segment] = field(default_factory=list)
    previous: Segment | None = None
    waiting_row: RowMatch | None = None  # a row label whose numbers have not come yet

    def step(self, segment: Segment) -> None:
        if segment.label is not None and self._enter_heading(segment.label):
            return
        match = self._match(segment.label)
        if self.context == REVIEW:
            self.review_segments.append(segment)
        elif match is not None:
            self._take_row(match, segment)
        elif segment.has_values and self.context is not None:
            self._take_unlabelled(segment)
        self.previous = segment

    def _enter_heading(self, label: str) -> bool:
        is_heading, table = heading_table(label)
        if is_heading:
            self._switch(table)
            self.previous = None
        return is_heading

    def _switch(self, table: str | None) -> None:
        if self.context == REVIEW and table != REVIEW:
            self.close_review()
        self.context, self.group, self.waiting_row = table, None, None
        if table is not None:
            self.seen.add(table)

    def _match(self, label: str | None) -> RowMatch | None:
        if label is None:
            return None
        group = request_group(label)
        if group is not None:
            self.group = group
        match = match_row(label, self.context, self.group)
        if match is not None and match.table != self.context:
            self._switch(match.table)
            if match.table == REQUESTS:
                self.group = group
        return match

    def _take_row(self, match: RowMatch, segment: Segment) -> None:
        if segment.has_values:
            self._assign(match, segment.label or match.key, segment.cells)
            self.waiting_row = None
        elif len(segment.label or "") >= _BREAKABLE_LABEL:
            self.waiting_row = match

    def _take_unlabelled(self, segment: Segment) -> None:
        """Numbers under a label no rule knows: the tail of a broken label, or a warning."""
        label = segment.label or ""
        previous = self.previous
        joined = match_row((previous.label or "") + label, self.context, self.group) if (
            previous is not None and not previous.has_values
        ) else None
        if joined is None and self.waiting_row is not None and _is_label_tail(label):
            joined = self.waiting_row
        self.waiting_row = None
        if joined is not None:
            self._assign(joined, label, segment.cells)
            return
        if segment.label is not None:
            self.warnings.append(
                (self.context or "", f"unrecognised row label {label!r}: its cells were ignored")
            )

    def _assign(self, match: RowMatch, label: str, cells: Sequence[Token]) -> None:
        columns = _columns(match, self.template)
        if columns is None:
            message = f"row {label!r} is not in the {self.template} template"
            self.warnings.append((match.table, message))
            return
        fitted = fit_cells(cells, len(columns))
        rows = self.tables.setdefault(match.table, {})
        if fitted is None:
            found = sum(1 for token in cells if token.kind == "value")
            message = f"row {label!r}: expected {len(columns)} cells, found {found} numbers"
            self.warnings.append((match.table, message))
        elif match.key in rows:
            self.warnings.append((match.table, f"row {label!r} appears twice; kept the first"))
        else:
            rows[match.key] = _row_values(columns, fitted)

    def close_review(self) -> None:
        if self.review_segments:
            rows, warning = resolve_review(self.review_segments)
            if rows and REVIEW not in self.tables:
                self.tables[REVIEW] = rows
            if warning:
                self.warnings.append((REVIEW, warning))
        self.review_segments = []


def _is_label_tail(label: str) -> bool:
    """The end of a wrapped label: short, and not a numbered label of its own."""
    return 0 < len(label) <= _BROKEN_TAIL and strip_numbering(label) == label


def _columns(match: RowMatch, template: Template) -> tuple[str, ...] | None:
    if match.table == REQUESTS:
        return REQUEST_COLUMNS
    if match.table == REVIEW:
        return REVIEW_COLUMNS
    for spec in row_specs(ACTIVE, template):
        if spec.key == match.key:
            return spec.columns
    return None


def resolve_review(segments: Sequence[Segment]) -> tuple[dict[str, dict[str, Cell]], str | None]:
    """Three labelled rows of five, or else one run of fifteen numbers in template order."""
    rows: dict[str, dict[str, Cell]] = {}
    for segment in segments:
        match = match_row(segment.label or "", REVIEW, None)
        fitted = fit_cells(segment.cells, len(REVIEW_COLUMNS)) if segment.has_values else None
        if match is not None and match.table == REVIEW and fitted is not None:
            rows.setdefault(match.key, _review_row(fitted))
    if rows:
        return rows, None
    for segment in segments:
        fitted = fit_cells(segment.cells, _REVIEW_CELLS) if segment.has_values else None
        if fitted is not None:
            width = len(REVIEW_COLUMNS)
            return {
                spec.key: _review_row(fitted[i * width : (i + 1) * width])
                for i, spec in enumerate(REVIEW_ROWS)
            }, None
    found = sum(1 for segment in segments for token in segment.cells if token.kind == "value")
    if found == 0:
        return {}, "review table printed without numbers"
    expected = f"one row of {_REVIEW_CELLS} or three rows of {len(REVIEW_COLUMNS)}"
    return {}, f"review table: expected {expected}, found {found} numbers"


def _review_row(cells: Sequence[Token]) -> dict[str, Cell]:
    return _row_values(REVIEW_COLUMNS, cells)


def _row_values(columns: Sequence[str], cells: Sequence[Token]) -> dict[str, Cell]:
    return {column: cell_value(column, token) for column, token in zip(columns, cells, strict=True)}
