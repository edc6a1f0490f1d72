"""信息处理费 figures from the prose of 六、其他需要报告的事项 (table processing_fees).

Each column is set only when a sentence states it; a sentence saying nothing was charged, or
silence, leaves the row out.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from parsers.model import Cell

_SECTION = re.compile(r"其他需要报告的事项")
_NEXT_SECTION = re.compile(r"\n\s*(?:七|7)[、.．]")
_SENTENCE_END = re.compile(r"[。；;\n]")
_FEE_TOPIC = re.compile(r"收费|处理费|收取")
_ALL_ZERO = re.compile(r"(?:均|都|皆|全部)(?:为|是)?(?:0|零)(?![.\d])")
_AMOUNT = r"(\d+(?:\.\d+)?)(万元|元)"
_COUNT = re.compile(r"收费通知(?:书)?(?:的)?(?:件数)?(?:共|合计|为|是|:)*(\d+)(?:件|份|次|个)")
_NOTICE_AMOUNT = re.compile(r"(?<!收取的)(?<!收取)(?<!实际)总?金额(?:共|合计|为|是|:)*" + _AMOUNT)
_COLLECTED = re.compile(
    r"(?:实际收取(?:的)?(?:总)?(?:金额|费用)?"
    r"|收取(?:了)?(?:的)?(?:政府)?(?:信息)?(?:公开)?(?:信息)?(?:处理费|费用)(?:总?金额)?)"
    r"(?:共|合计|总计|为|是|:)*" + _AMOUNT
)


def fee_section(text: str) -> str:
    """The 其他需要报告的事项 section, or the whole text when the heading is missing."""
    match = _SECTION.search(text)
    if match is None:
        return text
    rest = text[match.end() :]
    end = _NEXT_SECTION.search(rest)
    return rest[: end.start()] if end else rest


def parse_processing_fees(text: str) -> dict[str, dict[str, Cell]]:
    """{"notices": {...}} with the columns the prose states, or {} when it states none."""
    columns: dict[str, Cell] = {}
    for sentence in _SENTENCE_END.split(_compact(fee_section(text))):
        if not _FEE_TOPIC.search(sentence):
            continue
        if "收费通知" in sentence and _ALL_ZERO.search(sentence):
            for column in ("count", "amount_yuan", "collected_yuan"):
                columns.setdefault(column, 0)
            continue
        _take(columns, "count", _COUNT.search(sentence), unit_in_yuan=False)
        _take(columns, "amount_yuan", _NOTICE_AMOUNT.search(sentence) if "收费通知" in sentence
              else None)
        _take(columns, "collected_yuan", _COLLECTED.search(sentence))
    return {"notices": columns} if columns else {}


def _compact(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[ \t\u3000]+", "", folded).replace(",", "")


def _take(
    columns: dict[str, Cell], column: str, match: re.Match[str] | None, unit_in_yuan: bool = True
) -> None:
    if match is None or column in columns:
        return
    digits = match.group(1)
    value: Cell = Decimal(digits) if "." in digits else int(digits)
    if unit_in_yuan and match.group(2) == "万元":
        value = ten_thousand_yuan_to_yuan(Decimal(digits))
    columns[column] = value


def ten_thousand_yuan_to_yuan(amount: Decimal) -> Cell:
    """万元 to 元, as an int when it is a whole number of 元."""
    yuan = amount * 10000
    if yuan == yuan.to_integral_value():
        return int(yuan)
    return Decimal(format(yuan.normalize(), "f"))  # 1234.50000 -> 1234.5, never 1.2345E+3
