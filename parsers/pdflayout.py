"""A PDF page's text rebuilt from character positions, for pages whose stream order is not
reading order.

pypdfium2's text follows the content stream. Most converters write a table cell by cell, so a
row's label and numbers come out on one line; some write each font's runs together (the 宋体
labels of a whole table, then its Times New Roman digits), and without rulings to build a grid
the numbers then lose their labels. Read by position instead, a row is again one line: characters
grouped into lines by their vertical centre, ordered left to right, cells apart by a tab.

The positional reading is used only where it is clearly the better one: the stream text has rows
of bare numbers, the positional text at most half as many and more rows read whole.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from parsers.pdfrules import Char

_NUMBER = re.compile(r"^[-+]?[\d,]+(?:\.\d+)?$")
_CJK = re.compile("[\u4e00-\u9fff]")
_ROW_NUMBERS = 3  # a table row of the templates carries at least this many numbers
_SAME_LINE = 0.4  # of a character's height: centres this close are one line
_CELL_GAP = 0.6  # of a character's height: a wider gap between characters separates cells


def bare_number_rows(text: str) -> int:
    """Lines of the stream text made of numbers only (a row that lost its label)."""
    return sum(1 for line in text.split("\n") if _is_row(line) and not _CJK.search(line))


def labelled_rows(text: str) -> int:
    """Lines with a CJK label and at least three numbers: table rows read whole."""
    return sum(1 for line in text.split("\n") if _is_row(line) and _CJK.search(line))


def _is_row(line: str) -> bool:
    return sum(1 for token in line.split() if _NUMBER.match(token)) >= _ROW_NUMBERS


def prefer_layout(stream: str, layout: str) -> bool:
    """True when the positional text leaves at most half as many rows without their label and
    reads more rows whole than the stream text."""
    fewer_bare = 2 * bare_number_rows(layout) <= bare_number_rows(stream)
    return fewer_bare and labelled_rows(layout) > labelled_rows(stream)


def layout_text(chars: Sequence[Char]) -> str:
    """The characters as lines top to bottom, each line left to right, cells tab-separated."""
    if not chars:
        return ""
    height = statistics.median(char.top - char.bottom for char in chars) or 1.0
    return "\n".join(_line_text(line, height) for line in _lines(chars, height))


def _lines(chars: Sequence[Char], height: float) -> list[list[Char]]:
    lines: list[list[Char]] = []
    centre = 0.0
    for char in sorted(chars, key=lambda c: -(c.top + c.bottom)):
        middle = (char.top + char.bottom) / 2
        if not lines or abs(middle - centre) > height * _SAME_LINE:
            lines.append([])
            centre = middle
        lines[-1].append(char)
    return lines


def _line_text(line: list[Char], height: float) -> str:
    pieces: list[str] = []
    previous: Char | None = None
    for char in sorted(line, key=lambda c: c.left):
        if previous is not None and char.left - previous.right > height * _CELL_GAP:
            pieces.append("\t")
        pieces.append(char.text)
        previous = char
    return "".join(pieces)
