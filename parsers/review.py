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
_MAX_FRAGMENTS = 3  # a wrapped row label spans at most this many lines


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
    for key, segment in _runs(segments):
        fitted = fit_cells(segment.cells, _WIDTH)
        if key is not None and fitted is not None:
            rows.setdefault(key, row_values(REVIEW_COLUMNS, fitted))
    return rows


def _runs(segments: Sequence[Segment]) -> list[tuple[str | None, Segment]]:
    """The segments with numbers, each with the review row its label names (or None). A label
    wrapped over lines ("行政诉讼(复议后" / "起诉)"), or printed on the line above its numbers,
    is read with the text-only lines just before it; the shortest reading that names a row wins."""
    runs: list[tuple[str | None, Segment]] = []
    fragments: list[str] = []
    for segment in segments:
        if not segment.has_values:
            if segment.label:
                fragments.append(segment.label)
            continue
        runs.append((_row_named(fragments, segment.label or ""), segment))
        fragments = []
    return runs


def _row_named(fragments: Sequence[str], label: str) -> str | None:
    for count in range(min(len(fragments), _MAX_FRAGMENTS) + 1):
        text = "".join(fragments[len(fragments) - count :]) + label
        match = match_row(text, REVIEW, None) if text else None
        if match is not None and match.table == REVIEW:
            return match.key
    return None


def _runs_in_order(segments: Sequence[Segment]) -> Rows:
    """Runs that add up to fifteen in order; a run whose label names a row must start at that
    row's place, or the layout is not this one (numbers never go to a row their label denies)."""
    cells: list[Token] = []
    keys = [spec.key for spec in REVIEW_ROWS]
    for key, segment in _runs(segments):
        if key is not None and len(cells) != keys.index(key) * _WIDTH:
            return {}
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
