"""Word .docx reports: body paragraphs as text, tables as grids with merged cells expanded.

The body is walked in order (paragraphs, tables, content controls), so prose before and after each
table keeps its place in `text`; table text goes to the grids only. Merged cells are expanded from
the XML itself (w:gridSpan across, w:vMerge down, w:gridBefore at a row's start) so each grid
position holds the text a reader sees there.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

from parsers.celltext import normalize_cell, normalize_line, square
from parsers.docxnumbering import Numbering, document_numbering
from parsers.errors import CorruptDocumentError, EmptyDocumentError
from parsers.model import Document, Grid

_W_P, _W_TBL, _W_SDT, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_VAL = qn("w:val")
_W_CUSTOM_XML = qn("w:customXml")
# Text boxes come twice, as mc:Choice and as mc:Fallback; read the Choice only.
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# What python-docx lets through from zipfile, zlib and lxml on a damaged package; a zip entry
# with a password gives RuntimeError, an unknown compression method NotImplementedError.
_BROKEN_PACKAGE = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    etree.LxmlError,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
)
_GOBACK = re.compile(r"\[bookmark:\s*_GoBack\]")
_PROSE_CELL_LEN = 100  # characters; the longest template label is under 40


def read_docx(data: bytes, source: str) -> Document:
    """Turn .docx bytes into a Document: paragraphs in body order, tables as grids."""
    document = _open(data, source)
    lines: list[str] = []
    grids: list[Grid] = []
    _walk_body(document.element.body, lines, grids, document_numbering(document))
    if not lines and not grids:
        raise EmptyDocumentError(source, "the Word document has no text")
    title = (document.core_properties.title or "").strip() or None
    return Document(
        source=source, form="docx", text="\n".join(lines), tables=tuple(grids), title_hint=title
    )


def _open(data: bytes, source: str) -> DocxDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except _BROKEN_PACKAGE as exc:
        raise CorruptDocumentError(source, f"broken .docx package ({exc})") from exc


def _walk_body(
    container: etree._Element, lines: list[str], grids: list[Grid], numbering: Numbering
) -> None:
    for element in container.iterchildren():
        if element.tag == _W_P:
            label = numbering.label(element)
            line = normalize_line(_GOBACK.sub("", paragraph_text(element)))
            if line:
                lines.append(label + line)
        elif element.tag == _W_TBL and _is_layout_table(element):
            for tc in element.iter(_W_TC):  # a layout table's cells are body: prose and tables
                if _parent_table(tc) is element:
                    _walk_body(tc, lines, grids, numbering)
        elif element.tag == _W_TBL:
            _add_table(element, grids)
        elif element.tag == _W_SDT:
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                _walk_body(content, lines, grids, numbering)
        elif element.tag == _W_CUSTOM_XML:  # tagged ranges wrap paragraphs and tables
            _walk_body(element, lines, grids, numbering)


def _is_layout_table(table: etree._Element) -> bool:
    """A one-column box around the report (prose paragraphs, tables nested in its cell), not a
    report table: its cells are read as body. Wider tables keep their cells as a grid."""
    rows = [_row_cells(tr) for tr in table.iterchildren(_W_TR)]
    if not rows or any(len(cells) > 1 for cells in rows):
        return False
    if any(nested is not table for nested in table.iter(_W_TBL)):
        return True
    return any(len(_cell_text(tc)) > _PROSE_CELL_LEN for cells in rows for tc in cells)


def _add_table(table: etree._Element, grids: list[Grid]) -> None:
    grid = table_grid(table)
    if any(cell for row in grid.rows for cell in row):
        grids.append(grid)
    for nested in table.iter(_W_TBL):  # tables inside cells become grids of their own
        if nested is not table and _parent_table(nested) is table:
            _add_table(nested, grids)


def _parent_table(element: etree._Element) -> etree._Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != _W_TBL:
        parent = parent.getparent()
    return parent


def paragraph_text(paragraph: etree._Element) -> str:
    """Visible text of a w:p: runs, tabs, breaks (deleted text and field codes are other tags)."""
    pieces: list[str] = []
    for node in paragraph.iter(_W_T, _W_TAB, _W_BR, _W_CR):
        if _inside(node, _MC_FALLBACK):
            continue
        if node.tag == _W_T:
            pieces.append(node.text or "")
        else:
            pieces.append("\t" if node.tag == _W_TAB else " ")
    return "".join(pieces)


def _inside(node: etree._Element, tag: str) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def table_grid(table: etree._Element) -> Grid:
    """A w:tbl's own rows as a grid: gridSpan repeated across, vMerge continuation from above."""
    rows: list[list[str]] = []
    for tr in table.iterchildren(_W_TR):
        row: list[str] = [""] * _int_prop(tr, "w:trPr/w:gridBefore", 0)
        for tc in _row_cells(tr):
            text = _cell_text(tc)
            if _continues_merge(tc) and rows and len(rows[-1]) > len(row):
                text = rows[-1][len(row)]
            row += [text] * max(1, _int_prop(tc, "w:tcPr/w:gridSpan", 1))
        rows.append(row)
    return Grid(rows=square(rows))


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    """A row's cells, including those wrapped in content controls (w:sdt/w:sdtContent/w:tc)."""
    return [el for el in tr.iter(_W_TC) if el.getparent() is tr or _sdt_cell(el, tr)]


def _sdt_cell(tc: etree._Element, tr: etree._Element) -> bool:
    parent = tc.getparent()
    return (
        parent is not None and parent.tag == qn("w:sdtContent") and parent.getparent() in list(tr)
    )


def _continues_merge(tc: etree._Element) -> bool:
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(_W_VAL) in (None, "continue")


def _int_prop(element: etree._Element, path: str, default: int) -> int:
    prop = element.find("/".join(qn(part) for part in path.split("/")))
    value = prop.get(_W_VAL) if prop is not None else None
    try:
        return min(int(value), 100) if value is not None else default
    except ValueError:
        return default


def _cell_text(tc: etree._Element) -> str:
    """The paragraphs of one cell (not of tables nested in it), joined as one label or number."""
    texts = [paragraph_text(p) for p in tc.iter(_W_P) if _parent_table(p) is _parent_table(tc)]
    return normalize_cell(_GOBACK.sub("", " ".join(texts)))
