"""Finding the 年报 column from a portal root or its 政务公开 page, without per-site code.

Links are classified by text and URL: a *column* link names the annual-report column
(政府信息公开年报, 信息公开年报, 年度报告 … or a path with zfxxgknb/xxgknb/gknb/ndbg) and is not
itself a report; a *section* link leads to 政务公开 / 政府信息公开 (zwgk/xxgk/zfxxgk), where the
column usually sits. The spider follows sections to a bounded depth and columns as list pages.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.capture import ListEntry
from crawler.links import link_target
from crawler.reports import (
    AGENCY_NAME,
    clean,
    is_attachment_url,
    is_report_title,
    is_yearless_report_title,
    listed_date,
    page_base,
    report_agency,
    report_year,
    row_text,
)

LinkRole = Literal["column", "section", "subcolumn", "unit"]

COLUMN_TEXT = re.compile(
    r"(政府|政务)?信息公开(工作)?(年报|年度报告)|公开年报|^年报$|^年度报告$|工作年报"
)
COLUMN_URL = re.compile(r"(zfxxgknb|xxgknb|gknb|ndbg|nianbao|zwgknb)", re.I)
SECTION_TEXT = re.compile(
    r"^(政务公开|政府信息公开|信息公开|政府信息公开专栏|政务公开专栏|"
    r"(政府)?信息公开目录|公开目录|法定主动公开内容?|主动公开|政府公开)$"
)
SECTION_URL = re.compile(
    r"/(zwgk|xxgk|zfxxgk|gkml|zfxxgkml|xxgkml|zwxxgk|govinfo|gongkai)"
    r"(/(index\.s?html?)?|\.s?html?)?(\?.*)?$",
    re.I,
)
SUBCOLUMN_TEXT = re.compile(
    r"^((19|20)\d{2}\s*年?度?(年报)?|.{0,8}(部门|乡镇|街道|单位|镇街|区县|市县).{0,6})$"
)
_SECTION_WORDS = re.compile(r"政务公开|信息公开")
_NOT_SECTION = re.compile(r"指南|制度|规定|申请|意见|年报|报告|工作要点|通知|监督|保障")
_ARTICLE = re.compile(r"关于|通知|意见|方案|公告|说明")
_COLUMN_MAX = 16
_KIND_WORDS = re.compile(r"年报|年度报告")
_OTHER_YEARLY = re.compile(r"企业|工商|统计|法治|决算|预算|国有资产|社会责任|环境")
_HANWEB_COLUMN = re.compile(r"/col/col\d+/(index\.html)?$")
_DETAIL = re.compile(r"/t\d{8}_\d+|/art_\d+_\d+|/content/|/post_\d+|[0-9a-f]{32}\.s?html?$", re.I)


@dataclass(frozen=True)
class FoundLink:
    url: str
    text: str
    role: LinkRole


def site_key(url: str) -> str:
    """Registrable part of the host: 'xx.gov.cn' for gov.cn hosts, the address for IPs (ports
    do not matter: a portal's 政务公开 pages may sit on another port as on another subdomain)."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        ipaddress.ip_address(host)
        return host  # like a domain, the address is the site whatever the port
    except ValueError:
        pass
    labels = host.split(".")
    keep = 3 if host.endswith((".gov.cn", ".org.cn", ".com.cn", ".edu.cn")) else 2
    return ".".join(labels[-keep:])


def same_site(url: str, other: str) -> bool:
    return site_key(url) == site_key(other)


_MORE_TEXT = re.compile(r"^(查看)?(更多|more|MORE|More)\s*[>＞»+]*$|^[>＞»+]{2,}$")
_LABEL_MAX = 20
_HEADING = (
    "ancestor::*[position() <= 3]//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5"
    " or contains(@class, 'title') or contains(@class, 'tit')][1]"
)


def _text(node: Selector) -> str:
    return clean(" ".join(node.css("::text").getall()))


def box_label(anchor: Selector) -> str:
    """The heading a 更多>> link belongs to: the nearest preceding sibling, else the rest of its
    parent's text, else the first heading of its box ('' when none is short enough)."""
    before = anchor.xpath("preceding-sibling::*[1]")
    parent = anchor.xpath("..")
    own = _text(anchor)
    candidates = [
        _text(before[0]) if before else "",
        _text(parent[0]).replace(own, "").strip() if parent else "",
        *(_text(h) for h in anchor.xpath(_HEADING)),
    ]
    return next((c for c in candidates if 2 <= len(c) <= _LABEL_MAX), "")


_DECORATION = re.compile(r"[A-Za-z][A-Za-z&.'’-]*|[•·>＞›»→|/+＋-]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def menu_name(text: str) -> str:
    """A menu item's Chinese name without its English subtitle, bullets and arrows
    ('• 政府信息公开年报 Annual Reports' → '政府信息公开年报'; '政务 公开' → '政务公开')."""
    if not _CJK.search(text):
        return text
    return "".join(t for t in text.split() if not _DECORATION.fullmatch(t))


def _anchor_text(anchor: Selector) -> str:
    name = menu_name(_text(anchor) or clean(anchor.attrib.get("title")))
    return box_label(anchor) if _MORE_TEXT.match(name) else name


def _anchor_nodes(selector: Selector, base_url: str) -> Iterator[tuple[Selector, str, str]]:
    """(anchor, absolute URL, text) of every same-site link, scripted ones included."""
    page_url, base_url = base_url, page_base(selector, base_url)
    for anchor in selector.css("a"):
        href = link_target(anchor)
        if href is None:
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme in ("http", "https") and same_site(url, page_url):
            yield anchor, url, _anchor_text(anchor)


def _anchors(selector: Selector, base_url: str) -> Iterator[tuple[str, str]]:
    for _anchor, url, text in _anchor_nodes(selector, base_url):
        yield url, text


_OBJECT = re.compile(r"\{[^{}]{0,400}\}")
_NODE_NAME = re.compile(r"""['"]?(?:name|title|text|label)['"]?\s*:\s*['"]([^'"]{2,30})['"]""")
_NODE_URL = re.compile(r"""['"]?(?:url|href|link|path)['"]?\s*:\s*['"]([^'"\s]+)['"]""")


def script_nodes(selector: Selector, base_url: str) -> Iterator[tuple[str, str]]:
    """(url, name) of menu nodes a script draws from inline data (zTree `zNodes`, menu JSON):
    objects with a name and a url."""
    scripts = "\n".join(selector.xpath("//script/text()").getall())
    for node in _OBJECT.findall(scripts):
        name, url = _NODE_NAME.search(node), _NODE_URL.search(node)
        if name and url and not url.group(1).lower().startswith("javascript:"):
            target = urljoin(page_base(selector, base_url), url.group(1))
            if urlsplit(target).scheme in ("http", "https") and same_site(target, base_url):
                yield target, menu_name(clean(name.group(1)))


def _names_column(text: str) -> bool:
    """A column name is short and no notice (…年度报告编制工作的通知 is an article)."""
    if len(text) > _COLUMN_MAX or _ARTICLE.search(text):
        return False
    return bool(COLUMN_TEXT.search(text)) or (
        bool(_KIND_WORDS.search(text)) and not _OTHER_YEARLY.search(text)  # 年报专栏, 年度报告公开
    )


def classify(url: str, text: str) -> LinkRole | None:
    """'column', 'section' or None for one same-site link."""
    if is_report_title(text) or is_attachment_url(url):
        return None
    if _names_column(text) or (COLUMN_URL.search(url) and not _DETAIL.search(url)):
        return "column"
    if len(text) > 12:
        return None
    if SECTION_TEXT.match(text) or (SECTION_URL.search(url) and "公开" in text):
        return "section"
    if _SECTION_WORDS.search(text) and not _NOT_SECTION.search(text):
        return "section"
    return None


def _under(url: str, base_url: str) -> bool:
    prefix = base_url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[0] + "/"
    return url.startswith(prefix) and url.split("#", 1)[0] != base_url.split("#", 1)[0]


def is_unit(url: str, text: str, base_url: str) -> bool:
    """A unit's own 信息公开 pages (区教育局 → /zfxxgk/jyj/), listed under a 政府信息公开 page."""
    return (
        bool(AGENCY_NAME.match(text))
        and _under(url, base_url)
        and not (_DETAIL.search(url) or is_attachment_url(url))
    )


def discover(selector: Selector, base_url: str) -> list[FoundLink]:
    """Column, section and unit links on a portal page, columns first."""
    found: dict[str, FoundLink] = {}
    for url, text in [*_anchors(selector, base_url), *script_nodes(selector, base_url)]:
        role = classify(url, text) or ("unit" if is_unit(url, text, base_url) else None)
        if role is not None and url not in found:
            found[url] = FoundLink(url, text, role)
    return sorted(found.values(), key=lambda link: link.role != "column")


def subcolumns(selector: Selector, base_url: str, column_url: str) -> list[FoundLink]:
    """Sub-columns of a 年报 column (by year or by kind of agency), under the column's path."""
    prefix = column_url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[0] + "/"
    found: dict[str, FoundLink] = {}
    for url, text in _anchors(selector, base_url):
        beside = bool(_HANWEB_COLUMN.search(url))  # Hanweb sub-columns are siblings: /col/colN/
        if not (url.startswith(prefix) or beside) or _DETAIL.search(url) or is_attachment_url(url):
            continue
        unit = bool(AGENCY_NAME.match(text)) and is_column_like(url)  # XX镇 → …/2023/xxz/
        if is_report_title(text) or not (SUBCOLUMN_TEXT.match(text) or _names_column(text) or unit):
            continue
        found.setdefault(url, FoundLink(url, text, "subcolumn"))
    return list(found.values())


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")  # a tab says 2023年度, or just 2023
_COLUMN_LIKE = re.compile(r"(/|/index\.[a-z]+|/list\.[a-z]+|/col/col\d+/?(index\.html)?)$", re.I)


def is_column_like(url: str) -> bool:
    """A directory or index page (…/xxz/, …/index.html, /col/col123/): a column, not an article."""
    return bool(_COLUMN_LIKE.search(url.split("#", 1)[0].split("?", 1)[0]))


def label_year(label: str) -> int | None:
    """The year a column's trail names (年报 › 2023年度): the deepest one."""
    years = _YEAR.findall(label)
    return int(years[-1]) if years else None


def _column_entry(anchor: Selector, url: str, text: str, label: str) -> ListEntry | None:
    date = listed_date(row_text(anchor))
    if is_yearless_report_title(text):  # 区住建委政府信息公开工作年度报告, listed 2024-01-24
        return ListEntry(title=text, url=url, date=date, agency=report_agency(text))
    if label_year(label) is None or not AGENCY_NAME.match(text) or report_year(text) is not None:
        return None
    return ListEntry(title=f"{text}（{label}）", url=url, date=date, agency=text)


def column_entries(selector: Selector, base_url: str, label: str) -> list[ListEntry]:
    """Entries of a 年报 column the title rule misses: titles without a year, and, in a year
    sub-column (the trail names 2023年度), links that name only the agency (区教育局) and lead
    under the list's own path, to a detail page or to a file."""
    prefix = base_url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    found: dict[str, ListEntry] = {}
    for anchor, url, text in _anchor_nodes(selector, base_url):
        if not (url.startswith(prefix) or _DETAIL.search(url) or is_attachment_url(url)):
            continue
        if is_column_like(url):  # a sub-column named after its agency: walked, not an entry
            continue
        entry = _column_entry(anchor, url, text, label)
        if entry is not None:
            found.setdefault(url, entry)
    return list(found.values())


def frame_sources(selector: Selector, base_url: str) -> list[str]:
    """Same-site pages a list page shows in an <iframe>/<frame> (the list itself, often)."""
    urls = (
        urljoin(page_base(selector, base_url), src.strip())
        for src in selector.xpath("//iframe/@src | //frame/@src").getall()
        if src.strip() and not src.strip().lower().startswith(("javascript:", "about:", "data:"))
    )
    return [
        url
        for url in dict.fromkeys(urls)
        if same_site(url, base_url) and not is_attachment_url(url) and url != base_url
    ]
