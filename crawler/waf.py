"""Passing WAF challenges: render once per host in the browser, then crawl plainly with its cookies.

Two kinds are recognised (see `challenge_kind`):

* 瑞数 (Riversecurity): HTTP 412 with a `$_ts` script that computes cookies and reloads.
* 网宿 WZWS: a 307 to (or a 200 of) a "请开启JavaScript并刷新该页" page whose script sets
  `wzws_cid` and goes back to the page asked for.

On a challenge, `WafMiddleware` renders the original URL once in chromium (one render per host
at a time; later challenged responses for that host wait for it), reads the browser's cookies,
and re-issues the original request plainly with them; Scrapy's cookie jar then keeps them for
every later request to that host. A challenge that cannot be passed is returned as it is, flagged
`waf_blocked` with `meta["nianbao_error"]` set: a blocked capture, never a removal. A 412 is never
"gone".

Bounds: NIANBAO_WAF_MAX_RENDERS browser renders per host per crawl (default 3; cookies that stop
working are renewed by another render) and NIANBAO_WAF_MAX_ATTEMPTS plain retries per request
(default 2).
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy_playwright.page import PageMethod

from crawler.render import render_meta, rendering_configured

if TYPE_CHECKING:
    from playwright.async_api import Page
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

ChallengeKind = Literal["ruishu", "wzws"]

META_WAF_RENDER = "nianbao_waf_render"  # the browser request that passes a challenge
META_WAF_ATTEMPTS = "nianbao_waf_attempts"  # plain retries with browser cookies so far
META_WAF_GENERATION = "nianbao_waf_generation"  # which cookie set a retry carried
META_ERROR = "nianbao_error"
BLOCKED_FLAG = "waf_blocked"

WZWS_NOTICE = "请开启JavaScript并刷新该页"
WZWS_MARKERS = re.compile(
    b"|".join(
        [rb"wzws_cid", rb"wzwschallenge", rb"WZWSREL"]
        + [re.escape(WZWS_NOTICE.encode(codec)) for codec in ("utf-8", "gb18030")]
    )
)
RUISHU_MARKERS = re.compile(rb"\$_ts|<script", re.IGNORECASE)
SETTLE_ROUNDS = 20
# Status of the page's latest navigation (Navigation Timing Level 2, chromium 109+).
NAVIGATION_STATUS = "(performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0"
CHALLENGE_STATUSES = (202, 412)
SETTLE_PAUSE_MS = 250
REDIRECT_META = ("redirect_urls", "redirect_reasons", "redirect_times", "redirect_ttl")


class WafBlockedError(Exception):
    """A challenge the browser could not pass; the capture is kept with this as its error."""


def challenge_kind(response: Response) -> ChallengeKind | None:
    """Which WAF challenge a response is, if any."""
    head = response.body[:65536]
    if response.status == 412 and RUISHU_MARKERS.search(head):
        return "ruishu"
    if response.status == 202 and b"$_ts" in head:  # newer 瑞数 versions answer 202
        return "ruishu"
    if response.status in (200, 202, 307, 403) and WZWS_MARKERS.search(head):
        return "wzws"
    location = response.headers.get(b"Location") or b""
    if response.status == 307 and b"wzws" in location.lower():
        return "wzws"
    return None


async def pass_challenge(page: Page) -> list[dict[str, Any]]:
    """Let the challenge script run (it sets cookies and reloads), then hand back the cookies.

    Passed means the page's latest navigation was not answered with a challenge status and does
    not show the WZWS notice (瑞数 keeps its `$_ts` script in ordinary pages, so that is no sign).
    """
    for _ in range(SETTLE_ROUNDS):
        try:
            await page.wait_for_load_state("networkidle", timeout=5_000)
            status = await page.evaluate(NAVIGATION_STATUS)
            html = (await page.content()).encode()
        except Exception:  # the page navigated while we looked: look again
            await page.wait_for_timeout(SETTLE_PAUSE_MS)
            continue
        if status not in CHALLENGE_STATUSES and not WZWS_MARKERS.search(html):
            break
        await page.wait_for_timeout(SETTLE_PAUSE_MS)
    cookies = await page.context.cookies(page.url)
    return [dict(cookie) for cookie in cookies]


def scrapy_cookies(browser_cookies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Browser cookies as Scrapy `Request.cookies`; host-only cookies stay host-only."""
    out = []
    for cookie in browser_cookies:
        item: dict[str, Any] = {
            "name": cookie["name"],
            "value": cookie["value"],
            "path": cookie.get("path") or "/",
        }
        if str(cookie.get("domain", "")).startswith("."):
            item["domain"] = cookie["domain"]
        out.append(item)
    return out


class WafMiddleware:
    """Downloader middleware: challenged response → one browser render per host → plain retry."""

    def __init__(
        self,
        crawler: Crawler,
        user_agent: str | None,
        *,
        can_render: bool,
        max_renders: int,
        max_attempts: int,
    ) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self.can_render = can_render
        self.max_renders = max_renders
        self.max_attempts = max_attempts
        self.cookies: dict[str, list[dict[str, Any]]] = {}
        self.generation: dict[str, int] = defaultdict(int)
        self.locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WafMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            settings.get("NIANBAO_RENDER_USER_AGENT") or settings.get("USER_AGENT"),
            can_render=rendering_configured(settings),
            max_renders=settings.getint("NIANBAO_WAF_MAX_RENDERS", 3),
            max_attempts=settings.getint("NIANBAO_WAF_MAX_ATTEMPTS", 2),
        )

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get(META_WAF_RENDER):
            return response
        kind = challenge_kind(response)
        if kind is None:
            if response.status == 412:  # a WAF we do not know: blocked, never "gone"
                request.meta[META_ERROR] = "waf_blocked: HTTP 412 without a challenge script"
            return response
        self.stats.inc_value(f"nianbao/waf/challenge/{kind}")
        try:
            return await self._pass(request, kind)
        except WafBlockedError as err:
            return self._blocked(request, response, kind, str(err))

    async def _pass(self, request: Request, kind: ChallengeKind) -> Request:
        origin = original_request(request)
        host = urlparse_cached(origin).hostname or ""
        attempts = int(request.meta.get(META_WAF_ATTEMPTS, 0))
        if attempts >= self.max_attempts:
            raise WafBlockedError(f"still challenged after {attempts} retries with browser cookies")
        async with self.locks[host]:
            stale = request.meta.get(META_WAF_GENERATION) == self.generation[host]
            if host not in self.cookies or stale:
                self.cookies[host] = await self._render(origin, host, kind)
                self.generation[host] += 1
        self.stats.inc_value("nianbao/waf/retried")
        meta = {k: v for k, v in origin.meta.items() if k not in REDIRECT_META}
        meta[META_WAF_ATTEMPTS] = attempts + 1
        meta[META_WAF_GENERATION] = self.generation[host]
        return origin.replace(
            cookies=scrapy_cookies(self.cookies[host]), meta=meta, dont_filter=True
        )

    async def _render(
        self, origin: Request, host: str, kind: ChallengeKind
    ) -> list[dict[str, Any]]:
        if not self.can_render:
            raise WafBlockedError("no browser configured to pass the challenge")
        renders = self.stats.get_value(f"nianbao/waf/render/{host}", 0)
        if renders >= self.max_renders:
            raise WafBlockedError(f"challenge not passed after {renders} browser renders")
        self.stats.inc_value(f"nianbao/waf/render/{host}")
        self.stats.inc_value("nianbao/waf/render")
        meta = render_meta(self.user_agent)
        meta["playwright_page_methods"] = [PageMethod(pass_challenge)]
        meta[META_WAF_RENDER] = kind
        # The URL may be robots.txt itself, which RobotsTxtMiddleware is waiting for: asking it
        # again would wait on ourselves.
        meta["dont_obey_robotstxt"] = True
        browser_request = Request(
            origin.url, meta=meta, dont_filter=True, priority=origin.priority + 10
        )
        assert self.crawler.engine is not None
        try:
            await self.crawler.engine.download_async(browser_request)
        except Exception as err:
            raise WafBlockedError(f"browser render failed: {err!r}") from err
        cookies: list[dict[str, Any]] = meta["playwright_page_methods"][0].result or []
        if not cookies:
            raise WafBlockedError("the browser got no cookies from the challenge")
        return cookies

    def _blocked(
        self, request: Request, response: Response, kind: ChallengeKind, reason: str
    ) -> Response:
        self.stats.inc_value("nianbao/waf/blocked")
        request.meta[META_ERROR] = f"waf_blocked ({kind}): {reason}"
        return response.replace(flags=[*response.flags, BLOCKED_FLAG])


def original_request(request: Request) -> Request:
    """The request before any redirect to a challenge page."""
    urls = request.meta.get("redirect_urls")
    if urls:
        return request.replace(url=urls[0])
    return request
