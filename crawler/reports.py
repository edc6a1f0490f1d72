"""Recognising annual reports and their attachments from link text and URLs.

A report title names the kind (年度报告 / 年报) and a year; the agency is what precedes the year.
Attachments are recognised by file extension, or by 附件/下载 text on the link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from crawler.capture import ListEntry
from crawler.links import link_target, script_functions

ATTACHMENT_EXTENSIONS = ("pdf", "doc", "docx", "wps", "ofd", "xls", "xlsx", "et")
_EXT_RE = re.compile(r"\.(" + "|".join(ATTACHMENT_EXTENSIONS) + r")(?:$|[?#])", re.I)
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
# 年度报告 / 年报, or "…政府信息公开工作报告" (关于XX局2023年度政府信息公开工作报告)
_KIND_RE = re.compile(r"年\s*度\s*报\s*告|年\s*报(?!表)|(?:信息|政务)公开\s*工作\s*报\s*告")
# guides, notices (关于做好…年度报告编制工作的通知 is about reports, not one) and the other
# yearly reports a portal publishes: statistics, enterprises, rule of law, budgets
_NOT_REPORT_RE = re.compile(
    r"指南|制度|目录|申请表|要点|通知|工作方案|报表|公告|公示|企业年报|工商年报|统计年报|"
    r"统计年鉴|国民经济|法治政府建设|预算|决算|国有资产"
)
_AFTER_YEAR = re.compile(
    r"^\s*年\s*度?\s*(?!度|政府信息|政务公开|信息公开|年度|年报|工作)(.{2,30}?)\s*"
    r"(?:政府信息|政务公开|信息公开|年度报告|年报|工作)"
)
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_AGENCY_TRIM = re.compile(r"^[\s《「\"“【\[]*(关于)?|[\s：:（(【\[\]】」》)）—-]+$")
_BRACKET_AGENCY = re.compile(r"[（(【\[]([^（）()【】\[\]]{2,40})[）)】\]]\s*$")
_ATTACHMENT_TEXT = re.compile(r"附件|下载|全文|文字版|全真版|图片版")
_SPACE = re.compile(r"\s+")


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=\s*年)")


def digits(title: str) -> str:
    """Years written ２０２３年 or 二〇二三年 as 2023年 (one character for one: positions hold)."""
    title = title.translate(_WIDE_DIGITS)
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), title)


def report_year(title: str) -> int | None:
    match = _YEAR_RE.search(digits(title))
    return int(match.group(1)) if match else None


# the name of an agency, and nothing else: 区发展改革委, XX街道办事处, 区人民政府
AGENCY_NAME = re.compile(
    r"^[\u4e00-\u9fffA-Za-z0-9（）()·]{1,24}(政府|委员会|委|局|办公室|办事处|办|街道|镇|乡|中心|"
    r"院|所|署|厅|队|会|处|馆|站|社|集团)$"
)
_YEARLESS = re.compile(r"^(?P<agency>.{2,30}?)(政府|政务)?信息公开(工作)?(年度报告|年报)$")


def is_yearless_report_title(title: str) -> bool:
    """区住建委政府信息公开工作年度报告: a report that names its agency but not its year (a 年报
    column's list, where the date tells the year). A bare column name is not one."""
    match = _YEARLESS.match(clean(title))
    return bool(match) and bool(AGENCY_NAME.match(match.group("agency") if match else ""))


def is_report_title(title: str) -> bool:
    """年度报告/年报 with a year (19xx/20xx), and not a guide, catalogue or notice."""
    title = clean(title)
    if not _KIND_RE.search(title) or report_year(title) is None:
        return False
    return not _NOT_REPORT_RE.search(title)


def report_agency(title: str) -> str | None:
    """The agency a title names: the text before the year, or a bracketed name after it."""
    title = digits(clean(title))
    match = _YEAR_RE.search(title)
    if match is None:
        return None
    head = _AGENCY_TRIM.sub("", title[: match.start()]).strip()
    if len(head) >= 2:
        return head
    tail = _BRACKET_AGENCY.search(title)
    if tail:
        return tail.group(1).strip()
    after = _AFTER_YEAR.match(title[match.start() + 4 :])  # 2023年度区教育局政府信息公开…
    return after.group(1) if after else None


def page_base(selector: Selector, url: str) -> str:
    """The URL relative links resolve against: the page's <base href>, else its own URL."""
    base = selector.xpath("//base/@href").get() if selector.type == "html" else None
    return urljoin(url, base.strip()) if base and base.strip() else url


_VIEWER_PATH = re.compile(r"(viewer|\.s?html?$)", re.I)


def _viewer_target(url: str) -> str:
    """A PDF viewer page (viewer.html?file=/upload/x.pdf) stands for the file it shows; a
    download script (downfile.jsp?filename=x.pdf) serves the file itself."""
    if not _VIEWER_PATH.search(urlsplit(url).path):
        return url
    for _key, value in parse_qsl(urlsplit(url).query):
        if _EXT_RE.search(value) and not value.lower().startswith(("javascript:", "data:")):
            return urljoin(url, value)
    return url


def listed_date(text: str) -> str | None:
    """The first date in a list row, as an ISO date."""
    match = _DATE_RE.search(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def is_attachment_url(url: str) -> bool:
    return bool(_EXT_RE.search(urlsplit(url).path)) or bool(_EXT_RE.search(urlsplit(url).query))


_ELLIPSIS = re.compile(r"(…+|\.{2,}|。{2,})$")


def _anchor_title(anchor: Selector) -> str:
    """The link text, or the title attribute when it is longer or the text is cut short (…)."""
    text = clean(" ".join(anchor.css("::text").getall()))
    attr = clean(anchor.attrib.get("title"))
    cut = bool(_ELLIPSIS.search(text)) and len(attr) >= len(_ELLIPSIS.sub("", text))
    return attr if len(attr) > len(text) or cut else text


def row_text(anchor: Selector) -> str:
    row = anchor.xpath("ancestor::*[self::li or self::tr or self::dd or self::p][1]")
    return clean(" ".join(row.css("::text").getall())) if row else ""


def _usable_href(href: str | None) -> bool:
    if not href:
        return False
    lowered = href.strip().lower()
    return not lowered.startswith(("javascript:", "mailto:", "#", "tel:"))


def _row_title(anchor: Selector) -> str:
    """The row's text, for rows whose only link names just the agency (年份 in another cell)."""
    row = anchor.xpath("ancestor::*[self::li or self::tr][1]")
    if not row or len(row.css("a[href]")) != 1:
        return ""
    text = clean(" ".join(row.css("::text").getall()))
    return clean(_DATE_RE.sub(" ", text))


def report_entries(selector: Selector, base_url: str) -> list[ListEntry]:
    """Every link on a page whose text (or title attribute, or one-link row) is a report title."""
    entries: dict[str, ListEntry] = {}
    base_url = page_base(selector, base_url)
    functions = script_functions(selector)
    for anchor in selector.css("a"):
        href = link_target(anchor, functions)
        title = _anchor_title(anchor)
        if _usable_href(href) and report_year(title) is None and len(title) >= 2:
            row_title = _row_title(anchor)
            title = row_title if len(row_title) <= 80 and is_report_title(row_title) else title
        if not _usable_href(href) or not is_report_title(title):
            continue
        url = urljoin(base_url, (href or "").strip())
        if url not in entries:
            entries[url] = ListEntry(
                title=title,
                url=url,
                date=listed_date(row_text(anchor)),
                agency=report_agency(title),
            )
    return list(entries.values())


def attachment_links(selector: Selector, base_url: str) -> list[tuple[str, str]]:
    """(url, link text) of every attachment on a detail page, in page order, without repeats."""
    found: dict[str, str] = {}
    base_url = page_base(selector, base_url)
    functions = script_functions(selector)
    for anchor in selector.css("a"):
        href = link_target(anchor, functions)
        if not _usable_href(href):
            continue
        url = _viewer_target(urljoin(base_url, (href or "").strip()))
        text = _anchor_title(anchor)
        by_ext = is_attachment_url(url) or bool(_EXT_RE.search(text))
        by_text = bool(_ATTACHMENT_TEXT.search(text)) and not url.lower().endswith(
            (".html", ".htm", ".shtml", "/")
        )
        if (by_ext or by_text) and url not in found:
            found[url] = text
    for src in selector.xpath("//iframe/@src | //embed/@src | //object/@data").getall():
        url = _viewer_target(urljoin(base_url, src.strip()))  # the report shown in a viewer
        if src.strip() and is_attachment_url(url) and url not in found:
            found[url] = ""
    return list(found.items())


_SCRIPT_FILE = re.compile(
    r"""["']([^"'\s<>]+\.(?:""" + "|".join(ATTACHMENT_EXTENSIONS) + r"""))["']""", re.I
)


def script_attachments(selector: Selector, base_url: str) -> list[str]:
    """Attachment URLs named in a page's scripts (gkmlpt's `DETAIL: {...}`, viewers, …)."""
    base_url = page_base(selector, base_url)
    scripts = "\n".join(selector.xpath("//script/text()").getall())
    # a path, not a file name shown to the reader (those carry no '/')
    paths = (m.group(1).replace("\\/", "/") for m in _SCRIPT_FILE.finditer(scripts))
    urls = (urljoin(base_url, path) for path in paths if "/" in path)
    return list(dict.fromkeys(u for u in urls if urlsplit(u).scheme in ("http", "https")))


def unique_by_url(entries: Iterable[ListEntry]) -> Iterator[ListEntry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            yield entry
