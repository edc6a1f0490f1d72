"""HTML report pages: charset from the bytes, grids from the raw markup, text without chrome.

Tables are read from the page's own markup with lxml (rowspan/colspan expanded, so a grid position
always holds the text a reader sees there), never from flattened text. The main text comes from
trafilatura with tables left out (their numbers live in the grids), then a small filter drops the
page chrome lines that slip through (ICP 备案号, 网站标识码, 扫一扫…, counters, 打印/关闭).
"""

from __future__ import annotations

import re
from copy import deepcopy

import lxml.html
import trafilatura
from lxml import etree

from parsers.celltext import normalize_line
from parsers.chrome import drop_chrome_lines
from parsers.encoding import decode_bytes
from parsers.errors import EmptyDocumentError, NotAReportError
from parsers.htmlgrid import is_data_table, table_grids
from parsers.htmlhints import PageHints, page_hints
from parsers.model import Document

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# Body containers of the CMS families in sites.md: TRS (.TRS_Editor, .TRS_UEDITOR,
# .Custom_UnionStyle), Hanweb (#zoom, .article-content), gov.cn (#UCAP-CONTENT, .pages_content),
# <ucapcontent> pages, and generic ones.
_BODY_CLASSES = (
    "TRS_Editor", "TRS_UEDITOR", "Custom_UnionStyle", "article-content", "pages_content",
    "art_con", "bt_content", "xxgk_content", "content_text",
)  # fmt: skip
_CONTENT_BLOCKS = (
    " | ".join(
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
        for name in _BODY_CLASSES
    ),
    "//*[@id='zoom' or @id='Zoom' or @id='UCAP-CONTENT' or @id='content' or @id='Content']",
    "//ucapcontent | //article",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "ul",
        "ol",
    ]
)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "head", "title"])
_MIN_TEXT = 30  # characters; below this a page with no grids holds no report


def read_html(data: bytes, source: str) -> Document:
    """Turn the bytes of an HTML page into a Document (text, grids, metadata hints)."""
    markup = _XML_DECL.sub("", decode_html(data, source), count=1).replace("\x00", "")
    tree = _parse_tree(markup, source)
    grids = table_grids(tree)
    _reject_redirect(tree, source)
    lines = _main_text_lines(tree)
    if not lines and not grids:
        raise EmptyDocumentError(source, "the HTML page has no text and no tables")
    hints: PageHints = page_hints(tree, grids)
    return Document(
        source=source,
        form="html",
        text="\n".join(lines),
        tables=grids,
        title_hint=hints.title,
        agency_hint=hints.agency,
        published_hint=hints.published,
    )


def decode_html(data: bytes, source: str) -> str:
    """Decode page bytes: BOM, then valid UTF-8, then the declared <meta> charset, then sniffing."""
    try:
        head = data[:4096]
        if not head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            data.decode("utf-8")
            return decode_bytes(data, "utf-8", source)
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    declared = match.group(1).decode("ascii", "replace") if match else None
    return decode_bytes(data, declared, source)


def _parse_tree(markup: str, source: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise EmptyDocumentError(source, f"no HTML document in the bytes ({exc})") from exc


def _reject_redirect(tree: lxml.html.HtmlElement, source: str) -> None:
    """A removed page is often a meta refresh to its parent; say so instead of parsing it."""
    refresh = tree.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh')='refresh']/@content")
    if not refresh:
        return
    body_text = normalize_line(" ".join(tree.xpath("//body//text()")))
    if len(body_text) < _MIN_TEXT:
        raise NotAReportError(source, f"the page only redirects (meta refresh: {refresh[0]})")


def _main_text_lines(tree: lxml.html.HtmlElement) -> list[str]:
    tables = list(tree.iter("table"))
    data_flags = [is_data_table(table) for table in tables]
    data_tables = {table for table, flag in zip(tables, data_flags, strict=True) if flag}
    # A CMS body block is taken whole: trafilatura drops repeated short paragraphs ("0 |") even
    # with deduplicate=False, which loses cells of tables laid out as paragraphs, and sometimes
    # keeps only one paragraph of a long report.
    extracted = _largest_block_lines(tree, data_tables) or _trafilatura_lines(tree, data_flags)
    if not extracted:
        body = tree.find("body")
        extracted = _element_lines(body if body is not None else tree, data_tables)
    return drop_chrome_lines(extracted)


def _trafilatura_lines(tree: lxml.html.HtmlElement, data_flags: list[bool]) -> list[str]:
    """trafilatura's main text of a copy of the page with its data tables taken out."""
    page = deepcopy(tree)
    copies = list(page.iter("table"))  # same order as the original's tables
    for table, is_data in zip(copies, data_flags, strict=True):
        if is_data:
            _drop_keeping_tail(table)
    try:
        text = trafilatura.extract(
            page,
            favor_recall=True,
            include_tables=False,
            include_comments=False,
            include_images=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, etree.LxmlError):  # trafilatura's own parsing hiccups
        return []
    return _clean_lines((text or "").splitlines())


def _drop_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _largest_block_lines(
    tree: lxml.html.HtmlElement, data_tables: set[etree._Element]
) -> list[str]:
    """Lines of the largest CMS body block (.TRS_Editor, #zoom, article...), [] if none."""
    blocks = [element for xpath in _CONTENT_BLOCKS for element in tree.xpath(xpath)]
    if not blocks:
        return []
    largest = max(blocks, key=lambda element: len(element.text_content()))
    return _element_lines(largest, data_tables)


def _element_lines(element: lxml.html.HtmlElement, data_tables: set[etree._Element]) -> list[str]:
    """Text of an element, one block a line, without data tables, scripts and styles."""
    pieces: list[str] = []
    _walk(element, pieces, data_tables)
    return _clean_lines("".join(pieces).split("\n"))


def _walk(element: etree._Element, pieces: list[str], data_tables: set[etree._Element]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    hidden = (
        "display:none" in (element.get("style") or "").replace(" ", "").lower() if tag else False
    )
    if tag not in _SKIP_TAGS and element not in data_tables and not hidden:
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if tag and element.text:
            pieces.append(element.text)
        for child in element:
            _walk(child, pieces, data_tables)
        if block:
            pieces.append("\n")
    if element.tail:
        pieces.append(element.tail)


def _clean_lines(lines: list[str]) -> list[str]:
    return [line for line in (normalize_line(raw) for raw in lines) if line]
