"""One scrapy-playwright download handler for http and https alike.

Scrapy builds one handler per scheme, and each scrapy-playwright handler starts its own playwright
driver (~120 MiB of node) and, once it renders, its own chromium. Sharing the instance halves
that and keeps one browser context, so cookies a WAF challenge gave the browser over http are
there over https too. Kept apart from crawler/render.py so that importing the middlewares does
not import playwright.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

_SHARED: weakref.WeakKeyDictionary[Any, SharedPlaywrightHandler] = weakref.WeakKeyDictionary()


class SharedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):  # type: ignore[misc]
    """The scheme handlers of one crawler are this one object; it closes once."""

    _closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPlaywrightHandler:
        handler = _SHARED.get(crawler)
        if handler is None:
            handler = cls(crawler)
            _SHARED[crawler] = handler
        return handler

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        await super().close()
