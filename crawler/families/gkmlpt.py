"""Guangdong gkmlpt: `/gkmlpt/index#<col>` filled by JS from `/gkmlpt/api/all/<col>?page=N&sid=S`.

The API answers `{"articles": [...], "total": n}`; the first page tells the page size, and all
further pages are asked for at once.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from scrapy.http import TextResponse

from crawler.capture import ListEntry
from crawler.families import ListItem, PageRequest
from crawler.reports import clean, is_report_title, listed_date, report_agency, report_entries

NAME = "gkmlpt"
_API = re.compile(r"/gkmlpt/api/all/(\d+)")
_SID = re.compile(r"""["']?\bsid["']?\s*[:=]\s*["']?(\w+)""", re.I)
_NAMED_COL = re.compile(r"(\d{3,})\D{0,40}?(?:信息公开年报|年度报告|年报)")
_COL = re.compile(r"""["']?\b(?:col|column|columnid|cat|catid)["']?\s*[:=]\s*["']?(\d+)""", re.I)


def detect(response: TextResponse) -> bool:
    return "/gkmlpt/" in response.url or "/gkmlpt/api/" in response.text


def api_url(base_url: str, col: str, page: int, sid: str | None) -> str:
    """The list API beside the page's own /gkmlpt/ directory (sites may mount it under a path)."""
    query = {"page": page, **({"sid": sid} if sid else {})}
    path = urlsplit(base_url).path
    mount = path[: path.index("/gkmlpt/")] if "/gkmlpt/" in path else ""
    return urljoin(base_url, f"{mount}/gkmlpt/api/all/{col}?{urlencode(query)}")


def _date(article: dict[str, Any]) -> str | None:
    for key in ("date", "publish_time", "first_publish_time", "created_at", "display_publish_time"):
        value = article.get(key)
        if isinstance(value, int | float) and value > 0:
            seconds = value / 1000 if value > 1e11 else value
            return datetime.fromtimestamp(seconds, UTC).date().isoformat()
        if isinstance(value, str) and listed_date(value):
            return listed_date(value)
    return None


def _entries(data: dict[str, Any], base_url: str) -> Iterator[ListEntry]:
    for article in data.get("articles") or []:
        title, url = clean(article.get("title")), article.get("url")
        if isinstance(url, str) and url and is_report_title(title):
            yield ListEntry(title, urljoin(base_url, url), _date(article), report_agency(title))


def _api_reply(response: TextResponse) -> Iterator[ListItem]:
    try:
        data = json.loads(response.text)
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    yield from _entries(data, response.url)
    query = dict(parse_qsl(urlsplit(response.url).query))
    articles = data.get("articles") or []
    if query.get("page", "1") != "1" or not articles:
        return
    pages = math.ceil(int(data.get("total") or 0) / len(articles))
    col = _API.search(response.url)
    for page in range(2, pages + 1):
        yield PageRequest(
            api_url(response.url, col.group(1) if col else "0", page, query.get("sid")), NAME
        )


def column_of(response: TextResponse) -> str | None:
    fragment = str(response.meta.get("nianbao_fragment") or urlsplit(response.url).fragment)
    if fragment.isdigit():
        return fragment
    match = _COL.search(response.text) or _NAMED_COL.search(response.text)
    return match.group(1) if match else None


def parse(response: TextResponse) -> Iterator[ListItem]:
    if _API.search(response.url):
        yield from _api_reply(response)
        return
    yield from report_entries(response.selector, response.url)
    col = column_of(response)
    if col is not None:
        sid = _SID.search(response.text)
        yield PageRequest(api_url(response.url, col, 1, sid.group(1) if sid else None), NAME)
