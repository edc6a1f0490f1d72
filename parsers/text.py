"""Plain-text reports: reading them, and cutting their text into a stream of cell tokens.

Converters leave tables in three shapes, all handled line by line:
- Word: one cell a line, indented by one tab, a blank line between rows, and a cell's label
  broken over the following unindented lines (商业 / 企业);
- PDF: a row a line, cells separated by tabs;
- flattened web pages: cells ending in ` |`, one cell a line or a whole row a line.
Any other line is one cell (a heading, a sentence of prose, or a bare cell).
"""

from __future__ import annotations

import re

from parsers.cells import (
    Token,
    is_page_number,
    parse_number,
    strip_debris,
    token_for_cell,
)
from parsers.chrome import drop_chrome_lines
from parsers.encoding import decode_bytes
from parsers.errors import EmptyDocumentError
from parsers.model import Document

_PUBLISHED_LINE = re.compile(r"^\s*(?:发布|成文)(?:日期|时间)\s*[:：]\s*\d{4}")
_WORD_CELL = re.compile(r"^\t[^\t]*$")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])"
)
_WIDE_GAP = re.compile(r"\s{2,}|\u3000+")
_MAX_CONTINUATION = 15  # a broken label's tail is short; anything longer is a new paragraph
_FEW_BARE_NUMBERS = 5  # fewer bare-number lines than this are page numbers, not cells
# A table with a 序号 column: its rows open with a row number before the label ("3\t规章\t0").
_SERIAL_HEADER = re.compile(r"^\s*序\s*号(?:\s|\||$)")
_SERIAL_CELL = re.compile(
    r"^\s*\d{1,2}(?:\t+|\s+|\s*\|\s*)(?=[^\d\s|—/－-]|\d{1,2}[.．、](?!\d))"
)


def read_text(data: bytes, source: str) -> Document:
    """A plain-text file as a Document of form "text" (its tables live inside the text).

    A flattened web page keeps its site chrome (ICP 备案号, 扫一扫…): those lines are dropped,
    but a 发布日期 line among them is kept as the published hint first.
    """
    lines = clean_text(decode_bytes(data, source=source)).split("\n")
    text = "\n".join(drop_chrome_lines(lines))
    if not text.strip():
        raise EmptyDocumentError(source, "the file has no text")
    return Document(source=source, form="text", text=text, published_hint=_dated_line(lines))


def _dated_line(lines: list[str]) -> str | None:
    return next((line.strip() for line in lines if _PUBLISHED_LINE.search(line)), None)


def clean_text(text: str) -> str:
    """Unify line ends and drop converter debris; keep tabs and pipes, which carry table shape."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\f", "\n").replace("\v", "\n")  # pdftotext's page breaks
    return strip_debris(text)


def tokenize_text(text: str) -> list[Token]:
    """The text as cell tokens in reading order (see the module docstring for the shapes)."""
    lines = clean_text(text).split("\n")
    if any(_SERIAL_HEADER.match(line) for line in lines):
        lines = [_without_serial(line) for line in lines]
    word_shape = _is_word_shape(lines)
    bare_numbers_are_cells = _count_bare_numbers(lines) >= _FEW_BARE_NUMBERS
    cells: list[str] = []
    previous_was_cell = False
    for line in lines:
        if not line.strip() and not (word_shape and line.startswith("\t")):
            previous_was_cell = False
            continue
        if word_shape and previous_was_cell and _continues_cell(line, cells[-1]):
            cells[-1] += line.strip()
            continue
        if _is_page_footer(line, bare_numbers_are_cells):
            continue
        cells.extend(_split_line(line, word_shape))
        previous_was_cell = word_shape and line.startswith("\t")
    return [token_for_cell(cell) for cell in cells]


def _without_serial(line: str) -> str:
    """A 序号 column's row number dropped, so that the numbers that follow stay with their row;
    the header cell 序号 itself goes too."""
    line = _SERIAL_HEADER.sub("", line)
    return _SERIAL_CELL.sub("", line)


def _split_line(line: str, word_shape: bool) -> list[str]:
    if ("|" in line and line.rstrip().endswith("|")) or " | " in line:
        parts = line.split("|")
        return parts[:-1] if not parts[-1].strip() else parts
    if word_shape and _WORD_CELL.match(line):
        return [line[1:]]
    if "\t" in line:
        return line.split("\t")
    return _split_spaced_line(line)


def _split_spaced_line(line: str) -> list[str]:
    """Layout-preserving extractions separate cells by spaces: `1. 属于国家秘密  0  0  3`.

    Only a trailing run of numbers is split off (labels themselves contain single spaces,
    `结果 维持`); the label part is cut where two or more spaces separate its cells.
    """
    words = line.split()
    split_at = len(words)
    while split_at > 0 and token_for_cell(words[split_at - 1]).kind == "value":
        split_at -= 1
    if split_at == len(words):
        return [line]
    if split_at == 0:
        return words
    head = line.strip().rsplit(maxsplit=len(words) - split_at)[0]
    return [part for part in _WIDE_GAP.split(head) if part] + words[split_at:]


def _is_word_shape(lines: list[str]) -> bool:
    one_cell = sum(1 for line in lines if _WORD_CELL.match(line))
    multi_cell = sum(1 for line in lines if line.strip() and line.count("\t") >= 2)
    return one_cell >= 10 and one_cell > multi_cell


def _count_bare_numbers(lines: list[str]) -> int:
    return sum(1 for line in lines if _is_bare_number(line))


def _is_bare_number(line: str) -> bool:
    """A line holding one number and nothing else (no tab, pipe or second word)."""
    words = line.split()
    return len(words) == 1 and "|" not in line and parse_number(words[0]) is not None


def _continues_cell(line: str, previous_cell: str) -> bool:
    """An unindented short line right after a Word cell is the rest of that cell's label."""
    if line.startswith("\t") or "\t" in line or "|" in line:
        return False
    if _HEADING_START.match(line) or len(line.strip()) > _MAX_CONTINUATION:
        return False
    return token_for_cell(previous_cell).kind == "label"


def _is_page_footer(line: str, bare_numbers_are_cells: bool) -> bool:
    """A line that is only a page number; bare integers count only when they are few."""
    if "\t" in line or "|" in line:
        return False
    if is_page_number(line):
        return True
    bare_integer = _is_bare_number(line) and "." not in line
    return bare_integer and not bare_numbers_are_cells
