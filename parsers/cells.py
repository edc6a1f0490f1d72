"""One table cell's text turned into a token: a label, a number, a written blank, or nothing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from parsers.model import Cell

TokenKind = Literal["label", "value", "empty"]

# Cells a report writes for "not applicable": they become None, but unlike an empty cell they
# count as a written value when a row's cells are counted.
_NULL_MARKS = frozenset({"—", "——", "-", "--", "－", "/", "／", "\\", "无", "―", "–", "×"})
_NUMBER = re.compile(r"^([+-]|增加|增|减少|减)?(\d+(?:\.\d+)?)(万元|元|件|个|项|次|条|人次)?$")
_MINUS = frozenset({"-", "减少", "减"})
# Word's bookmarks, and characters that only ever split words: zero-width spaces and joiners,
# BOMs, soft hyphens, and the control characters PDF text layers carry (pdfium's \x02).
_DEBRIS = re.compile(
    r"\[bookmark:[^\]]*\]|[\u200b\u200c\u200d\u2060\ufeff\ufffe\u00ad\x00-\x08\x0e-\x1f\x7f]"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\d{1,3}[-—–]|第\d{1,3}页(?:[,，/]?共\d{1,3}页)?|\d{1,3}/\d{1,3})$"
)


@dataclass(frozen=True)
class Token:
    """A label (normalised text), a value (number or None for a written blank), or an empty cell."""

    kind: TokenKind
    text: str
    value: Cell = None
    unit: str | None = None


def strip_debris(text: str) -> str:
    """Remove converter debris: Word's `[bookmark: _GoBack]`, invisible and control characters."""
    return _DEBRIS.sub("", text)


def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) with every kind of whitespace removed."""
    folded = unicodedata.normalize("NFKC", strip_debris(text))
    return "".join(folded.split())


def is_page_number(text: str) -> bool:
    """A page footer line such as `- 3 -`, `第3页 共5页` or `3/5`."""
    return bool(_PAGE_NUMBER.match(normalise(text)))


def parse_number(text: str) -> tuple[Cell, str | None] | None:
    """The number a cell states (with its unit if it prints one), or None if it is not a number."""
    compact = normalise(text).replace(",", "")
    match = _NUMBER.match(compact)
    if match is None:
        return None
    sign, digits, unit = match.groups()
    signed = ("-" if sign in _MINUS else "") + digits  # 本年增/减 is written -2, 减少2 or 减2
    try:
        number: Cell = Decimal(signed) if "." in digits else int(signed)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    return number, unit


def token_for_cell(text: str) -> Token:
    """Classify one cell's text."""
    compact = normalise(text)
    if not compact:
        return Token("empty", "")
    if compact in _NULL_MARKS:
        return Token("value", compact, None)
    number = parse_number(compact)
    if number is not None:
        return Token("value", compact, number[0], number[1])
    return Token("label", compact)
