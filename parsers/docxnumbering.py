"""Word's automatic list numbers, rendered as the reader sees them ("一、", "（二）", "3.").

Reports made in Word often number their headings with list numbering instead of typed text, so
python-docx's paragraph text lacks "一、总体情况"'s "一、". The labels are rebuilt from
word/numbering.xml: each paragraph's numId and level (its own, or its style's), a counter per
list, the level's format (decimal, chineseCounting, ...) and its lvlText pattern ("%1、").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from lxml import etree

_VAL = qn("w:val")
_DIGITS = "零一二三四五六七八九"
_CHINESE_FORMATS = ("chineseCounting", "ideographTraditional", "japaneseCounting", "taiwanese")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str


@dataclass
class Numbering:
    """The document's list definitions and the running counters while the body is read."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    style_numbers: dict[str, tuple[str, int]] = field(
        default_factory=dict
    )  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, paragraph: etree._Element) -> str:
        """The list label of a w:p ("一、"), '' when it has none; advances the counters."""
        found = self._num_and_level(paragraph)
        if found is None or found[0] not in self.levels:  # numId "0" is "no list": not defined
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]
        text = levels[ilvl].text
        for level, spec in levels.items():
            placeholder = f"%{level + 1}"
            if placeholder in text:
                text = text.replace(
                    placeholder, format_number(counts.get(level, spec.start), spec.fmt)
                )
        return "" if levels[ilvl].fmt in ("bullet", "none") else text

    def _num_and_level(self, paragraph: etree._Element) -> tuple[str, int] | None:
        num_pr = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = _child_val(num_pr, "w:numId")
            if num_id is not None:
                return num_id, int(_child_val(num_pr, "w:ilvl") or 0)
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(_VAL) if style is not None else None
        return self.style_numbers.get(style_id or "")


def document_numbering(document: DocxDocument) -> Numbering:
    """The list definitions of a python-docx Document (empty when it has no numbering part)."""
    numbering = Numbering()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, ValueError):
        return numbering
    abstract = {
        node.get(qn("w:abstractNumId")): _levels(node) for node in root.iter(qn("w:abstractNum"))
    }
    for num in root.iter(qn("w:num")):
        abstract_id = _child_val(num, "w:abstractNumId")
        if abstract_id in abstract:
            numbering.levels[num.get(qn("w:numId")) or ""] = _with_overrides(
                abstract[abstract_id], num
            )
    numbering.style_numbers = _style_numbers(document)
    return numbering


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.iter(qn("w:lvl")):
        levels[int(lvl.get(qn("w:ilvl")) or 0)] = Level(
            start=_int(_child_val(lvl, "w:start"), 1),
            fmt=_child_val(lvl, "w:numFmt") or "decimal",
            text=_child_val(lvl, "w:lvlText") or "",
        )
    return levels


def _with_overrides(levels: dict[int, Level], num: etree._Element) -> dict[int, Level]:
    result = dict(levels)
    for override in num.iter(qn("w:lvlOverride")):
        ilvl = int(override.get(qn("w:ilvl")) or 0)
        start = _child_val(override, "w:startOverride")
        if start is not None and ilvl in result:
            base = result[ilvl]
            result[ilvl] = Level(start=_int(start, 1), fmt=base.fmt, text=base.text)
    return result


def _style_numbers(document: DocxDocument) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    try:
        styles = document.styles.element
    except (KeyError, NotImplementedError, ValueError):
        return found
    for style in styles.iter(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _child_val(num_pr, "w:numId") if num_pr is not None else None
        if num_pr is not None and num_id is not None:
            ilvl = _int(_child_val(num_pr, "w:ilvl"), 0)
            found[style.get(qn("w:styleId")) or ""] = (num_id, ilvl)
    return found


def format_number(value: int, fmt: str) -> str:
    """One counter value in a Word number format."""
    if fmt.startswith(
        ("chineseCounting", "ideographTraditional", "japaneseCounting", "taiwaneseCounting")
    ):
        return chinese_number(value)
    if fmt.startswith("decimalEnclosedCircle"):
        return _CIRCLED[value - 1] if 0 < value <= len(_CIRCLED) else str(value)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def chinese_number(value: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (up to 999)."""
    if not 0 < value < 1000:
        return str(value)
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


def _roman(value: int) -> str:
    text = ""
    for number, letters in _ROMAN:
        while value >= number:
            text += letters
            value -= number
    return text


def _child_val(element: etree._Element, tag: str) -> str | None:
    child = element.find(qn(tag))
    return child.get(_VAL) if child is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
