"""Scrapy settings for nianbao's harvester: polite by default, everything overridable.

`harvest_settings()` layers the run's values (User-Agent with contact, WARC directory, revisit
interval) over these defaults (objects such as the validator source are spider arguments, since
Scrapy deep-copies settings); jobs/harvest.py calls it. The JS/WAF layer
plugs in through DOWNLOADER_MIDDLEWARES and DOWNLOAD_HANDLERS below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spider"]
NEWSPIDER_MODULE = "crawler.spider"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; research archive)"
LOG_LEVEL = "INFO"

# --- politeness -------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True  # a source may opt out: its requests carry meta dont_obey_robotstxt
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NIANBAO_RETRY_BACKOFF_BASE = 2.0  # seconds; doubled at each retry
NIANBAO_RETRY_BACKOFF_MAX = 60.0
COOKIES_ENABLED = True  # WAF cookies (瑞数, WZWS) must persist across a source's requests

# --- responses --------------------------------------------------------------------------------
HTTPERROR_ALLOW_ALL = True  # 304/404/500 reach the spider, which records them as captures
HTTPCACHE_ENABLED = False  # conditional requests are ours (crawler/incremental.py)
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
REDIRECT_ENABLED = True
METAREFRESH_ENABLED = False  # a meta refresh to the parent directory means "removed": we look

# --- downloader pipeline: the JS/WAF layer registers here --------------------------------------
# crawler/waf.py (challenge pages: 瑞数 412, WZWS 307) and crawler/render.py (scrapy-playwright for
# requests with meta {"nianbao_render": True}) add their entries to these two dicts.
DOWNLOADER_MIDDLEWARES: dict[str, int | None] = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.politeness.BackoffRetryMiddleware": 550,
    # Installed even without a browser, so a challenge or a JS shell is recorded as such.
    "crawler.waf.WafMiddleware": 580,
    "crawler.render.RenderMiddleware": 570,
}
DOWNLOAD_HANDLERS: dict[str, str] = {}  # crawler.render.render_settings() sets the playwright one

# --- nianbao ---------------------------------------------------------------------------------
NIANBAO_WARC_DIR = "warc"
# Report pages and attachments already archived are asked for again (conditionally: a 304 costs
# headers only) when their last fetch is older than this. 0 = every run, which is what catches
# silent corrections at once; large portals on a daily schedule may use 7 to send fewer requests.
NIANBAO_REVISIT_DAYS = 0.0
NIANBAO_DISCOVERY_DEPTH = 3  # root -> 政务公开 -> 信息公开目录 -> column
NIANBAO_SUBCOLUMN_DEPTH = 2  # column -> by year -> by kind of agency


def defaults() -> dict[str, Any]:
    """Every setting of this module, as a dict (upper-case names only)."""
    return {k: v for k, v in globals().items() if k.isupper()}


def harvest_settings(
    *,
    user_agent: str,
    warc_dir: Path,
    revisit_days: float = NIANBAO_REVISIT_DAYS,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The settings of one harvest: defaults, the run's values, then explicit overrides."""
    settings = defaults()
    settings.update(
        USER_AGENT=user_agent,
        NIANBAO_WARC_DIR=str(warc_dir),
        NIANBAO_REVISIT_DAYS=revisit_days,
    )
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(settings.get(key), dict):
            settings[key] = {**settings[key], **value}
        else:
            settings[key] = value
    return settings
