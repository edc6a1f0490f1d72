"""Title, agency, report year and publication date, from the text first and metadata hints next."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date

from parsers.cells import strip_debris
from parsers.model import Document

_REPORT_TAIL = re.compile(r"(?:政府信息公开|政务公开|信息公开)[^。，,]{0,12}?年度?报告")
_REPORT_WORDS = re.compile(r"信息公开|政务公开|报告")
_TITLE_YEAR = re.compile(r"^(.*?)(?:关于)?((?:19|20)\d{2})年度?")
_AGENCY_BEFORE_TOPIC = re.compile(r"^(.+?)(?:关于)?(?:政府信息公开|政务公开|(?<!政府)信息公开)")
_HINT_SEPARATORS = re.compile(r"[_|｜丨>»\-—]+")
# "2023年，丰台区政府…" / "2021年东花市街道…": a year opening a sentence about the agency.
_PROSE_YEAR = re.compile(
    r"(?:^|[。\n])((?:19|20)\d{2})年度?[,，、]?(?:以来)?[,，]?"
    r"[^\s,，。；;、“”《》()（）:：]{2,24}?(?:人民政府|政府|办事处|街道|镇|乡|局|委员会|办公室|厅|署)"
)
_CN_YEAR = re.compile(r"([〇零○O一二][〇零○O一二三四五六七八九]{3})年")
_YEAR_MENTION = re.compile(r"((?:19|20)\d{2})年")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_DATE = re.compile(r"(\d{4}|[〇零○O一二三四五六七八九]{4})年([\d十一二三四五六七八九]{1,3})月"
                   r"([\d十一二三四五六七八九]{1,3})日")
_ISO_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_DATE_LABEL = re.compile(r"(?:发布|成文|印发)(?:日期|时间)[:：]?")
_NOT_A_TITLE = re.compile(r"[>»]|首页|当前位置|如下[:：]?$|[。；;]$")
# Full-width digits and date punctuation (２０２３年, 2024．01．05) read as ASCII; brackets and
# other full-width text in titles are kept as printed.
_NARROW = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "／": "/", "－": "-"}
)
_MAX_TITLE = 80
_MAX_AGENCY_LINE = 30
_MAX_WRAPPED_TAIL = 10
_TOP_LINES = 15
_TAIL_LINES = 15


@dataclass(frozen=True)
class ReportMeta:
    title: str | None
    agency: str | None
    year: int | None
    published: str | None  # ISO date


def extract_meta(doc: Document) -> ReportMeta:
    """Everything the text says about the report itself, filled in from the hints where silent."""
    text = narrow_digits(strip_debris(doc.text))
    title, agency = title_from_text(text)
    if title is None and doc.title_hint:
        title = title_from_hint(narrow_digits(doc.title_hint))
    if agency is None and title is not None:
        agency = agency_from_title(title)
    agency = agency or _compact(narrow_digits(doc.agency_hint or "")) or None
    year = year_from_title(title) if title else None
    hint = narrow_digits(doc.published_hint) if doc.published_hint else None
    return ReportMeta(
        title=title,
        agency=agency,
        year=year or year_from_prose(text),
        published=published_date(text, hint),
    )


def narrow_digits(text: str) -> str:
    """Full-width digits (and the dots, slashes and dashes of dates) as ASCII."""
    return text.translate(_NARROW)


def _compact(text: str) -> str:
    """No whitespace at all: Chinese titles carry stray spaces from PDF and Word converters."""
    return "".join(unicodedata.normalize("NFC", text).split())


def title_from_text(text: str) -> tuple[str | None, str | None]:
    """(title, agency when the title is printed on two lines: agency, then year and topic)."""
    lines = [_compact(line) for line in text.splitlines() if line.strip()][:_TOP_LINES]
    fallback: str | None = None
    for index, first_line in enumerate(lines):
        line = _with_wrapped_tail(first_line, lines[index + 1 : index + 2])
        if not _could_be_title(line):
            continue
        previous = lines[index - 1] if index > 0 else ""
        year_first = _TITLE_YEAR.match(arabic_years(line))
        if year_first and not year_first.group(1) and _looks_like_agency_line(previous):
            return previous + line, previous
        if year_first or agency_from_title(line):
            return line, None
        fallback = fallback or line  # a bare column name such as 政府信息公开工作年度报告
    return fallback, None


def _could_be_title(line: str) -> bool:
    if len(line) > _MAX_TITLE or not _REPORT_TAIL.search(line):
        return False
    return not line.startswith("依据") and not _NOT_A_TITLE.search(line)


def _with_wrapped_tail(line: str, following: list[str]) -> str:
    """A PDF wraps a long title: "…工作年" + "度报告"."""
    if _REPORT_TAIL.search(line) or not following or len(following[0]) > _MAX_WRAPPED_TAIL:
        return line
    return line + following[0]


def _looks_like_agency_line(line: str) -> bool:
    punctuated = re.search(r"[。，,：:；;、]|^\d|^[一二三四五六七八九十]+、", line)
    return 2 <= len(line) <= _MAX_AGENCY_LINE and not punctuated


def title_from_hint(hint: str) -> str | None:
    """The part of a page <title> that names the report (sites append their own name)."""
    for part in _HINT_SEPARATORS.split(hint):
        compact = _compact(part)
        if _REPORT_TAIL.search(compact) and len(compact) <= _MAX_TITLE:
            return compact
    return None


def agency_from_title(title: str) -> str | None:
    """The agency is whatever precedes the year (or the topic, when the year comes later)."""
    title = arabic_years(title)
    match = _TITLE_YEAR.match(title)
    if match and len(match.group(1)) >= 2 and not _REPORT_WORDS.search(match.group(1)):
        return match.group(1)
    topic = _AGENCY_BEFORE_TOPIC.match(title)
    if topic and len(topic.group(1)) >= 2 and not _TITLE_YEAR.match(topic.group(1)):
        return topic.group(1)
    return None


def year_from_title(title: str) -> int | None:
    match = re.search(r"((?:19|20)\d{2})年", arabic_years(title))
    return int(match.group(1)) if match else None


def arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年, so that titles written with Chinese numerals read the same."""
    return _CN_YEAR.sub(lambda m: f"{_number(m.group(1))}年", text)


def year_from_prose(text: str) -> int | None:
    """A weak guess for pages without a title line: "2023年,丰台区政府认真贯彻…" -> 2023.

    The agency is not guessed from such sentences: they name it loosely (丰台区政府), and a
    wrong name is worse than none.
    """
    compact = _compact(text[:3000])
    match = _PROSE_YEAR.search(compact)
    if match:
        return int(match.group(1))
    years = Counter(int(year) for year in _YEAR_MENTION.findall(compact))
    return years.most_common(1)[0][0] if years else None


def published_date(text: str, hint: str | None) -> str | None:
    """A date line after the signature, a 发布日期 label, or the metadata hint; ISO form."""
    lines = [_compact(line) for line in text.splitlines() if line.strip()]
    for line in reversed(lines[-_TAIL_LINES:]):
        if len(line) <= 20:
            found = parse_date(line)
            if found:
                return found
    labelled = _DATE_LABEL.search(text)
    if labelled:
        found = parse_date(_compact(text[labelled.end() : labelled.end() + 20]))
        if found:
            return found
    return parse_date(_compact(hint)) if hint else None


def parse_date(text: str) -> str | None:
    """ISO date from 2024年1月15日, 二〇二四年一月十五日, 2024-01-15 or 2024/1/15, else None."""
    match = _DATE.search(text) or _ISO_DATE.search(text)
    if match is None:
        return None
    try:
        year, month, day = (_number(part) for part in match.groups())
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _number(text: str) -> int:
    """Arabic or Chinese digits: 2024, 二〇二四, 十五, 二十一."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[char]) for char in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
