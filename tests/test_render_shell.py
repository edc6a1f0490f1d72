"""is_js_shell, the render decision and WAF challenges, on built responses (no browser)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from replica.js_sites import JsListPortal, Portal, RuishuPortal, WzwsPortal, report_page
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.render import META_PLAIN_RESPONSE, RenderMiddleware, is_js_shell, render_settings
from crawler.waf import challenge_kind

URL = "http://127.0.0.1/xxgk/gknb/index.html"
NAV = "".join(f'<a href="/c{i}/index.html">栏目{i}</a>' for i in range(40))


def html(body: bytes | str, status: int = 200, url: str = URL, **kw: Any) -> HtmlResponse:
    data = body.encode() if isinstance(body, str) else body
    return HtmlResponse(
        url,
        status=status,
        body=data,
        encoding="utf-8",
        headers={"Content-Type": "text/html; charset=utf-8"},
        **kw,
    )


SHELLS = {
    "js_list_column": JsListPortal("x").column().body,
    "wzws_notice": WzwsPortal("x").reply("/WZWSRELLw==", {}).body,
    "spa_root": b'<html><body><div id="app"></div><script src="/app.js"></script></body></html>',
    "nav_and_empty_ajax_list": (
        f'<html><body><div class="nav">{NAV}</div><ul id="dataList"></ul>'
        "<script>$.ajax({url:'/api/list',success:function(d){$('#dataList').html(d)}})</script>"
        "</body></html>"
    ).encode(),
}
PAGES = {
    "static_column": Portal("x").column().body,
    "report_page": report_page("区教育局", 2023),
    "report_with_counter_script": report_page("区财政局", 2023).replace(
        b"</body>",
        b"<div id='count'></div><script>document.getElementById('count')"
        b".innerHTML='1';</script></body>",
    ),
    "no_script": f"<html><body><ul>{NAV}</ul></body></html>".encode(),
}


@pytest.mark.parametrize("name", SHELLS)
def test_shell_is_recognised(name: str) -> None:
    assert is_js_shell(html(SHELLS[name]))


@pytest.mark.parametrize("name", PAGES)
def test_full_page_is_not_a_shell(name: str) -> None:
    assert not is_js_shell(html(PAGES[name]))


def test_pdf_is_not_a_shell() -> None:
    assert not is_js_shell(
        Response(URL, body=b"%PDF-1.7 <script>", headers={"Content-Type": "application/pdf"})
    )


def middleware() -> RenderMiddleware:
    crawler = get_crawler(settings_dict=render_settings("/usr/bin/chromium", "ua"))
    return RenderMiddleware("ua", True, MemoryStatsCollector(crawler))


def fetch(mode: str, body: bytes, status: int = 200, **meta: Any) -> Request | Response:
    request = Request(
        URL, meta={"nianbao_render_mode": mode, **meta}, headers={"If-None-Match": '"abc"'}
    )
    return middleware().process_response(request, html(body, status, request=request))


def test_auto_renders_a_shell_without_conditional_headers() -> None:
    out = fetch("auto", SHELLS["js_list_column"])
    assert (
        isinstance(out, Request) and out.meta["playwright"] and b"If-None-Match" not in out.headers
    )
    assert isinstance(out.meta[META_PLAIN_RESPONSE], Response)


def test_auto_leaves_a_full_page_alone() -> None:
    assert isinstance(fetch("auto", PAGES["static_column"]), Response)


def test_always_renders_a_changed_page() -> None:
    assert isinstance(fetch("always", PAGES["static_column"]), Request)


@pytest.mark.parametrize("mode", ["auto", "always"])
def test_not_modified_is_never_rendered(mode: str) -> None:
    assert isinstance(fetch(mode, b"", status=304), Response)


def test_unchanged_body_is_never_rendered() -> None:
    body = SHELLS["js_list_column"]
    known = hashlib.sha256(body).hexdigest()
    assert isinstance(fetch("always", body, nianbao_known_sha256=known), Response)


def test_never_means_never() -> None:
    assert isinstance(fetch("never", SHELLS["js_list_column"]), Response)


def reply_response(reply: Any, url: str = "http://127.0.0.1/") -> Response:
    headers = {"Content-Type": reply.content_type, **dict(reply.headers)}
    return HtmlResponse(url, status=reply.status, body=reply.body, headers=headers)


def test_ruishu_412_is_a_challenge() -> None:
    reply = RuishuPortal("r").reply("/", {})
    assert challenge_kind(reply_response(reply)) == "ruishu"


def test_wzws_redirect_and_notice_are_challenges() -> None:
    site = WzwsPortal("w")
    assert challenge_kind(reply_response(site.reply("/", {}))) == "wzws"
    assert challenge_kind(reply_response(site.reply("/WZWSRELLw==", {}))) == "wzws"


def test_ordinary_pages_are_not_challenges() -> None:
    assert challenge_kind(html(PAGES["report_with_counter_script"])) is None
    assert challenge_kind(html(b"<html>not found</html>", status=404)) is None


def test_render_settings_launch_debian_chromium_quietly() -> None:
    settings = render_settings("/usr/bin/chromium", "ua")
    launch = settings["PLAYWRIGHT_LAUNCH_OPTIONS"]
    assert (launch["executable_path"], launch["headless"]) == ("/usr/bin/chromium", True)
    assert {"--disable-background-networking", "--disable-component-update"} <= set(launch["args"])
    handlers = settings["DOWNLOAD_HANDLERS"]
    assert handlers["http"] == handlers["https"] == "crawler.render_handler.SharedPlaywrightHandler"
