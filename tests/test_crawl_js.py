"""Real harvests through Debian chromium against the browser-needing replicas (replica/js_sites).

Each harvest is `jobs.harvest.run_harvest_subprocess` (a child process: a Twisted reactor cannot
be restarted) with the production settings and render layer; the sites' own request logs tell
browser hits from plain ones.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from replica.js_sites import Portal, js_sites
from replica.server import serve

from crawler.sources import Source
from jobs.harvest import HarvestResult, run_harvest_subprocess

pytestmark = pytest.mark.browser

FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "INFO"}
REPORTS = "/xxgk/gknb/202401/"


@dataclass
class Run:
    result: HarvestResult
    captures: list[dict[str, Any]]
    sites: dict[str, Portal]
    urls: dict[str, str]
    second: HarvestResult | None = None
    second_jslist_hits: list[Any] | None = None

    def of(self, site: str) -> list[dict[str, Any]]:
        return [c for c in self.captures if c["source"] == site]

    def found(self, site: str) -> set[str]:
        return {f for s in self.result.sources if s.name == site for f in s.found}


def harvest(sources: list[Source], warc: Path, log: Path) -> HarvestResult:
    return run_harvest_subprocess(
        sources, None, warc, timeout=300, captures_log=log, settings_overrides=FAST
    )


@pytest.fixture(scope="module")
def run(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    tmp = tmp_path_factory.mktemp("crawl_js")
    before = os.environ.get("NIANBAO_CHROMIUM")
    os.environ["NIANBAO_CHROMIUM"] = chromium_path
    sites = {site.name: site for site in js_sites()}
    try:
        with serve(list(sites.values()), first_address=41) as (urls, _log):
            sources = [Source(name, urls[name] + "/", render="auto") for name in sites]
            result = harvest(sources, tmp / "warc", tmp / "captures.jsonl")
            captures = [json.loads(line) for line in (tmp / "captures.jsonl").open()]
            out = Run(result, captures, sites, urls)
            # A second harvest of the JS list: the column answers 304 and is not rendered again.
            first_hits = len(sites["jslist"].hits)
            out.second = harvest(sources[:1], tmp / "warc", tmp / "captures2.jsonl")
            out.second_jslist_hits = sites["jslist"].hits[first_hits:]
            yield out
    finally:
        if before is None:
            os.environ.pop("NIANBAO_CHROMIUM", None)
        else:
            os.environ["NIANBAO_CHROMIUM"] = before


def expected_reports(run: Run, site: str) -> set[str]:
    portal = run.sites[site]
    return {run.urls[site] + path for path in portal.report_paths()}


def test_js_list_yields_exactly_its_reports(run: Run) -> None:
    assert run.found("jslist") == expected_reports(run, "jslist")


def test_js_list_that_never_idles_yields_its_reports(run: Run) -> None:
    assert run.found("busy") == expected_reports(run, "busy")


def test_js_list_column_is_the_only_page_rendered(run: Run) -> None:
    rendered = [c["url"] for c in run.of("jslist") if c["rendered"]]
    assert rendered == [run.urls["jslist"] + "/xxgk/gknb/index.html"]


def test_js_list_column_rendered_by_one_browser_visit(run: Run) -> None:
    browser = [h.path for h in run.sites["jslist"].hits if h.browser and h.path.endswith(".html")]
    assert browser == ["/xxgk/gknb/index.html"]


def test_unchanged_js_list_is_not_rendered_again(run: Run) -> None:
    assert run.second_jslist_hits is not None
    assert [h for h in run.second_jslist_hits if h.browser] == []


def test_unchanged_js_list_still_yields_its_reports(run: Run) -> None:
    assert run.second is not None
    assert set(run.second.sources[0].found) == expected_reports(run, "jslist")


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_yields_its_reports(run: Run, site: str) -> None:
    assert run.found(site) == expected_reports(run, site)


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_report_pages_captured_with_200(run: Run, site: str) -> None:
    pages = {c["url"]: c["status"] for c in run.of(site) if REPORTS in c["url"]}
    assert pages == dict.fromkeys(expected_reports(run, site), 200)


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_challenge_rendered_once(run: Run, site: str) -> None:
    challenged = [h for h in run.sites[site].hits if h.browser and h.status in (307, 412)]
    assert len(challenged) == 1


@pytest.mark.parametrize("site", ["ruishu", "wzws"])
def test_waf_site_reports_fetched_plainly_with_the_cookie(run: Run, site: str) -> None:
    plain = [h for h in run.sites[site].hits if not h.browser and h.path.startswith(REPORTS)]
    assert plain and all(h.status == 200 and h.cookie for h in plain)


def test_unpassable_challenge_is_an_error_capture_not_a_removal(run: Run) -> None:
    entry = [c for c in run.of("blocked") if c["kind"] == "entry"]
    assert [(c["status"], (c["error"] or "")[:21], c["extra"].get("gone")) for c in entry] == [
        (412, "waf_blocked (ruishu):", None)
    ]
