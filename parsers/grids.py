"""Table grids (spans expanded by the readers) back into a stream of cell tokens.

A reader repeats a spanned cell's text in every position it covers; the table mapper wants each
cell once, so repeats are dropped here: a label equal to its left neighbour, and a number under
a header cell that spans it and its left neighbour.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from parsers.cells import Token, normalise, token_for_cell
from parsers.model import Grid

_REVIEW_HEADER_WORDS = re.compile(r"审结|直接起诉|复议后起诉|结果维持|结果纠正")


def tokens_from_grids(grids: Iterable[Grid]) -> list[Token]:
    """Grid cells in reading order, each spanned cell once (span expansion repeats them)."""
    tokens: list[Token] = []
    header: list[Token] | None = None
    for grid in grids:
        if header is not None and grid.rows and len(grid.rows[0]) != len(header):
            header = None  # a new table; one of equal width continues the last (PDF pages)
        for row in _without_serial_column(grid.rows):
            cells = [token_for_cell(text) for text in row]
            if _is_header_row(cells):
                header = None if _is_review_header(cells) else cells
            tokens += _unspanned(cells, header)
    return tokens


def _without_serial_column(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    """A leading 序号 column holds row numbers, not cells of the report's tables: drop it."""
    if any(row and normalise(row[0]) == "序号" for row in rows):
        return [row[1:] for row in rows]
    return list(rows)


def _is_review_header(cells: Sequence[Token]) -> bool:
    """The review table's fifteen numbers are never spanned, whatever its headers span."""
    return any(_REVIEW_HEADER_WORDS.search(token.text) for token in cells)


def _is_header_row(cells: Sequence[Token]) -> bool:
    labels = sum(1 for token in cells if token.kind == "label")
    return labels >= 2 and not any(token.kind == "value" for token in cells)


def _unspanned(cells: Sequence[Token], header: Sequence[Token] | None) -> list[Token]:
    """Drop a label equal to its left neighbour, and a number under the same spanned header
    cell as its left neighbour (自然人 spanning two columns, 本年增/减 spanning to the edge)."""
    kept: list[Token] = []
    for index, token in enumerate(cells):
        previous = cells[index - 1] if index else None
        if token.kind == "label" and token == previous:
            continue
        if previous is not None and _same_span(index, token, previous, header):
            continue
        kept.append(token)
    return kept


def _same_span(index: int, token: Token, previous: Token, header: Sequence[Token] | None) -> bool:
    if header is None or len(header) <= index or token.kind == "label":
        return False
    under_one_heading = header[index].kind == "label" and header[index] == header[index - 1]
    return under_one_heading and (token == previous or token.kind == "empty")
