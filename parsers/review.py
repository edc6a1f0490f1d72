"""The review table (四、行政复议、行政诉讼): its numbers in one of the layouts reports use.

- one row of fifteen numbers under a two-level header (the template's own layout);
- three labelled rows of five (行政复议 / 未经复议直接起诉 / 复议后起诉);
- a 行政复议 row of five and a 行政诉讼 row of ten, or any split that adds up to fifteen in order;
- failing those, whichever labelled rows of five there are (the others are reported missing).
A header with no numbers under it is not a table of zeros: it yields no rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.cells import Token
from parsers.contract import REVIEW_COLUMNS, REVIEW_ROWS
from parsers.labels import REVIEW, match_row
from parsers.model import Cell
from parsers.segments import Segment, fit_cells, row_values

Rows = dict[str, dict[str, Cell]]
_WIDTH = len(REVIEW_COLUMNS)
_ALL_CELLS = len(REVIEW_ROWS) * _WIDTH


def resolve_review(segments: Sequence[Segment]) -> tuple[Rows, str | None]:
    """The review rows, and a warning when the numbers fit no layout or are absent."""
    for layout in (_one_run, _all_labelled_rows, _runs_in_order, _labelled_rows):
        rows = layout(segments)
        if rows:
            return rows, None
    found = sum(1 for segment in segments for token in segment.cells if token.kind == "value")
    if found == 0:
        return {}, "review table printed without numbers"
    expected = f"one row of {_ALL_CELLS} or three rows of {_WIDTH}"
    return {}, f"review table: expected {expected}, found {found} numbers"


def _one_run(segments: Sequence[Segment]) -> Rows:
    for segment in segments:
        fitted = fit_cells(segment.cells, _ALL_CELLS) if segment.has_values else None
        if fitted is not None:
            return _positional(fitted)
    return {}


def _all_labelled_rows(segments: Sequence[Segment]) -> Rows:
    rows = _labelled_rows(segments)
    return rows if len(rows) == len(REVIEW_ROWS) else {}


def _labelled_rows(segments: Sequence[Segment]) -> Rows:
    rows: Rows = {}
    for segment in segments:
        match = match_row(segment.label or "", REVIEW, None)
        fitted = fit_cells(segment.cells, _WIDTH) if segment.has_values else None
        if match is not None and match.table == REVIEW and fitted is not None:
            rows.setdefault(match.key, row_values(REVIEW_COLUMNS, fitted))
    return rows


def _runs_in_order(segments: Sequence[Segment]) -> Rows:
    cells: list[Token] = []
    for segment in segments:
        if segment.has_values:
            cells += _trimmed(segment.cells)
    return _positional(cells) if len(cells) == _ALL_CELLS else {}


def _trimmed(cells: Sequence[Token]) -> list[Token]:
    kept = list(cells)
    while kept and kept[-1].kind == "empty":
        kept.pop()
    while kept and kept[0].kind == "empty":
        kept.pop(0)
    return kept


def _positional(cells: Sequence[Token]) -> Rows:
    return {
        spec.key: row_values(REVIEW_COLUMNS, cells[index * _WIDTH : (index + 1) * _WIDTH])
        for index, spec in enumerate(REVIEW_ROWS)
    }
