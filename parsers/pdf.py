"""PDF reports: text and ruled tables from pypdfium2, pdfplumber as the second look.

pypdfium2 reads text fast and survives the odd PDFs that WPS and online converters write. Ruled
tables are rebuilt from the page's drawn lines and character boxes (parsers.pdfrules), a few
milliseconds a page. Only a page whose rulings that reader could not turn into a table goes to
pdfplumber (lines strategy; tens of milliseconds a page), whose merged cells (one box plus None
for the covered positions) are rebuilt from the cell boxes (parsers.pdfgrid). Either way a
spanned cell's text repeats in every position it covers, and a table that runs across pages
comes as one grid per page.

Environment: for a PDF whose CJK font is not embedded, pdfium lays text out with a system font;
with no CJK font installed (Debian: fonts-wqy-zenhei or fonts-noto-cjk) it gets no glyph metrics
and drops a character that repeats at the same x on the next line (商业企/业 -> 商业企), in the
text and in the cells. Embedded fonts (Word, WPS) are not affected.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium

from parsers.celltext import normalize_line
from parsers.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from parsers.model import Document, Grid
from parsers.pdfgrid import grid_from_cells
from parsers.pdflayout import bare_number_rows, layout_text, prefer_layout
from parsers.pdfrules import page_chars, ruled_grids

_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# "— 3 —", "- 3 -", "第 3 页", "第3页 共10页", "3/10", "Page 3 of 10"
_FOOTER = re.compile(
    r"^[-—–－~·\s]*(第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"page\s*\d{1,4}(\s*of\s*\d{1,4})?)[-—–－~·\s]*$|^[-—–－~·]+\s*\d{1,4}\s*[-—–－~·]+$",
    re.I,
)
_BARE_ROWS = 3  # rows of bare numbers in the stream text that call for a positional reading
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
_HEADING = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第.{1,3}[章节条部分])"
)
_SPACE = re.compile(r"\s+")
# A scan may carry a page number or a stamp as text; a page of a real report holds hundreds.
_MIN_CHARS_PER_PAGE = 5
_WORD_PREFIX = re.compile(r"^Microsoft (Word|PowerPoint) - ", re.I)
_FILE_EXTENSION = re.compile(r"\.(docx?|wps|pdf|ofd|txt)$", re.I)
_CJK = re.compile("[\u4e00-\u9fff]")
_WIDE = re.compile("[\u2e80-\U0010ffff]")
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", "…", ":", ";")
_MIN_PROSE_WIDTH = 40  # half-width columns; narrower pages hold no wrapped prose worth joining
_WRAP_RATIO = 0.85
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(data: bytes, source: str) -> Document:
    """Turn PDF bytes into a Document: page text without footers, ruled tables as grids."""
    pages, title = load_pdf(data, source)
    visible = sum(len(_SPACE.sub("", page.text)) for page in pages)
    if visible < _MIN_CHARS_PER_PAGE * len(pages):
        raise UnsupportedFormatError(
            source, f"no text layer (scanned image PDF: {visible} characters on {len(pages)} pages)"
        )
    lines: list[str] = []
    for number, page in enumerate(pages, start=1):
        lines += page_lines(page.text, number, len(pages))
    lines = join_wrapped(lines)
    # Rulings that the fast reader could not turn into a table get pdfplumber's second look.
    unread = [n for n, page in enumerate(pages, start=1) if page.rulings and not page.grids]
    second_look = _plumber_grids(data, unread, source)
    grids: list[Grid] = []
    for number, page in enumerate(pages, start=1):
        grids += page.grids or [grid for grid in second_look if grid.page == number]
    text = "\n".join(lines)
    return Document(source=source, form="pdf", text=text, tables=tuple(grids), title_hint=title)


@dataclass(frozen=True)
class PdfPage:
    text: str
    grids: tuple[Grid, ...]  # ruled tables read by pypdfium2 (parsers.pdfrules)
    rulings: bool  # the page draws lines that could make a table


def pdf_pages(data: bytes, source: str) -> list[PdfPage]:
    """Every page's text layer and ruled tables, via pypdfium2; named errors for bad files."""
    return load_pdf(data, source)[0]


def load_pdf(data: bytes, source: str) -> tuple[list[PdfPage], str | None]:
    """The pages and the metadata title (when it names a document, not a file)."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise EncryptedDocumentError(source, "password-protected PDF") from exc
        raise CorruptDocumentError(source, f"truncated or broken PDF ({exc})") from exc
    try:
        if len(document) == 0:
            raise CorruptDocumentError(source, "truncated or broken PDF (no pages)")
        pages = [_read_page(document, index) for index in range(len(document))]
        return pages, metadata_title(document.get_metadata_value("Title"))
    except pdfium.PdfiumError as exc:
        raise CorruptDocumentError(source, f"unreadable PDF page ({exc})") from exc
    finally:
        document.close()


def _read_page(document: pdfium.PdfDocument, index: int) -> PdfPage:
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
            rotation = page.get_rotation()
            tables = ruled_grids(page.raw, textpage.raw, index + 1, text, rotation)
            if not tables.grids and bare_number_rows(text) >= _BARE_ROWS:
                text = _reading_order(textpage.raw, text, rotation)
        finally:
            textpage.close()
    finally:
        page.close()
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return PdfPage(text=text, grids=tables.grids, rulings=tables.rulings)


def _reading_order(textpage_raw: object, text: str, rotation: int) -> str:
    """The page text by position when the stream lost rows' labels (parsers.pdflayout)."""
    layout = layout_text(page_chars(textpage_raw, text, rotation))
    return layout if prefer_layout(text, layout) else text


def metadata_title(raw: str) -> str | None:
    """A PDF's Title entry as a hint: Word's "Microsoft Word - " and file extensions removed;
    None for an empty or Latin-only value (a template name, "untitled", a file name)."""
    title = _WORD_PREFIX.sub("", normalize_line(raw))
    title = _FILE_EXTENSION.sub("", title).strip()
    return title if _CJK.search(title) else None


def page_lines(text: str, number: int, page_count: int) -> list[str]:
    """A page's non-empty lines without its page-number footer or header."""
    lines = [line for line in (normalize_line(raw) for raw in text.split("\n")) if line]
    lines = [line for line in lines if not _FOOTER.match(line)]
    # A bare number is a page number only at the page's edge, and only if it could be one.
    for edge in (-1, 0):
        if lines and _BARE_NUMBER.match(lines[edge]) and 0 < int(lines[edge]) <= page_count + 5:
            lines.pop(edge)
    return lines


def join_wrapped(lines: list[str]) -> list[str]:
    """Prose lines that the page width broke are joined back into one paragraph a line.

    A line wraps when it is about as wide as the widest prose line, does not end a sentence, and
    neither it nor the next line is a table row or the next a heading. Widths count a CJK character
    as two, so full-width prose lines compare fairly with lines holding digits.
    """
    rows = [_is_table_row(line) for line in lines]
    widths = [_width(line) for line in lines]
    full = max((w for w, row in zip(widths, rows, strict=True) if not row), default=0)
    if full < _MIN_PROSE_WIDTH:
        return lines
    joined: list[str] = []
    wraps = False
    for line, width, row in zip(lines, widths, rows, strict=True):
        if wraps and not row and not _HEADING.match(line):
            joined[-1] = _glue(joined[-1], line)
        else:
            joined.append(line)
        wraps = width >= full * _WRAP_RATIO and not row and not line.endswith(_SENTENCE_ENDS)
    return joined


def _width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


def _is_table_row(line: str) -> bool:
    return "\t" in line or sum(1 for token in line.split() if _NUMBER.match(token)) >= 3


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _plumber_grids(data: bytes, page_numbers: list[int], source: str) -> tuple[Grid, ...]:
    if not page_numbers:
        return ()
    grids: list[Grid] = []
    try:
        with pdfplumber.open(io.BytesIO(data), pages=page_numbers) as pdf:
            for page in pdf.pages:
                for table in page.find_tables(table_settings=_TABLE_SETTINGS):
                    grid = grid_from_cells(table.rows, table.extract(), page.page_number)
                    if grid is not None:
                        grids.append(grid)
    except Exception as exc:  # pdfminer raises a zoo of types (PSSyntaxError, KeyError, ...)
        raise CorruptDocumentError(source, f"tables unreadable by pdfplumber ({exc!r})") from exc
    return tuple(grids)
