"""JSON list APIs: later list pages some TRS sites (and others) serve from a search API.

A list page's script names the API (a quoted URL with a page parameter, often ending in `page=`
and concatenated with the page number); the replies are JSON whose records carry a title and a
URL under one of the usual keys. Records are found wherever they sit in the document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import TextResponse

from crawler.capture import ListEntry
from crawler.families import ListItem, PageRequest
from crawler.reports import clean, is_report_title, listed_date, report_agency, report_entries

NAME = "jsonapi"
PAGE_KEYS = ("page", "pageNo", "pageNum", "pageIndex", "curPage", "currPage", "pn", "p")
_TITLE_KEYS = ("title", "docTitle", "doctitle", "DOCTITLE", "articleTitle", "name", "t")
_URL_KEYS = ("url", "link", "href", "docUrl", "docpuburl", "DOCPUBURL", "pageUrl", "path")
_DATE_KEYS = (
    "date",
    "pubDate",
    "publishTime",
    "publish_time",
    "docreltime",
    "DOCRELTIME",
    "time",
    "createTime",
    "pubdate",
)
_TOTAL_PAGE_KEYS = ("totalPage", "totalPages", "pageCount", "pages", "countPage", "page_count")
_PAGE = "|".join(PAGE_KEYS)
_API_CONCAT = re.compile(
    rf"""["']([^"'\s<>]*(?:api|search|json|query|list|data)[^"'\s<>]*[?&](?:{_PAGE})=)["']\s*\+""",
    re.I,
)
_API_LITERAL = re.compile(
    rf"""["']([^"'\s<>]*(?:api|search|json|query)[^"'\s<>]*[?&](?:{_PAGE})=\d+[^"'\s<>]*)["']""",
    re.I,
)
_PAGE_COUNT = re.compile(
    r"\b(?:countPage|totalPage|pageCount|totalPages|pageTotal)\s*[:=]\s*['\"]?(\d{1,4})"
)


def api_template(text: str, base_url: str) -> str | None:
    """The API URL with `{n}` where the page number goes, from a list page's script."""
    concat = _API_CONCAT.search(text)
    if concat:
        return str(urljoin(base_url, concat.group(1))) + "{n}"
    literal = _API_LITERAL.search(text)
    if literal:
        url = urljoin(base_url, literal.group(1))
        return str(re.sub(rf"([?&](?:{_PAGE})=)\d+", r"\g<1>{n}", url, count=1))
    return None


def page_count(text: str) -> int | None:
    match = _PAGE_COUNT.search(text)
    return int(match.group(1)) if match else None


def api_pages(text: str, base_url: str, count: int | None) -> list[PageRequest]:
    template = api_template(text, base_url)
    if template is None:
        return []
    return [PageRequest(template.replace("{n}", str(n)), NAME) for n in range(1, (count or 1) + 1)]


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    return next((record[k] for k in keys if record.get(k) not in (None, "")), None)


def records(data: Any) -> Iterator[dict[str, Any]]:
    """Every dict in the document that has a title and a URL."""
    if isinstance(data, dict):
        if isinstance(_first(data, _TITLE_KEYS), str) and isinstance(_first(data, _URL_KEYS), str):
            yield data
        for value in data.values():
            yield from records(value)
    elif isinstance(data, list):
        for value in data:
            yield from records(value)


def entries(data: Any, base_url: str) -> Iterator[ListEntry]:
    for record in records(data):
        title = clean(re.sub(r"<[^>]+>", "", str(_first(record, _TITLE_KEYS))))
        if is_report_title(title):
            url = urljoin(base_url, str(_first(record, _URL_KEYS)).strip())
            date = _first(record, _DATE_KEYS)
            yield ListEntry(
                title, url, listed_date(str(date)) if date else None, report_agency(title)
            )


def _more_pages(data: Any, url: str) -> Iterator[PageRequest]:
    """From page 1 of a reply that states its page count, the other pages."""
    if not isinstance(data, dict):
        return
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    key = next((k for k, _v in query if k in PAGE_KEYS), None)
    if key is None or dict(query).get(key) not in ("0", "1"):
        return
    found = [data, *(v for v in data.values() if isinstance(v, dict))]
    total = next(
        (int(d[k]) for d in found for k in _TOTAL_PAGE_KEYS if str(d.get(k, "")).isdigit()), 0
    )
    for n in range(int(dict(query)[key]) + 1, min(total, 500) + 1):
        new_query = urlencode([(k, str(n) if k == key else v) for k, v in query])
        yield PageRequest(urlunsplit(parts._replace(query=new_query)), NAME)


def detect(response: TextResponse) -> bool:
    return response.text.lstrip()[:1] in ("{", "[")


def parse(response: TextResponse) -> Iterator[ListItem]:
    """Records of a JSON reply; the list items of an HTML fragment (`$('#list').load(url)`), as
    a reply or inside a JSON string ({"data": {"html": "<li>…</li>"}})."""
    host = _host_page(response)  # a fragment's links resolve against the page it goes into
    try:
        data = json.loads(response.text)
    except ValueError:
        yield from report_entries(Selector(text=response.text), host)
        return
    yield from entries(data, response.url)
    for fragment in _html_strings(data):
        yield from report_entries(Selector(text=fragment), host)
    yield from _more_pages(data, response.url)


def _host_page(response: TextResponse) -> str:
    """The list page that asked for this reply (the spider's `nianbao_host_page`), else itself."""
    try:
        return str(response.meta.get("nianbao_host_page") or response.url)
    except AttributeError:  # a response built without a request (unit tests)
        return response.url


def _html_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        if "<a " in data:
            yield data
    elif isinstance(data, dict | list):
        for value in data.values() if isinstance(data, dict) else data:
            yield from _html_strings(value)
