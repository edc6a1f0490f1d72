"""Running real harvests (in child processes) against the replica portals, for the crawl tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.sources import Source
from jobs.harvest import HarvestResult, run_harvest_subprocess
from replica.portals import Portal
from replica.server import Log

# Short timeouts and no politeness delays: the replicas are local and fast.
FAST: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 6,  # generous: a loaded 2-core CI box must not time out a fast page
    "RETRY_TIMES": 1,
    "NIANBAO_RETRY_BACKOFF_BASE": 0.05,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def start_url(portal: Portal, base: str) -> str:
    """The fragile portal starts at its 年报 column; the others at their root."""
    column = getattr(portal, "column", "/")
    return base + (column if portal.name == "fragile" else "/")


@dataclass
class Run:
    result: HarvestResult
    captures: list[dict[str, Any]]
    hits_before: int
    hits_after: int

    def of(self, source: str) -> list[dict[str, Any]]:
        return [c for c in self.captures if c["source"] == source]

    def found(self, source: str) -> set[str]:
        return next(set(s.found) for s in self.result.sources if s.name == source)


def harvest_run(
    portals: list[Portal],
    urls: dict[str, str],
    log: Log,
    tmp: Path,
    label: str,
    db_url: str | None = None,
    sources: list[Source] | None = None,
    **options: Any,
) -> Run:
    sources = sources or [Source(p.name, start_url(p, urls[p.name])) for p in portals]
    captures_log = tmp / f"captures-{label}.jsonl"
    before = len(log.snapshot())
    options.setdefault("render", False)
    options.setdefault("settings_overrides", FAST)
    result = run_harvest_subprocess(
        sources, db_url, tmp / "warc", captures_log=captures_log, **options
    )
    lines = captures_log.read_text(encoding="utf-8").splitlines() if captures_log.exists() else []
    return Run(result, [json.loads(line) for line in lines], before, len(log.snapshot()))
