"""Ruled tables read straight from pypdfium2: drawn lines to a grid, characters into its cells.

This is the fast path for PDF tables (a few ms a page, against tens for pdfplumber). A table is a
connected set of horizontal and vertical rulings. Its column edges are the distinct x of its
verticals and its row edges the distinct y of its horizontals; two neighbouring grid positions
belong to one merged cell when no ruling separates them. Each character goes to the position
under its centre, and a merged cell's text is repeated in every position it covers.

Rulings come from stroked path segments, and from filled hairline rectangles (how Word and WPS
often draw borders). Form XObjects are walked with their matrices; curves are ignored.
"""

from __future__ import annotations

import ctypes
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from parsers.celltext import normalize_cell
from parsers.model import Grid

_TOL = 3.0  # points, as pdfplumber's snap/join tolerances: lines this close are one edge
_HAIRLINE = 3.0  # points: a filled rectangle this thin is a ruling, not shading
_MAX_DEPTH = 8  # nested form XObjects
_RECT_SEGMENTS = 5  # a rectangle: moveto, three linetos and a closing one
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# /Rotate (clockwise, as displayed) -> matrix from user space to display orientation, so "top"
# and "left" of a table on a landscape-rotated page are what a reader sees.
_ROTATIONS: dict[int, Matrix] = {
    90: (0.0, -1.0, 1.0, 0.0, 0.0, 0.0),
    180: (-1.0, 0.0, 0.0, -1.0, 0.0, 0.0),
    270: (0.0, 1.0, -1.0, 0.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class Rule:
    """An axis-aligned ruling: `at` is its y (horizontal) or x (vertical), from `lo` to `hi`."""

    at: float
    lo: float
    hi: float


@dataclass(frozen=True)
class RuledTables:
    """A page's tables; `rulings` says whether it draws enough lines to hold any."""

    grids: tuple[Grid, ...]
    rulings: bool


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    right: float
    bottom: float
    top: float


def page_rulings(page_raw: object, rotation: int = 0) -> tuple[list[Rule], list[Rule]]:
    """The page's horizontal and vertical rulings as displayed, collinear pieces merged."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for x0, y0, x1, y1 in _page_lines(page_raw, _ROTATIONS.get(rotation, _IDENTITY)):
        if abs(y1 - y0) <= 1 and abs(x1 - x0) > 1:
            horizontal.append(Rule((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= 1 and abs(y1 - y0) > 1:
            vertical.append(Rule((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    return _merge(horizontal), _merge(vertical)


def ruled_grids(
    page_raw: object, textpage_raw: object, page_number: int, text: str = "", rotation: int = 0
) -> RuledTables:
    """Every ruled table on the page as a Grid, top to bottom, and whether rulings were found."""
    horizontal, vertical = page_rulings(page_raw, rotation)
    tables = _connected_tables(horizontal, vertical)
    if not tables:
        return RuledTables(grids=(), rulings=len(horizontal) >= 2 and len(vertical) >= 2)
    chars = page_chars(textpage_raw, text, rotation)
    grids = (_table_grid(h, v, chars, page_number) for h, v in tables)
    return RuledTables(grids=tuple(grid for grid in grids if grid is not None), rulings=True)


def _page_lines(page_raw: object, view: Matrix) -> Iterator[tuple[float, float, float, float]]:
    for index in range(pdfium_c.FPDFPage_CountObjects(page_raw)):
        yield from _object_lines(pdfium_c.FPDFPage_GetObject(page_raw, index), view, 0)


def _object_lines(
    obj: object, parent: Matrix, depth: int
) -> Iterator[tuple[float, float, float, float]]:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
        matrix = _compose(_matrix(obj), parent)
        for index in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            child = pdfium_c.FPDFFormObj_GetObject(obj, index)
            yield from _object_lines(child, matrix, depth + 1)
    elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        yield from _path_lines(obj, parent)


def _path_lines(
    obj: object, parent: Matrix
) -> Iterator[tuple[float, float, float, float]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if fill.value and not stroke.value and _axis_aligned(parent):
        # WPS draws every border as its own filled rectangle: one bounds call per object
        # instead of one per segment, and a single-rectangle object needs nothing more.
        corners = _bounds(obj, parent)
        if corners is not None:
            thin = list(_hairline(corners))
            if thin or pdfium_c.FPDFPath_CountSegments(obj) <= _RECT_SEGMENTS:
                yield from thin
                return
    matrix = _compose(_matrix(obj), parent)
    for points, lines in _subpaths(obj, matrix):
        if stroke.value:
            yield from lines
        elif fill.value and points:
            yield from _hairline(points)


def _subpaths(
    obj: object, matrix: Matrix
) -> Iterator[tuple[list[tuple[float, float]], list[tuple[float, float, float, float]]]]:
    """(points, straight lines) of each subpath, in page coordinates."""
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    lines: list[tuple[float, float, float, float]] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _apply(matrix, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                yield points, lines
            points, lines = [point], []
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and points:
            lines.append((*points[-1], *point))
        points.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points:
            lines.append((*point, *points[0]))
    if points:
        yield points, lines


def _hairline(points: list[tuple[float, float]]) -> Iterator[tuple[float, float, float, float]]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if width <= _HAIRLINE < height:
        middle = (max(xs) + min(xs)) / 2
        yield (middle, min(ys), middle, max(ys))
    elif height <= _HAIRLINE < width:
        middle = (max(ys) + min(ys)) / 2
        yield (min(xs), middle, max(xs), middle)


def _axis_aligned(m: Matrix) -> bool:
    return (m[1] == 0 and m[2] == 0) or (m[0] == 0 and m[3] == 0)


def _bounds(obj: object, parent: Matrix) -> list[tuple[float, float]] | None:
    """Two opposite corners of the object's page bounding box, under an axis-aligned parent."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    refs = (ctypes.byref(v) for v in (left, bottom, right, top))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
        return None
    return [
        _apply(parent, left.value, bottom.value),
        _apply(parent, right.value, top.value),
    ]


def _matrix(obj: object) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(first: Matrix, then: Matrix) -> Matrix:
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _merge(rules: list[Rule]) -> list[Rule]:
    """Rules on one line (within _TOL) whose spans touch or overlap become one rule."""
    merged: list[Rule] = []
    for line in _same_line_groups(rules):
        line.sort(key=lambda rule: rule.lo)
        current = line[0]
        for rule in line[1:]:
            if rule.lo <= current.hi + _TOL:
                current = Rule(current.at, current.lo, max(current.hi, rule.hi))
            else:
                merged.append(current)
                current = rule
        merged.append(current)
    return merged


def _same_line_groups(rules: list[Rule]) -> list[list[Rule]]:
    groups: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if groups and rule.at - groups[-1][-1].at <= _TOL:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return groups


def _crosses(h: Rule, v: Rule) -> bool:
    return h.lo - _TOL <= v.at <= h.hi + _TOL and v.lo - _TOL <= h.at <= v.hi + _TOL


def _connected_tables(
    horizontal: list[Rule], vertical: list[Rule]
) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of rulings that touch each other; a group with 2+ of each kind is a table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _crosses(h, v):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    tables = [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]
    return sorted(tables, key=lambda g: -max(h.at for h in g[0]))


def page_chars(textpage_raw: object, text: str = "", rotation: int = 0) -> list[Char]:
    """The page's visible characters with their loose boxes (whitespace left out).

    Loose boxes span the font's ascent to descent, so every character of a line shares one
    vertical band, whatever its glyph (a tight box puts "（" and "一" at different heights).
    `text`, the page's full text, saves a call per character when it has one unit per index.
    """
    count = pdfium_c.FPDFText_CountChars(textpage_raw)
    if len(text) != count:
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage_raw, i)) for i in range(count))
    box = pdfium_c.FS_RECTF()
    chars: list[Char] = []
    for index, char in enumerate(text):
        if char.isspace() or char in "\ufffe\uffff":
            continue
        if pdfium_c.FPDFText_GetLooseCharBox(textpage_raw, index, ctypes.byref(box)):
            chars.append(Char(char, box.left, box.right, box.bottom, box.top))
    view = _ROTATIONS.get(rotation)
    return [_rotated(char, view) for char in chars] if view else chars


def _rotated(char: Char, view: Matrix) -> Char:
    x0, y0 = _apply(view, char.left, char.bottom)
    x1, y1 = _apply(view, char.right, char.top)
    return Char(char.text, min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1))


def _edges(values: list[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _TOL:
            edges.append(value)
    return edges


def _table_grid(
    horizontal: list[Rule], vertical: list[Rule], chars: list[Char], page_number: int
) -> Grid | None:
    xs = _edges([v.at for v in vertical])
    ys = _edges([h.at for h in horizontal])[::-1]  # top first: PDF y grows upwards
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1:
        return None
    cell_of = _merged_cells(rows, cols, xs, ys, horizontal, vertical)
    texts: dict[int, list[Char]] = {}
    negative_ys = [-y for y in ys]
    for char in chars:
        cx, cy = (char.left + char.right) / 2, (char.bottom + char.top) / 2
        col = bisect_right(xs, cx) - 1
        row = bisect_right(negative_ys, -cy) - 1
        if 0 <= col < cols and 0 <= row < rows:
            texts.setdefault(cell_of[row * cols + col], []).append(char)
    if not texts:
        return None
    joined = {cell: _cell_text(members) for cell, members in texts.items()}
    grid = tuple(
        tuple(joined.get(cell_of[r * cols + c], "") for c in range(cols)) for r in range(rows)
    )
    return Grid(rows=grid, page=page_number)


def _merged_cells(
    rows: int,
    cols: int,
    xs: list[float],
    ys: list[float],
    horizontal: list[Rule],
    vertical: list[Rule],
) -> list[int]:
    """For each grid position (row-major), the id of the cell it belongs to."""
    parent = list(range(rows * cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    verticals_at = [_near(vertical, x) for x in xs]
    horizontals_at = [_near(horizontal, y) for y in ys]
    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(cols):
            middle_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < cols and not _covers(verticals_at[c + 1], middle_y):
                parent[root(r * cols + c)] = root(r * cols + c + 1)
            if r + 1 < rows and not _covers(horizontals_at[r + 1], middle_x):
                parent[root(r * cols + c)] = root((r + 1) * cols + c)
    return [root(i) for i in range(rows * cols)]


def _near(rules: list[Rule], at: float) -> list[Rule]:
    return [rule for rule in rules if abs(rule.at - at) <= _TOL]


def _covers(rules: list[Rule], across: float) -> bool:
    return any(rule.lo - _TOL <= across <= rule.hi + _TOL for rule in rules)


def _cell_text(chars: list[Char]) -> str:
    """Characters in reading order: lines top to bottom, left to right, gaps as spaces."""
    ordered = sorted(chars, key=lambda ch: (-round((ch.top + ch.bottom) / 2), ch.left))
    lines: list[list[Char]] = []
    for char in ordered:
        middle = (char.top + char.bottom) / 2
        if lines:
            last = lines[-1][-1]
            height = max(last.top - last.bottom, 1.0)
            if abs((last.top + last.bottom) / 2 - middle) < height / 2:
                lines[-1].append(char)
                continue
        lines.append([char])
    pieces: list[str] = []
    for line in lines:
        line.sort(key=lambda ch: ch.left)
        previous: Char | None = None
        for char in line:
            gap = char.left - previous.right if previous else 0.0
            if previous and gap > 0.3 * max(char.top - char.bottom, 1.0):
                pieces.append(" ")
            pieces.append(char.text)
            previous = char
        pieces.append("\n")
    return normalize_cell("".join(pieces))
