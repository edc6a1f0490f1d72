"""Content hashes that decide whether a report changed: normalized text, sorted table records.

Page chrome that changes on every visit (counters, 发布时间 lines, print/close links, ICP lines) and
differences of width and whitespace must not make a new version.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from parsers.model import ParsedReport, Tables
from storage.values import canonical_value

_COUNTER = (
    r"(?:(?:浏览次数|浏览量|访问次数|访问量|阅读次数|阅读量|阅读数|点击数|点击量|点击次数)\s*[:：]?"
    r"|(?:浏览|阅读|点击|访问)\s*[:：])"
)
_DATE = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
# Each pattern with words one of which any match contains: a text without them skips the
# pattern (most reports lack most chrome, and the regex scan was most of the hashing time).
_CHROME_PATTERNS = (
    (re.compile(rf"{_COUNTER}\s*\d+\s*次?"), ("浏览", "阅读", "点击", "访问")),
    (
        re.compile(rf"(?:发布时间|发布日期|更新时间|更新日期|成文日期)\s*[:：]?\s*{_DATE}"),
        ("发布", "更新", "成文日期"),
    ),
    (
        re.compile(r"(?:^|(?<=\s))(?:信息来源|来源|责任编辑)\s*[:：]\s*\S{1,30}", re.MULTILINE),
        ("来源", "责任编辑"),
    ),
    (
        re.compile(r"【?\s*字体\s*[:：]?\s*[大中小\s]+】?|字号\s*[:：]?\s*[大中小\s]+"),
        ("字体", "字号"),
    ),
    (
        re.compile(
            r"【?打印本页】?|【打印】|【?关闭窗口】?|【关闭】|分享到[:：]?|扫一扫在手机上打开(?:当前)?页面|【?\s*收藏\s*】?"
        ),
        ("打印", "关闭", "分享到", "扫一扫", "收藏"),
    ),
    (re.compile(r"网站标识码\s*[:：]?\s*\w*"), ("网站标识码",)),
    (re.compile(r"您访问的链接即将离开[^\n]*"), ("您访问的链接即将离开",)),
)
_CHROME_LINES = ("ICP备", "公网安备")  # footer lines: dropped whole
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Main text with width folded (NFKC), chrome and counters removed, whitespace dropped."""
    folded = unicodedata.normalize("NFKC", text)
    if any(marker in folded for marker in _CHROME_LINES):
        lines = folded.splitlines()
        folded = "\n".join(ln for ln in lines if not any(m in ln for m in _CHROME_LINES))
    for pattern, words in _CHROME_PATTERNS:
        # Checked on the text as it now is: an earlier removal can join a word together.
        if any(word in folded for word in words):
            folded = pattern.sub("", folded)
    return _SPACE.sub("", folded)


def table_records(tables: Tables) -> list[tuple[str, str, str, int | Decimal | None]]:
    """The long form of `tables`, sorted: (table, row, column, value)."""
    return sorted(
        (table, row, column, canonical_value(value))
        for table, rows in tables.items()
        for row, columns in rows.items()
        for column, value in columns.items()
    )


def _sha(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def tables_hash(tables: Tables) -> str:
    records = [[t, r, c, None if v is None else str(v)] for t, r, c, v in table_records(tables)]
    return _sha(json.dumps(records, ensure_ascii=False, separators=(",", ":")))


@dataclass(frozen=True)
class Fingerprint:
    text_hash: str
    tables_hash: str
    content_hash: str


def fingerprint(report: ParsedReport) -> Fingerprint:
    text = _sha(normalize_text(report.text))
    tables = tables_hash(report.tables)
    return Fingerprint(text, tables, _sha(f"{report.template}|{text}|{tables}"))
