"""The generic walker: `?page=N` / pageNo / pageNum / currPage, `column-index-N`, `/N.html`,
下一页 / 尾页 anchors, and `countPage` / `totalPage` script variables.

Pager links are followed as they appear; when the last page number is known (a 尾页 link or a
script variable), every page between is asked for, since many pagers show only a window.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

from scrapy.http import TextResponse

from crawler.families import ListItem, PageRequest, jsonapi
from crawler.links import link_target
from crawler.reports import clean, page_base, report_entries

NAME = "generic"
_NEXT_TEXT = re.compile(r"^(下一?页|下页|后页|尾页|末页|最后一?页|next|last|>|>>|»)$", re.I)
_LAST_TEXT = re.compile(r"^(尾页|末页|最后一?页|last|>>|»)$", re.I)
_PAGE_HREF = re.compile(
    r"(?P<pre>.*(?:[?&](?:page|pageNo|pageNum|currPage|curPage|pageIndex|pn)=|column-index-|"
    r"index_|list_|/))(?P<n>\d{1,4})(?P<post>(?:\.s?html?)?(?:[&#].*)?)$",
    re.I,
)
_TOTAL_TEXT = re.compile(r"共\s*(\d{1,4})\s*页")
_PAGE_FIELD = re.compile(r"^(page|pageNo|pageNum|pageIndex|curPage|currPage|currentPage|pn)$", re.I)
_TOTAL_VAR = re.compile(
    r"\b(?:countPage|totalPage|pageCount|totalPages|page_count)\s*[:=]\s*['\"]?(\d{1,4})"
)


def detect(response: TextResponse) -> bool:
    return True


def _pager_links(response: TextResponse) -> Iterator[tuple[str, str]]:
    base = page_base(response.selector, response.url)
    for anchor in response.css("a"):
        href = link_target(anchor)
        if not href or href.startswith("#"):
            continue
        text = clean(" ".join(anchor.css("::text").getall()))
        url = urljoin(base, href)
        if _NEXT_TEXT.match(text) or (text.isdigit() and _PAGE_HREF.match(url)):
            yield url, text
    yield from _pager_options(response, base)
    yield from _pager_calls(response, base)


_CALL = re.compile(r"^(?:javascript:)?\s*[\w.$]+\(\s*['\"]?(\d{1,4})['\"]?\s*\)\s*;?$", re.I)
_TEMPLATE = re.compile(
    r"""['"]([^'"\s<>()+]*[_/=-])['"]\s*\+\s*\(?\s*[A-Za-z_$][\w$]*\s*\)?\s*\+\s*"""
    r"""['"]((?:\.(?:s?html?|jhtml|jsp|aspx?|php))?(?:&[^'"\s<>]*)?)['"]"""
)


def _pager_calls(response: TextResponse, base: str) -> Iterator[tuple[str, str]]:
    """Pager anchors that call a function with the page number (`javascript:goPage(2)`), turned
    into URLs by the string template the page's script builds them with ('index_' + p + '.html').
    Page 1 is left out: it is the un-numbered page (index.html) on nearly every such site."""
    template = _TEMPLATE.search("\n".join(response.xpath("//script/text()").getall()))
    if template is None:
        return
    for anchor in response.css("a"):
        for script in (anchor.attrib.get("href") or "", anchor.attrib.get("onclick") or ""):
            call = _CALL.match(script.strip())
            if call and int(call.group(1)) > 1:
                url = urljoin(base, f"{template.group(1)}{call.group(1)}{template.group(2)}")
                yield url, clean(" ".join(anchor.css("::text").getall()))


def _pager_options(response: TextResponse, base: str) -> Iterator[tuple[str, str]]:
    """Pages offered by a jump menu: `<select onchange="location.href=this.value">`."""
    for select in response.xpath("//select[@onchange]"):  # the URL must still look like a page
        for option in select.css("option"):
            value = (option.attrib.get("value") or "").strip()
            url = urljoin(base, value) if value and not value.isdigit() else ""
            if url and _PAGE_HREF.match(url):
                yield url, clean(" ".join(option.css("::text").getall()))


def _same_path_family(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return a.netloc == b.netloc and a.path.rsplit("/", 1)[0] == b.path.rsplit("/", 1)[0]


def fill_range(urls: list[str], last: int | None) -> list[str]:
    """Every page between the lowest seen and the last, built from a seen pager URL."""
    numbered = [
        (m.group("pre"), int(m.group("n")), m.group("post"))
        for m in (_PAGE_HREF.match(u) for u in urls)
        if m
    ]
    if not numbered:
        return []
    pre, _n, post = numbered[-1]
    same = [n for p, n, q in numbered if p == pre and q == post]
    top = max([*same, last or 0])
    if top > 500:  # a pager that claims hundreds of pages is not a 年报 column
        top = 500
    return [f"{pre}{n}{post}" for n in range(min(same), top + 1)]


def parse(response: TextResponse) -> Iterator[ListItem]:
    yield from report_entries(response.selector, response.url)
    links = [(u, t) for u, t in _pager_links(response) if _same_path_family(u, response.url)]
    last = next((_number(u) for u, t in links if _LAST_TEXT.match(t) and _number(u)), None)
    total = _TOTAL_VAR.search(response.text) or _TOTAL_TEXT.search(response.text)
    count = int(total.group(1)) if total else None
    cap = last if last is not None else count  # 下一页 on the last page may point past the end
    urls = [u for u, _t in links if cap is None or (_number(u) or 0) <= cap]
    fill_to = last if last is not None else _last_suffix(response.url, urls, count)
    for url in dict.fromkeys([*urls, *fill_range(urls, fill_to)]):
        yield PageRequest(url=url, family=NAME)
    if not urls:  # no pager anchors: a form posting the page number, or a JSON API
        pages = last or count
        forms = list(_form_pages(response, pages))
        yield from forms or jsonapi.api_pages(response.text, response.url, pages)


def _last_suffix(url: str, urls: list[str], count: int | None) -> int | None:
    """The last page's number in its URL, from a page count: on the un-numbered first page, a
    pager whose next page is index_1 counts from 0 (TRS: index_{count-1} is last), one whose
    next page is list_2 counts pages. Elsewhere the links are followed, not guessed."""
    seen = [n for n in map(_number, urls) if n is not None]
    if count is None or not seen or _number(url) is not None:
        return None
    return count - 1 if min(seen) == 1 else count


def _number(url: str) -> int | None:
    match = _PAGE_HREF.match(url)
    return int(match.group("n")) if match else None


def _form_pages(response: TextResponse, last: int | None) -> Iterator[PageRequest]:
    """Pages of a pager that POSTs a form with a hidden page field (`toPage(n)` sets it and
    submits): pages 2..last, every other field as the form has it."""
    if last is None or last < 2:
        return
    for form in response.xpath("//form"):
        if (form.attrib.get("method") or "get").lower() != "post":
            continue
        fields = [
            (i.attrib["name"], i.attrib.get("value") or "") for i in form.xpath(".//input[@name]")
        ]
        page_field = next((name for name, _v in fields if _PAGE_FIELD.match(name)), None)
        if page_field is None:
            continue
        action = urljoin(
            page_base(response.selector, response.url), form.attrib.get("action") or ""
        )
        for n in range(2, min(last, 500) + 1):
            data = tuple((k, str(n) if k == page_field else v) for k, v in fields)
            yield PageRequest(url=action, family=NAME, method="POST", formdata=data)
        return
