"""Turning Scrapy responses into captures, WARC records and parseable pages.

Kept apart from the spider so that the spider reads as crawl logic: what is fetched and why.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse, Response, TextResponse

from crawler.capture import Capture, CaptureKind, ListEntry
from crawler.warc import RunWarcWriter, StoredResponse

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)
_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*\d*\s*;?\s*"""
    r"""url\s*=\s*['"]?([^"'>\s]*)""",
    re.I,
)


def _decode(value: bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def header_pairs(response: Response) -> list[tuple[str, str]]:
    return [(_decode(k), _decode(v)) for k, values in response.headers.items() for v in values]


def request_header_pairs(request: Request) -> list[tuple[str, str]]:
    return [(_decode(k), _decode(v)) for k, values in request.headers.items() for v in values]


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return _decode(value) if value else None


def sniff_encoding(body: bytes) -> str:
    """Encoding of an HTML body that declares none: UTF-8 if it decodes, else GB18030 if it does."""
    for encoding in ("utf-8", "gb18030"):
        try:
            body.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    return best.encoding if best else "gb18030"


def as_text(response: Response) -> TextResponse:
    """A TextResponse decoded correctly, even for GBK pages with no charset anywhere."""
    content_type = header(response, "Content-Type") or ""
    in_header = _HEADER_CHARSET.search(content_type)
    in_meta = _META_CHARSET.search(response.body[:4096])
    declared = (
        in_header.group(1)
        if in_header
        else (in_meta.group(1).decode("ascii", "replace") if in_meta else None)
    )
    if isinstance(response, TextResponse) and declared:
        return response
    encoding = declared or sniff_encoding(response.body)
    return HtmlResponse(
        url=response.url,
        status=response.status,
        headers=response.headers,
        body=response.body,
        encoding=str(encoding),
        request=response.request,
        flags=list(response.flags),
    )


def is_html(response: TextResponse) -> bool:
    """An HTML page (not a JSON or XML list API reply), which CSS selectors can read."""
    content_type = (header(response, "Content-Type") or "").lower()
    if "json" in content_type or "xml" in content_type:
        return False
    return response.text.lstrip()[:1] not in ("{", "[")


def replay(stored: StoredResponse, request: Request) -> TextResponse:
    """The page a 304 stands for, rebuilt from its last WARC record."""
    response = HtmlResponse(
        url=request.url,
        status=200,
        headers=dict(stored.headers),
        body=stored.body,
        request=request,
        flags=["replayed"],
    )
    return as_text(response)


def refresh_target(response: Response) -> str | None:
    """The URL a `<meta http-equiv=refresh>` sends to, if the page is one."""
    if not isinstance(response, TextResponse) and b"refresh" not in response.body[:4096].lower():
        return None
    match = _REFRESH.search(response.body[:4096].decode("latin-1"))
    return response.urljoin(match.group(1)) if match else None


_SCRIPT_REDIRECT = re.compile(  # a whole quoted URL, not the start of 'index_' + n + '.html'
    r"""\blocation(?:\.href)?\s*=\s*['"]([^'"]+)['"](?!\s*\+)|"""
    r"""\blocation\.(?:replace|assign)\(\s*['"]([^'"]+)['"]\s*\)"""
)
_SHELL_TEXT = 200  # a page that only sends elsewhere has next to no text of its own


def shell_target(page: TextResponse) -> str | None:
    """Where a page that only forwards the reader sends them: a meta refresh, or a script
    setting location on a page with almost no text and no more than one link."""
    if not is_html(page):
        return None
    text = "".join(page.xpath("//body//text()[not(ancestor::script)]").getall()).strip()
    if len(text) > _SHELL_TEXT or len(page.css("a[href]")) > 1:
        return None
    target = refresh_target(page)
    if target is None:
        scripts = "\n".join(page.xpath("//script/text()").getall())
        match = _SCRIPT_REDIRECT.search(scripts)
        target = page.urljoin(match.group(1) or match.group(2)) if match else None
    return target if target and target.split("#")[0] != page.url.split("#")[0] else None


def is_parent(url: str, of: str) -> bool:
    """True when `url` is a directory above `of` (a removed page refreshing to its column)."""
    parent = url.split("?", 1)[0].split("#", 1)[0]
    if parent.endswith(("index.html", "index.htm", "index.shtml")):
        parent = parent.rsplit("/", 1)[0] + "/"
    return of.startswith(parent.rstrip("/") + "/") and of != parent


_LOGIN_URL = re.compile(
    r"(?<![a-z])(login|logon|signin|passport|sso|cas|auth|denglu)(?![a-z])", re.I
)
_PASSWORD_INPUT = re.compile(rb"<input[^>]+type\s*=\s*['\"]?password", re.I)


def login_redirect(response: Response) -> str | None:
    """Why a page is not what was asked for: a redirect that ended on a login page (by its URL,
    or a password field on a page at another path). Neither a report nor a removal: the report
    may still be there, behind the login."""
    asked = response.meta.get("redirect_urls")
    if not asked or response.status != 200:
        return None
    moved = urlsplit(asked[0]).path.rstrip("/") != urlsplit(response.url).path.rstrip("/")
    if _LOGIN_URL.search(response.url) or (moved and _PASSWORD_INPUT.search(response.body[:65536])):
        return f"redirected to a login page: {response.url}"
    return None


def gone_reason(response: Response) -> str | None:
    """Why a report page counts as removed: 404/410, or a meta refresh to its parent directory."""
    if response.status in (404, 410):
        return f"HTTP {response.status}"
    target = refresh_target(response) if response.status == 200 else None
    if target and is_parent(target, response.url):
        return f"meta refresh to {target}"
    return None


def body_sha256(response: Response) -> str:
    return hashlib.sha256(response.body).hexdigest()


def archive_plain(response: Response, kind: CaptureKind, writer: RunWarcWriter) -> str:
    """Keep the plain response a render replaced (its bytes too are evidence); its sha256."""
    request = response.request
    sha = body_sha256(response)
    writer.write(
        str(response.meta["nianbao_source"]),
        url=response.url,
        method="GET",
        request_headers=request_header_pairs(request) if request else [],
        request_body=b"",
        status=response.status,
        reason="",
        headers=header_pairs(response),
        body=response.body,
        index={
            "kind": kind,
            "source": response.meta["nianbao_source"],
            "sha256": sha,
            "plain_of_render": True,
            "fetched_at": datetime.now(UTC).isoformat(),
        },
    )
    return sha


def capture_response(
    response: Response,
    kind: CaptureKind,
    writer: RunWarcWriter,
    extra: dict[str, str],
    index_extra: dict[str, Any] | None = None,
) -> Capture:
    """Write the response to the WARC and describe it as a Capture."""
    meta = response.meta
    source = str(meta["nianbao_source"])
    listing: ListEntry | None = meta.get("nianbao_listing")
    now = datetime.now(UTC)
    body = response.body
    sha = hashlib.sha256(body).hexdigest() if response.status != 304 else None
    etag, modified = header(response, "ETag"), header(response, "Last-Modified")
    index: dict[str, Any] = {
        "kind": kind,
        "source": source,
        "etag": etag,
        "last_modified": modified,
        "sha256": sha,
        "fetched_at": now.isoformat(),
        "listing": asdict(listing) if listing else None,
        "request_url": str(meta.get("nianbao_url") or response.url).split("#", 1)[0],
        **(index_extra or {}),
    }
    request = response.request
    location = writer.write(
        source,
        url=response.url,
        method=request.method if request else "GET",
        request_headers=request_header_pairs(request) if request else [],
        request_body=(request.body or b"") if request else b"",
        status=response.status,
        reason="",
        headers=header_pairs(response),
        body=body,
        index=index,
    )
    return Capture(
        source=source,
        url=str(meta.get("nianbao_url") or response.url),
        final_url=response.url,
        kind=kind,
        status=response.status,
        fetched_at=now,
        headers=tuple(header_pairs(response)),
        etag=etag,
        last_modified=modified,
        sha256=sha,
        size=len(body),
        content_type=header(response, "Content-Type"),
        warc_file=location.file,
        warc_offset=location.offset,
        warc_length=location.length,
        rendered=is_rendered(response),
        listing=listing,
        parent_url=meta.get("nianbao_parent"),
        extra=extra,
    )


def is_rendered(response: Response) -> bool:
    return bool(response.meta.get("nianbao_rendered")) or "playwright" in response.flags


def capture_failure(request: Request, kind: CaptureKind, error: str) -> Capture:
    """A fetch that got no HTTP answer (timeout, DNS, refused connection)."""
    meta = request.meta
    return Capture(
        source=str(meta["nianbao_source"]),
        url=str(meta.get("nianbao_url") or request.url),
        final_url=request.url,
        kind=kind,
        status=None,
        fetched_at=datetime.now(UTC),
        error=error,
        listing=meta.get("nianbao_listing"),
        parent_url=meta.get("nianbao_parent"),
    )
