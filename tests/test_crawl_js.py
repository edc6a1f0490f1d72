"""Real crawls through Debian chromium against the browser-needing replicas (replica/js_sites).

The crawl runs in a child process (a Twisted reactor cannot be restarted) and reports what it
fetched as JSON; the replica's request log tells browser hits from plain ones.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from replica.js_sites import js_sites, serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
FOLLOW = ("政务公开", "年报", "年度报告")


def child_crawl(urls: dict[str, str], chromium: str, out: Path) -> None:
    """Runs in the child: crawl every site with render=auto, write one JSON line per response."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawler.render import META_RENDER, render_settings

    records: list[dict[str, Any]] = []

    class FollowSpider(scrapy.Spider):
        name = "js_follow"
        custom_settings: ClassVar[dict[str, Any]] = {"HTTPERROR_ALLOW_ALL": True}

        async def start(self):  # type: ignore[no-untyped-def]
            for site, url in urls.items():
                yield scrapy.Request(url + "/", meta={META_RENDER: "auto", "site": site})

        def parse(self, response):  # type: ignore[no-untyped-def]
            records.append(
                {
                    "site": response.meta["site"],
                    "url": response.url,
                    "status": response.status,
                    "rendered": "playwright" in response.flags,
                    "flags": list(response.flags),
                    "error": response.meta.get("nianbao_error"),
                }
            )
            if not hasattr(response, "xpath"):
                return
            for link in response.xpath("//a[@href]"):
                text = link.xpath("string(.)").get() or ""
                if any(word in text for word in FOLLOW):
                    yield response.follow(
                        link, meta={META_RENDER: "auto", "site": response.meta["site"]}
                    )

    settings = render_settings(chromium, "nianbao-test/0.1 (+replica)")
    settings.update({"LOG_LEVEL": "INFO", "ROBOTSTXT_OBEY": False, "TELNETCONSOLE_ENABLED": False})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(FollowSpider)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    stats = {k: v for k, v in crawler.stats.get_stats().items() if k.startswith("nianbao/")}
    out.write_text(json.dumps({"records": records, "stats": stats}, ensure_ascii=False))


@pytest.fixture(scope="module")
def crawl(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("crawl_js") / "result.json"
    with serve(js_sites()) as (urls, log):
        proc = subprocess.run(
            [sys.executable, __file__, json.dumps(urls), chromium_path, str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-4000:]
        result = json.loads(out.read_text())
        return result, urls, list(log.hits)


def _records(crawl: Any, site: str) -> list[dict[str, Any]]:
    return [r for r in crawl[0]["records"] if r["site"] == site]


def test_js_list_yields_exactly_its_reports(crawl: Any) -> None:
    base = crawl[1]["jslist"]
    found = {r["url"] for r in _records(crawl, "jslist") if "/xxgk/gknb/2024" in r["url"]}
    expected = {base + f"/xxgk/gknb/202401/t20240120_{i}.html" for i in range(1001, 1005)}
    assert found == expected


def test_js_list_is_the_only_page_rendered(crawl: Any) -> None:
    rendered = [r["url"] for r in _records(crawl, "jslist") if r["rendered"]]
    assert rendered == [crawl[1]["jslist"] + "/xxgk/gknb/index.html"]


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_yields_its_reports(crawl: Any, site: str) -> None:
    ok = {r["url"] for r in _records(crawl, site) if r["status"] == 200 and "/t2024" in r["url"]}
    assert len(ok) == 3


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_rendered_once(crawl: Any, site: str) -> None:
    challenged_browser_hits = [
        h for h in crawl[2] if h.site == site and h.browser and h.status in (307, 412)
    ]
    assert len(challenged_browser_hits) == 1


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_pages_fetched_plainly_with_cookie(crawl: Any, site: str) -> None:
    plain_reports = [h for h in crawl[2] if h.site == site and not h.browser and "/t2024" in h.path]
    assert plain_reports and all(h.status == 200 and h.cookie for h in plain_reports)


def test_unpassable_challenge_is_an_error_capture(crawl: Any) -> None:
    records = _records(crawl, "blocked")
    assert [(r["status"], "waf_blocked" in r["flags"]) for r in records] == [(412, True)]
    assert records[0]["error"].startswith("waf_blocked (ruishu)")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    child_crawl(json.loads(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
