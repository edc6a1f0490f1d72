"""HTML <table> elements to Grids: rowspan/colspan expanded, cell text joined, nested tables apart.

Every <table> on the page becomes a grid (a nested table becomes its own grid, and its text is left
out of the enclosing cell); deciding which grids are report tables is the report parser's job.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from parsers.celltext import normalize_cell
from parsers.model import Grid

_SPACES = re.compile(r"\s+")
_PROSE_CELL_LEN = 100  # characters; the longest template label is under 40
_DATA_CELL_LEN = 40  # characters; the median cell of a data table is a label or a number
_MAX_COLSPAN = 100  # real tables never span more; a typo like colspan="1000" must not blow up
_BLOCK_TAGS = frozenset(
    ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section"]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "table", "template"])


def table_grids(tree: lxml.html.HtmlElement) -> tuple[Grid, ...]:
    """All non-empty, visible tables of the page, in document order.

    A table hidden with display:none (a mobile copy, a template left in the page) would give the
    report parser a duplicate or a stray table.
    """
    grids = (table_grid(table) for table in tree.iter("table") if not _hidden(table))
    return tuple(grid for grid in grids if any(cell for row in grid.rows for cell in row))


def _hidden(element: etree._Element) -> bool:
    for node in (element, *element.iterancestors()):
        if "display:none" in (node.get("style") or "").replace(" ", "").lower():
            return True
    return False


def table_grid(table: lxml.html.HtmlElement) -> Grid:
    """One table's own rows (not those of tables nested in its cells), spans expanded."""
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    placed: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in row.xpath("./td | ./th"):
            while (r, col) in placed:
                col += 1
            text = cell_text(cell)
            rest = len(rows) - r
            rowspan = _span(cell.get("rowspan"), limit=rest, zero=rest)
            colspan = _span(cell.get("colspan"), limit=_MAX_COLSPAN, zero=1)
            for dr in range(rowspan):
                for dc in range(colspan):
                    placed.setdefault((r + dr, col + dc), text)
            col += colspan
    width = max((c for _, c in placed), default=-1) + 1
    grid = tuple(tuple(placed.get((r, c), "") for c in range(width)) for r in range(len(rows)))
    return Grid(rows=grid)


def _span(value: str | None, *, limit: int, zero: int) -> int:
    """A rowspan/colspan attribute as a count, at most `limit`; junk means 1, 0 means `zero`.

    HTML5 reads rowspan="0" as "to the end of the table" and colspan="0" as 1.
    """
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not digits:
        return 1
    span = int(digits[:4])
    return zero if span == 0 else min(span, limit)


def is_data_table(table: etree._Element) -> bool:
    """A table of short cells (a report or metadata table), not a layout table holding prose.

    Old CMS templates lay whole articles out in tables; their text belongs in the main text,
    while a data table's numbers belong only in its grid. A table that holds another table or
    a cell of prose is layout, however short its other (menu) cells are.
    """
    if table.find(".//table") is not None:
        return False
    cells = table.xpath("./tr/td | ./*/tr/td | ./tr/th | ./*/tr/th")
    lengths = sorted(len(_SPACES.sub("", cell.text_content())) for cell in cells)
    if not lengths or lengths[-1] > _PROSE_CELL_LEN:
        return False
    return lengths[len(lengths) // 2] <= _DATA_CELL_LEN


def cell_text(cell: etree._Element) -> str:
    """Text of one cell with pieces broken by <p>/<span>/<br>/&nbsp; joined (服<span>务</span>)."""
    pieces: list[str] = []
    if cell.text:
        pieces.append(cell.text)
    for child in cell:
        _collect(child, pieces)
    return normalize_cell("".join(pieces))


def _collect(element: etree._Element, pieces: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag and tag not in _SKIP_TAGS:
        gap = " " if tag in _BLOCK_TAGS else ""
        pieces.append(gap)
        if element.text:
            pieces.append(element.text)
        for child in element:
            _collect(child, pieces)
        pieces.append(gap)
    if element.tail:
        pieces.append(element.tail)
