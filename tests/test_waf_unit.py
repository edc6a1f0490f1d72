"""WafMiddleware without a browser: one render per host under concurrency, and blocked captures."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from replica.js_sites import RuishuPortal
from scrapy import Request
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from crawler.waf import BLOCKED_FLAG, META_WAF_RENDER, WafMiddleware

HOST = "http://127.0.0.9"
CHALLENGE = RuishuPortal("r").reply("/", {})


class FakeEngine:
    """Stands in for the engine: a 'browser render' that hands back one cookie."""

    def __init__(self, cookies: list[dict[str, Any]]) -> None:
        self.renders: list[str] = []
        self.cookies = cookies

    async def download_async(self, request: Request) -> Response:
        assert request.meta[META_WAF_RENDER] == "ruishu" and request.meta["playwright"]
        self.renders.append(request.url)
        await asyncio.sleep(0.05)  # the others arrive while this render runs
        request.meta["playwright_page_methods"][0].result = self.cookies
        return HtmlResponse(request.url, body=b"<html></html>", request=request)


def middleware(can_render: bool, cookies: list[dict[str, Any]]) -> tuple[WafMiddleware, Any]:
    crawler: Any = SimpleNamespace(engine=FakeEngine(cookies), settings=Settings())
    crawler.stats = MemoryStatsCollector(crawler)
    mw = WafMiddleware(crawler, "ua", can_render=can_render, max_renders=2, max_attempts=2)
    return mw, crawler


def challenged(request: Request) -> Response:
    return HtmlResponse(request.url, status=412, body=CHALLENGE.body, request=request)


async def pass_all(mw: WafMiddleware, requests: list[Request]) -> list[Request | Response]:
    return await asyncio.gather(*(mw.process_response(r, challenged(r)) for r in requests))


def test_concurrent_challenges_on_one_host_share_one_render() -> None:
    mw, crawler = middleware(True, [{"name": "FSSB", "value": "1", "path": "/"}])
    requests = [Request(f"{HOST}/p{i}.html") for i in range(5)]
    out = asyncio.run(pass_all(mw, requests))
    assert len(crawler.engine.renders) == 1
    assert all(
        isinstance(r, Request) and r.cookies == [{"name": "FSSB", "value": "1", "path": "/"}]
        for r in out
    )


def test_retry_keeps_url_and_callback() -> None:
    mw, _ = middleware(True, [{"name": "c", "value": "v", "path": "/"}])
    request = Request(f"{HOST}/a.html", callback=print, meta={"nianbao_source": "s"})
    (out,) = asyncio.run(pass_all(mw, [request]))
    assert isinstance(out, Request)
    assert (out.url, out.callback, out.meta["nianbao_source"], out.dont_filter) == (
        request.url,
        print,
        "s",
        True,
    )


def test_without_a_browser_the_challenge_is_a_blocked_capture() -> None:
    mw, crawler = middleware(False, [])
    request = Request(f"{HOST}/a.html")
    (out,) = asyncio.run(pass_all(mw, [request]))
    assert isinstance(out, Response) and out.status == 412 and BLOCKED_FLAG in out.flags
    assert request.meta["nianbao_error"].startswith("waf_blocked (ruishu): no browser")
    assert crawler.engine.renders == []


def test_a_render_without_cookies_is_blocked_not_retried() -> None:
    mw, _ = middleware(True, [])
    request = Request(f"{HOST}/a.html")
    (out,) = asyncio.run(pass_all(mw, [request]))
    assert isinstance(out, Response) and BLOCKED_FLAG in out.flags


def test_still_challenged_after_retries_is_blocked() -> None:
    mw, crawler = middleware(True, [{"name": "c", "value": "v", "path": "/"}])
    request: Request | Response = Request(f"{HOST}/a.html")
    for _ in range(5):
        assert isinstance(request, Request)
        (request,) = asyncio.run(pass_all(mw, [request]))
        if isinstance(request, Response):
            break
    assert isinstance(request, Response) and BLOCKED_FLAG in request.flags
    assert len(crawler.engine.renders) <= 2


def test_bare_412_is_blocked_not_gone() -> None:
    mw, crawler = middleware(True, [])
    request = Request(f"{HOST}/a.html")
    response = HtmlResponse(request.url, status=412, body=b"Precondition Failed", request=request)
    out = asyncio.run(mw.process_response(request, response))
    assert out is response and request.meta["nianbao_error"].startswith("waf_blocked")
    assert crawler.engine.renders == []
