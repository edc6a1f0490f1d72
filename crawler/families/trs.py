"""TRS WCM: static list pages index.html, index_1.html, … announced by `createPageHTML(...)`.

Some TRS sites make only the first page static and serve the rest from a search API as JSON:
when the page's script names such an API, its pages are asked for instead (families/jsonapi.py).

Newer templates name the pager's element first: `createPageHTML('page_div', 7, 1, 'index',
'shtml', 140)`. The call's arguments may be literals or variables defined earlier in the page
(`var countPage = 5;`), so each argument is resolved before use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawler.families import ListItem, PageRequest, jsonapi
from crawler.reports import report_entries

NAME = "trs"
_CALL = re.compile(r"createPageHTML\s*\(([^()]*)\)")
_DETAIL = re.compile(r"/t\d{8}_\d+\.s?html?\b")


def _resolve(arg: str, text: str) -> str | None:
    arg = arg.strip()
    if arg[:1] in "'\"" and arg[-1:] == arg[:1]:
        return arg[1:-1]
    if arg.isdigit():
        return arg
    match = re.search(rf"\b{re.escape(arg)}\s*=\s*['\"]?([\w.]+)['\"]?", text)
    return match.group(1) if match and arg.isidentifier() else None


def pager(text: str) -> tuple[int, int, str, str] | None:
    """(page count, current page, page name, extension) from the first usable call."""
    for match in _CALL.finditer(text):
        args = [_resolve(a, text) for a in match.group(1).split(",")]
        if len(args) >= 5 and args[0] is not None and not args[0].isdigit():
            args = args[1:]  # newer pager.js: createPageHTML('page_div', count, current, …, total)
        if len(args) < 4 or any(a is None for a in args[:4]):
            continue
        count, current, name, ext = (str(a) for a in args[:4])
        if count.isdigit() and current.isdigit():
            return int(count), int(current), name, ext.lstrip(".")
    return None


def detect(response: TextResponse) -> bool:
    return pager(response.text) is not None


def page_urls(base_url: str, count: int, name: str, ext: str) -> list[str]:
    """index.html, index_1.html, … index_{count-1}.html beside the current page."""
    names = [f"{name}.{ext}"] + [f"{name}_{i}.{ext}" for i in range(1, count)]
    return [urljoin(base_url, n) for n in names]


def parse(response: TextResponse) -> Iterator[ListItem]:
    yield from report_entries(response.selector, response.url)
    found = pager(response.text)
    if found is None:
        return
    count, _current, name, ext = found
    api = jsonapi.api_pages(response.text, response.url, count)
    if api:  # only the first page is static; the others come from a search API
        yield from api
        return
    for url in page_urls(response.url, count, name, ext):
        yield PageRequest(url=url, family=NAME)
