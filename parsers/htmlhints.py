"""Metadata hints of a report page: title, agency and publication date.

Sources, most trusted first: the CMS <meta> tags (ArticleTitle, PubDate, ContentSource, SiteName),
the site's own metadata table (索引号, 发布机构, 发布日期…), the article's 发布时间 line, <title>.
They are hints: the report parser uses them only when the report text does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

from parsers.celltext import normalize_cell
from parsers.model import Grid

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_TITLE_LABELS = ("标题", "名称", "文件名称", "信息名称", "文章标题")
_AGENCY_LABELS = ("发布机构", "发文机关", "发布单位", "公开主体", "发文单位", "信息来源", "来源")
_DATE_LABELS = ("发布日期", "公开日期", "发布时间", "生成日期", "成文日期")
_PAGE_DATE = re.compile(r"(?:发布|公开|生成)(?:日期|时间)\s*[:：]\s*([0-9０-９年月日/.\- ]{8,20})")
_TITLE_SUFFIX = re.compile(r"\s*[_|｜—–-]+\s*[^_|｜—–-]{2,40}$")


@dataclass(frozen=True)
class PageHints:
    title: str | None = None
    agency: str | None = None
    published: str | None = None


def page_hints(tree: lxml.html.HtmlElement, grids: tuple[Grid, ...]) -> PageHints:
    """Title, agency and ISO publication date from the page's metadata, each None if absent."""
    labelled = labelled_values(grids)
    title = _meta(tree, "ArticleTitle") or _first(labelled, _TITLE_LABELS) or _title_tag(tree)
    agency = (
        _meta(tree, "ContentSource") or _first(labelled, _AGENCY_LABELS) or _meta(tree, "SiteName")
    )
    published = (
        iso_date(_meta(tree, "PubDate") or "")
        or iso_date(_first(labelled, _DATE_LABELS) or "")
        or _page_date(tree)
    )
    return PageHints(title=title, agency=agency, published=published)


def iso_date(text: str) -> str | None:
    """The first plausible date in a string as YYYY-MM-DD (2024年1月20日, 2024-01-20 10:00)."""
    match = _DATE.search(text.translate(_FULLWIDTH_DIGITS))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def labelled_values(grids: tuple[Grid, ...]) -> dict[str, str]:
    """label -> value from metadata tables: label cell, value cell; or one "label：value" cell."""
    found: dict[str, str] = {}
    for grid in grids:
        for row in grid.rows:
            for index, cell in enumerate(row):
                label, _, inline = cell.partition("：") if "：" in cell else cell.partition(":")
                label = label.strip()
                if len(label) > 6:
                    continue
                value = inline.strip() or _next_value(row, index, cell)
                if value and label not in found:
                    found[label] = value
    return found


def _next_value(row: tuple[str, ...], index: int, cell: str) -> str:
    for later in row[index + 1 :]:
        if later != cell:
            return later.strip()
    return ""


def _first(labelled: dict[str, str], labels: tuple[str, ...]) -> str | None:
    for label in labels:
        if labelled.get(label):
            return labelled[label]
    return None


def _meta(tree: lxml.html.HtmlElement, name: str) -> str | None:
    lowered = name.lower()
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == lowered:
            value = normalize_cell(meta.get("content") or "")
            if value:
                return value
    return None


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    element = tree.find(".//title")
    if element is None:
        return None
    title = normalize_cell(element.text_content())
    trimmed = _TITLE_SUFFIX.sub("", title)
    return (trimmed if len(trimmed) >= 6 else title) or None


def _page_date(tree: lxml.html.HtmlElement) -> str | None:
    body = tree.find("body")
    if body is None:
        return None
    match = _PAGE_DATE.search(" ".join(body.itertext()))
    return iso_date(match.group(1)) if match else None
