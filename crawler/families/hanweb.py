"""Hanweb (大汉): column pages whose lists come from `dataproxy.jsp` as XML, by POST.

The column page's script names webid, columnid and unitid; the reply is a `<datastore>` with
`<totalrecord>` and `<record><![CDATA[<li>…</li>]]></record>` items. Records are asked for in
batches of three pages, as the Hanweb pager itself does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy.http import TextResponse

from crawler.families import ListItem, PageRequest
from crawler.reports import report_entries, unique_by_url

NAME = "hanweb"
DEFAULT_PROXY = "/module/web/jpage/dataproxy.jsp"
_PROXY = re.compile(r"((?:[\w.-]+/|/)*module/(?:web/)?jpage/dataproxy\.jsp)")
_RECORD = re.compile(r"<record[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")


def _param(text: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\b['\"]?\s*[:=]\s*['\"]?(\d+)", text, re.I)
    return match.group(1) if match else None


def detect(response: TextResponse) -> bool:
    text = response.text
    return (
        bool(_PROXY.search(text))
        or "<datastore" in text
        or (_param(text, "webid") is not None and _param(text, "columnid") is not None)
    )


def records(text: str, base_url: str) -> list[ListItem]:
    """Report entries inside the CDATA records (of a reply or of the column page's script)."""
    html = "\n".join(_RECORD.findall(text))
    return list(unique_by_url(report_entries(Selector(text=html or "<p/>"), base_url)))


def _form(text: str) -> tuple[tuple[str, str], ...] | None:
    webid, columnid = _param(text, "webid"), _param(text, "columnid")
    if webid is None or columnid is None:
        return None
    return (
        ("col", "1"),
        ("appid", _param(text, "appid") or "1"),
        ("webid", webid),
        ("path", "/"),
        ("columnid", columnid),
        ("sourceContentType", "1"),
        ("unitid", _param(text, "unitid") or ""),
        ("permissiontype", "0"),
    )


def batch_url(proxy_url: str, start: int, perpage: int) -> str:
    query = urlencode(
        {"startrecord": start, "endrecord": start + 3 * perpage - 1, "perpage": perpage}
    )
    return f"{proxy_url.split('?', 1)[0]}?{query}"


def _column_page(response: TextResponse) -> Iterator[ListItem]:
    text = response.text
    yield from report_entries(response.selector, response.url)
    yield from records(text, response.url)
    form = _form(text)
    if form is None:
        return
    match = _PROXY.search(text)
    proxy = urljoin(response.url, match.group(1) if match else DEFAULT_PROXY)
    if match and not match.group(1).startswith("/"):  # 'module/…' written relative to the root
        proxy = urljoin(response.url, "/" + match.group(1))
    perpage = int(_param(text, "perpage") or 15)
    yield PageRequest(batch_url(proxy, 1, perpage), NAME, "POST", form)


def _reply(response: TextResponse) -> Iterator[ListItem]:
    yield from records(response.text, response.url)
    total = _TOTAL.search(response.text)
    query = dict(parse_qsl(urlsplit(response.url).query))
    end, perpage = int(query.get("endrecord", 0)), int(query.get("perpage", 15) or 15)
    if total is None or end <= 0 or end >= int(total.group(1)) or response.request is None:
        return
    form = tuple(parse_qsl((response.request.body or b"").decode("utf-8", "replace")))
    yield PageRequest(batch_url(response.url, end + 1, perpage), NAME, "POST", form)


def parse(response: TextResponse) -> Iterator[ListItem]:
    if _PROXY.search(response.url) or response.text.lstrip().startswith(("<?xml", "<datastore")):
        yield from _reply(response)
    else:
        yield from _column_page(response)
