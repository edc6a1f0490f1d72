"""pdfplumber table cells to a Grid with merged cells repeated in every position they cover.

pdfplumber gives each row's cells as bounding boxes, None where a merged cell from the left or
above covers the position, and the matching texts from `Table.extract()`. The grid's column and
row edges are the distinct box edges; each box fills every grid position between its edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from parsers.celltext import normalize_cell, square
from parsers.model import Grid

_EDGE_TOLERANCE = 2.0  # points; ruling lines drawn twice or a hair apart are one edge

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


def grid_from_cells(
    rows: Sequence[Any], texts: Sequence[Sequence[str | None]], page: int
) -> Grid | None:
    """A Grid from pdfplumber `Table.rows` and `Table.extract()`; None if the table is empty."""
    boxes: list[tuple[BBox, str]] = []
    for row, row_texts in zip(rows, texts, strict=False):
        for box, text in zip(row.cells, row_texts, strict=False):
            if box is not None:
                boxes.append((tuple(box), normalize_cell(text or "")))
    if not any(text for _, text in boxes):
        return None
    xs = _edges([value for box, _ in boxes for value in (box[0], box[2])])
    ys = _edges([value for box, _ in boxes for value in (box[1], box[3])])
    placed: dict[tuple[int, int], str] = {}
    for (x0, top, x1, bottom), text in boxes:
        for r in range(_nearest(ys, top), max(_nearest(ys, bottom), _nearest(ys, top) + 1)):
            for c in range(_nearest(xs, x0), max(_nearest(xs, x1), _nearest(xs, x0) + 1)):
                placed.setdefault((r, c), text)
    used_rows = sorted({r for r, _ in placed})
    width = max(c for _, c in placed) + 1
    grid = [[placed.get((r, c), "") for c in range(width)] for r in used_rows]
    return Grid(rows=square(grid), page=page)


def _edges(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if not merged or value - merged[-1] > _EDGE_TOLERANCE:
            merged.append(value)
    return merged


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda index: abs(edges[index] - value))
