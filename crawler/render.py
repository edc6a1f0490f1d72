"""JavaScript rendering through scrapy-playwright and Debian's chromium.

Three pieces, all configuration entering through `render_settings()` and `from_crawler`:

* `render_settings(chromium_path, user_agent)`: the settings fragment that installs the
  scrapy-playwright download handler, one instance for http and https (`crawler.render_handler`;
  plain requests still go through Scrapy's HTTP/1.1 handler),
  the asyncio reactor, the chromium launch options and the two middlewares (`RenderMiddleware`
  here, `crawler.waf.WafMiddleware`).
* `render_meta()`: the request meta that makes scrapy-playwright render a URL and wait until
  the network is idle (and, optionally, until a list selector has appeared).
* `RenderMiddleware`: a request asks for rendering with meta `nianbao_render` (True/"always",
  "auto" or "never", the source's `render` option). The plain, conditional request always goes
  first; a 304 or an unchanged body is never rendered, and "auto" renders only when the plain
  response `is_js_shell()`. The rendered request carries the plain response in
  `nianbao_plain_response` so the raw bytes can still be archived.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import TYPE_CHECKING, Any, Literal, cast

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod

if TYPE_CHECKING:
    from playwright.async_api import Page
    from playwright.async_api import Request as BrowserRequest
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

PLAYWRIGHT_HANDLER = "crawler.render_handler.SharedPlaywrightHandler"
PLAYWRIGHT_HANDLERS = (
    PLAYWRIGHT_HANDLER,
    "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
)
ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Without the background-networking flags chromium phones home at start and, in a closed
# network, its refused connections slow every launch.
CHROMIUM_ARGS = (
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

META_RENDER = "nianbao_render"  # True: render (after the plain conditional fetch)
META_RENDER_MODE = "nianbao_render_mode"  # the source's option: "auto" / "always" / "never"
META_RENDER_WAIT = "nianbao_render_wait"  # optional CSS selector of the list to wait for
META_KNOWN_SHA256 = "nianbao_known_sha256"  # sha256 of the body archived last time
META_PLAIN_RESPONSE = "nianbao_plain_response"  # the plain response a render replaced
META_RENDERED = "nianbao_rendered"

RenderMode = Literal["always", "auto", "never"]

# Resources a report list never needs; aborting them keeps a render cheap.
SKIPPED_RESOURCES = frozenset({"image", "media", "font", "stylesheet"})
CONDITIONAL_HEADERS = (b"If-None-Match", b"If-Modified-Since")
SETTLE_TIMEOUT_MS = 10_000


def render_settings(
    chromium_path: str, user_agent: str, *, max_pages: int = 4, timeout_ms: int = 30_000
) -> dict[str, Any]:
    """The settings fragment that turns rendering (and WAF challenge passing) on."""
    args = list(CHROMIUM_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")  # chromium refuses to start its sandbox as root
    return {
        "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
        "TWISTED_REACTOR": ASYNCIO_REACTOR,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium_path,
            "headless": True,
            "args": args,
        },
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": max_pages,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": timeout_ms,
        # The browser sends its own headers and cookie jar; the User-Agent is set on the context.
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
        "PLAYWRIGHT_ABORT_REQUEST": "crawler.render.skip_heavy_resource",
        "NIANBAO_RENDER_USER_AGENT": user_agent,
        "DOWNLOADER_MIDDLEWARES": middleware_settings(),
    }


def middleware_settings() -> dict[str, int]:
    """Both sit under RedirectMiddleware (600) and HttpCompression (590): they see final,
    decompressed responses. WAF (580) runs before Render (570) on the way back."""
    return {"crawler.waf.WafMiddleware": 580, "crawler.render.RenderMiddleware": 570}


def rendering_configured(settings: Any) -> bool:
    """True when the playwright handler serves http(s), i.e. a request can be rendered."""
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    return handlers.get("http") in PLAYWRIGHT_HANDLERS


def skip_heavy_resource(request: BrowserRequest) -> bool:
    return request.resource_type in SKIPPED_RESOURCES


async def settle(page: Page, selector: str | None = None) -> None:
    """Wait until the network is idle and for `selector` if given; a page that never idles
    (analytics beacons, long polling) or lacks the selector is taken as it is by then: what the
    list holds is the parser's business, not the renderer's."""
    from playwright.async_api import TimeoutError as BrowserTimeout

    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_TIMEOUT_MS)
        if selector:
            await page.wait_for_selector(selector, timeout=SETTLE_TIMEOUT_MS, state="attached")
    except BrowserTimeout:
        return


def render_meta(user_agent: str | None, selector: str | None = None) -> dict[str, Any]:
    """Meta that makes scrapy-playwright render the request in the shared browser context."""
    context_kwargs: dict[str, Any] = {"ignore_https_errors": True, "java_script_enabled": True}
    if user_agent:
        context_kwargs["user_agent"] = user_agent
    return {
        "playwright": True,
        "playwright_context": "nianbao",
        "playwright_context_kwargs": context_kwargs,
        "playwright_page_methods": [PageMethod(settle, selector)],
        META_RENDERED: True,
    }


def render_mode(meta: dict[str, Any]) -> RenderMode:
    """The request's render mode: `nianbao_render` True forces it, else the source's option
    (`nianbao_render_mode`, or `nianbao_render` given as a string)."""
    forced = meta.get(META_RENDER)
    if forced is True:
        return "always"
    value = meta.get(META_RENDER_MODE) or forced
    if value in ("always", "auto"):
        return cast(RenderMode, value)
    return "never"


# --- what an empty JavaScript shell looks like ------------------------------------------------

JS_REQUIRED = re.compile(
    r"(请|需要|需)(开启|启用|打开|允许)\s*(JavaScript|javascript|JS|js)"
    r"|enable\s+JavaScript|JavaScript\s+(is\s+)?(required|disabled)",
    re.IGNORECASE,
)
LIST_HINT = re.compile(r"list|lb|news|xxgk|gknb|nb|data|content|article|app|root", re.IGNORECASE)
SCRIPT_FILLS = re.compile(
    r"fetch\(|XMLHttpRequest|\$\.(ajax|get|post|getJSON)|axios|dataproxy|innerHTML|appendChild"
    r"|insertAdjacentHTML|createElement|\.html\(|\.append\(|new\s+Vue|createApp|ReactDOM",
)
INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=", re.IGNORECASE)
INVISIBLE = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<head\b.*?</head\s*>",
    re.IGNORECASE | re.DOTALL,
)
TAG = re.compile(r"<[^>]*>")
WHITESPACE = re.compile(r"\s+|&nbsp;")
LINKS = "//a[@href and not(starts-with(normalize-space(@href), 'javascript'))]"
EMPTY_CONTAINERS = "//ul[not(*)] | //ol[not(*)] | //tbody[not(*)] | //div[not(*)]"
TINY_TEXT = 60  # characters of visible text: a title and a notice at most
SHORT_TEXT = 300  # a page this short, with few links and a filling script, is a shell
NOTICE_TEXT = 1000  # below this a "please enable JavaScript" notice means a shell
FEW_LINKS = 5


def is_js_shell(response: Response) -> bool:
    """True when an HTML page needs JavaScript to show its content: almost no text, a
    "please enable JavaScript" notice, or a list container left empty for a script to fill."""
    if not isinstance(response, TextResponse) or not _is_html(response):
        return False
    html = response.text
    scripts = " ".join(INLINE_SCRIPT.findall(html))
    if not scripts.strip() and not EXTERNAL_SCRIPT.search(html):
        return False
    text = rough_text(html)
    if len(text) < TINY_TEXT:
        return True
    if len(text) < NOTICE_TEXT and JS_REQUIRED.search(html):
        return True
    # Only pages whose scripts write into the document need the (costlier) parse below.
    if not SCRIPT_FILLS.search(scripts):
        return False
    return _has_empty_list(response, scripts) or (
        len(text) < SHORT_TEXT and len(response.xpath(LINKS)) < FEW_LINKS
    )


def rough_text(html: str) -> str:
    """Visible text, roughly: scripts, styles, comments and tags removed, no whitespace."""
    return WHITESPACE.sub("", TAG.sub("", INVISIBLE.sub("", html)))


def _has_empty_list(response: TextResponse, scripts: str) -> bool:
    for node in response.xpath(EMPTY_CONTAINERS):
        if node.xpath("normalize-space(string(.))").get():
            continue
        names = node.xpath("@id").getall() + " ".join(node.xpath("@class").getall()).split()
        referenced = any(len(name) > 1 and name in scripts for name in names)
        is_list = node.root.tag in ("ul", "ol", "tbody") or LIST_HINT.search(" ".join(names))
        if referenced and is_list:
            return True
    return False


def _is_html(response: TextResponse) -> bool:
    content_type = response.headers.get(b"Content-Type") or b""
    if content_type and b"html" not in content_type.lower():
        return False
    return b"<script" in response.body or b"<SCRIPT" in response.body


# --- the middleware ---------------------------------------------------------------------------


class RenderMiddleware:
    """Re-issues a request through the browser when its source wants rendering and the plain,
    conditional response changed (always) or is an empty JS shell (auto)."""

    def __init__(self, user_agent: str | None, enabled: bool, stats: StatsCollector) -> None:
        self.user_agent = user_agent
        self.enabled = enabled
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        settings = crawler.settings
        user_agent = settings.get("NIANBAO_RENDER_USER_AGENT") or settings.get("USER_AGENT")
        assert crawler.stats is not None
        return cls(user_agent, rendering_configured(settings), crawler.stats)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("playwright") or "playwright" in response.flags:
            return response
        mode = render_mode(request.meta)
        if mode == "never" or not self._wants_render(mode, request, response):
            return response
        if not self.enabled:
            self.stats.inc_value("nianbao/render/unavailable")
            request.meta["nianbao_error"] = "rendering wanted but no browser is configured"
            return response
        self.stats.inc_value(f"nianbao/render/{mode}")
        return self._render_request(request, response)

    def _wants_render(self, mode: RenderMode, request: Request, response: Response) -> bool:
        if response.status == 304:  # unchanged since the last capture: never re-render
            self.stats.inc_value("nianbao/render/skipped_unchanged")
            return False
        if response.status != 200 or not isinstance(response, TextResponse):
            return False
        known = request.meta.get(META_KNOWN_SHA256)
        if known and hashlib.sha256(response.body).hexdigest() == known:
            self.stats.inc_value("nianbao/render/skipped_unchanged")
            return False
        return mode == "always" or is_js_shell(response)

    def _render_request(self, request: Request, response: Response) -> Request:
        meta = {**request.meta, **render_meta(self.user_agent, request.meta.get(META_RENDER_WAIT))}
        if response.request is None:  # Scrapy ties it only after the middlewares
            response.request = request
        meta[META_PLAIN_RESPONSE] = response
        headers = request.headers.copy()
        for name in CONDITIONAL_HEADERS:
            headers.pop(name, None)
        return request.replace(meta=meta, headers=headers, dont_filter=True)
