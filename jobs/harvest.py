"""Harvest: run the crawler over sources into the archive, and say how it went.

`harvest()` runs one Scrapy crawl in this process (a Twisted reactor cannot be restarted, so call
it once per process); `run_harvest_subprocess()` runs it in a child Python process, which is what
tests and schedulers that harvest more than once use. An empty harvest (a source with no report
found) is a failed run: recorded in the result, and a non-zero exit for the CLI.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crawler.sources import Source

REPO = Path(__file__).resolve().parent.parent


@dataclass
class SourceTally:
    """What a crawl did for one source, counted as it goes."""

    lists: int = 0
    reports: int = 0  # distinct report entries listed
    captures: int = 0
    inserted: int = 0
    new_version: int = 0
    unchanged: int = 0
    not_modified: int = 0
    removed: int = 0
    errors: int = 0  # failed fetches (no answer or status >= 400)
    problems: int = 0  # parse errors
    bytes: int = 0


@dataclass(kw_only=True)
class SourceResult(SourceTally):
    name: str
    found: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.reports == 0


@dataclass
class HarvestResult:
    sources: list[SourceResult]
    warc_dir: str
    captures_log: str | None = None

    @property
    def failed(self) -> list[str]:
        return [s.name for s in self.sources if s.failed]

    @property
    def ok(self) -> bool:
        return bool(self.sources) and not self.failed

    def total(self, key: str) -> int:
        return sum(int(getattr(s, key)) for s in self.sources)

    def source(self, name: str) -> SourceResult:
        return next(s for s in self.sources if s.name == name)

    # run totals, by the names the issue uses
    @property
    def pages(self) -> int:
        return self.total("lists")

    @property
    def reports(self) -> int:
        return self.total("reports")

    @property
    def captures(self) -> int:
        return self.total("captures")

    @property
    def inserted(self) -> int:
        return self.total("inserted")

    @property
    def new_version(self) -> int:
        return self.total("new_version")

    @property
    def unchanged(self) -> int:
        return self.total("unchanged")

    @property
    def problems(self) -> int:
        return self.total("problems") + self.total("errors")

    @property
    def bytes_downloaded(self) -> int:
        return self.total("bytes")

    @property
    def found(self) -> set[str]:
        """Every report URL listed, over all sources."""
        return {url for s in self.sources for url in s.found}

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": [asdict(s) for s in self.sources],
            "warc_dir": self.warc_dir,
            "captures_log": self.captures_log,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HarvestResult:
        return cls(
            [SourceResult(**s) for s in data["sources"]], data["warc_dir"], data.get("captures_log")
        )


def crawl_settings(
    warc_dir: Path,
    revisit_days: float,
    obey_robots: bool,
    render: bool,
    overrides: dict[str, Any] | None,
) -> dict[str, Any]:
    from crawler.settings import harvest_settings
    from jobs.settings import load_settings

    env = load_settings()
    extra: dict[str, Any] = {
        "ROBOTSTXT_OBEY": obey_robots,
        "ITEM_PIPELINES": {"jobs.archive_pipeline.ArchivePipeline": 300},
        "LOG_INSTALL_ROOT_HANDLER": False,
    }
    if render and env.chromium_path:
        from crawler.render import render_settings

        extra.update(render_settings(env.chromium_path, env.user_agent))
    extra.update(overrides or {})
    return harvest_settings(
        user_agent=env.user_agent, warc_dir=warc_dir, revisit_days=revisit_days, overrides=extra
    )


def harvest(
    sources: list[Source],
    db_url: str | None,
    warc_dir: Path,
    *,
    revisit_days: float = 0.0,
    obey_robots: bool = True,
    render: bool = True,
    captures_log: Path | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> HarvestResult:
    """One crawl of `sources` into the archive at `db_url` (None: WARC and capture log only)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spider import AnnualReportSpider
    from jobs.archive_pipeline import Tally

    archive = None
    if db_url is not None:
        from storage.archive import Archive

        archive = Archive(db_url)
    tally = Tally()
    settings = crawl_settings(Path(warc_dir), revisit_days, obey_robots, render, settings_overrides)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(AnnualReportSpider)
    process.crawl(
        crawler,
        sources=sources,
        validators=archive,
        archive=archive,
        tally=tally,
        capture_log=str(captures_log) if captures_log else None,
    )
    try:
        process.start()
    finally:
        if archive is not None:
            archive.close()
    spider = crawler.spider
    assert isinstance(spider, AnnualReportSpider)
    results = []
    for source in sources:
        counts = tally.of(source.name)
        found = sorted(spider.found.get(source.name, {}))
        results.append(
            SourceResult(name=source.name, **{**asdict(counts), "reports": len(found)}, found=found)
        )
    result = HarvestResult(results, str(warc_dir), str(captures_log) if captures_log else None)
    record_run(result, Path(warc_dir), spider.warc.run_id)
    return result


def record_run(result: HarvestResult, warc_dir: Path, run_id: str) -> Path:
    """Keep the run's result beside its WARC files (an empty harvest is recorded as failed)."""
    runs = warc_dir / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{run_id}.json"
    data = {"run_id": run_id, "ok": result.ok, "failed": result.failed, **result.to_dict()}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_harvest_subprocess(
    sources: list[Source],
    db_url: str | None,
    warc_dir: Path,
    *,
    timeout: float = 600,
    **options: Any,
) -> HarvestResult:
    """`harvest()` in a child Python process (a fresh reactor each time); same arguments."""
    with tempfile.TemporaryDirectory(prefix="nianbao-harvest-") as tmp:
        spec = Path(tmp) / "spec.json"
        out = Path(tmp) / "result.json"
        if options.get("captures_log") is not None:
            options["captures_log"] = str(options["captures_log"])
        spec.write_text(
            json.dumps(
                {
                    "sources": [s.to_dict() for s in sources],
                    "db_url": db_url,
                    "warc_dir": str(warc_dir),
                    "options": options,
                    "out": str(out),
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        proc = subprocess.run(
            [sys.executable, "-m", "jobs.harvest", str(spec)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"harvest child failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        return HarvestResult.from_dict(json.loads(out.read_text(encoding="utf-8")))


def _child(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    options = dict(spec["options"])
    if options.get("captures_log"):
        options["captures_log"] = Path(options["captures_log"])
    result = harvest(
        [Source.from_dict(s) for s in spec["sources"]],
        spec["db_url"],
        Path(spec["warc_dir"]),
        **options,
    )
    Path(spec["out"]).write_text(json.dumps(result.to_dict(), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    _child(sys.argv[1])
