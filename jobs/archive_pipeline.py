"""The Scrapy item pipeline that archives captures: jobs/ composes crawler, parser and storage.

Every `Capture` is recorded; a 200 report page or attachment is read back from its WARC record,
parsed and saved as a report version; a parse error is recorded against the capture; a report
that is gone (404/410, meta refresh to its column) becomes a removal event. Counts per source go
to the spider's `Tally`, which `jobs.harvest` turns into the run's result.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import IO, Any, Protocol

from crawler.capture import Capture
from crawler.sources import Source
from crawler.warc import read_record
from jobs.harvest import SourceTally

PARSED_KINDS = ("report_page", "attachment")


@dataclass
class Tally:
    sources: dict[str, SourceTally] = field(default_factory=dict)

    def of(self, name: str) -> SourceTally:
        return self.sources.setdefault(name, SourceTally())

    def count_capture(self, capture: Capture) -> None:
        counts = self.of(capture.source)
        counts.captures += 1
        counts.bytes += capture.size
        counts.lists += capture.kind == "list"
        counts.not_modified += capture.status == 304
        counts.errors += capture.status is None or capture.status >= 400
        counts.removed += "gone" in capture.extra

    def to_dict(self) -> dict[str, Any]:
        return {name: asdict(t) for name, t in self.sources.items()}


class ArchiveLike(Protocol):
    def ensure_source(
        self, name: str, url: str, region: str | None = None, level: str | None = None
    ) -> int: ...
    def record_capture(self, capture: Any) -> int: ...
    def save_report(self, report: Any, **kwargs: Any) -> Any: ...
    def record_problem(self, capture_id: int, stage: str, message: str) -> None: ...
    def mark_removed(self, url: str, when: Any, reason: str) -> bool: ...


def capture_json(capture: Capture) -> str:
    data = asdict(capture)
    data["fetched_at"] = capture.fetched_at.isoformat()
    return json.dumps(data, ensure_ascii=False)


class ArchivePipeline:
    """Records captures in the archive (when the spider has one) and in an optional JSONL log."""

    crawler: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivePipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        self.entry_capture: dict[str, int] = {}
        self.parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nianbao-parse")
        spider = spider or self.crawler.spider
        self.spider = spider
        self.archive: ArchiveLike | None = getattr(spider, "archive", None)
        self.tally: Tally = getattr(spider, "tally", None) or Tally()
        log_path = getattr(spider, "capture_log", None)
        self.log: IO[str] | None = None
        if log_path:  # open for the whole crawl, closed in close_spider
            self.log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115
        sources: Iterable[Source] = getattr(spider, "sources", {}).values()
        for source in sources:
            self.tally.of(source.name)
            if self.archive is not None:
                self.archive.ensure_source(source.name, source.url, source.region, source.level)

    def close_spider(self, spider: Any = None) -> None:
        self.parser.shutdown(wait=True)
        if self.log is not None:
            self.log.close()
        if self.archive is not None:
            self.record_empty_sources(self.archive)

    def record_empty_sources(self, archive: ArchiveLike) -> None:
        """A source where no report was found is a failed harvest: say so on its entry capture."""
        found: dict[str, Any] = getattr(self.spider, "found", {})
        for name, capture_id in self.entry_capture.items():
            if not found.get(name):
                archive.record_problem(capture_id, "harvest", "no annual report found")

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Capture):
            return item
        self.tally.count_capture(item)
        if self.log is not None:
            self.log.write(capture_json(item) + "\n")
            self.log.flush()
        if self.archive is not None:
            await self.archive_capture(self.archive, item)
        return item

    async def archive_capture(self, archive: ArchiveLike, capture: Capture) -> None:
        capture_id = archive.record_capture(capture)
        if capture.kind == "entry":
            self.entry_capture.setdefault(capture.source, capture_id)
        if capture.extra.get("gone"):
            archive.mark_removed(capture.url, capture.fetched_at, capture.extra["gone"])
            return
        if capture.kind not in PARSED_KINDS or capture.status != 200 or not capture.warc_file:
            return
        assert capture.warc_offset is not None
        # Parsing (a long PDF) runs in one worker thread so that downloads go on (one: PDFium is
        # not thread-safe); the archive is written from the reactor thread only.
        job = self.parser.submit(parse_capture, capture.warc_file, capture.warc_offset, capture.url)
        parsed = await asyncio.wrap_future(job)
        status = self.save(archive, capture, capture_id, parsed)
        counts = self.tally.of(capture.source)
        if status in ("inserted", "new_version", "unchanged"):
            setattr(counts, status, getattr(counts, status) + 1)
        else:
            counts.problems += 1

    def save(self, archive: ArchiveLike, capture: Capture, capture_id: int, parsed: Any) -> str:
        if isinstance(parsed, str):
            archive.record_problem(capture_id, "parse", parsed)
            return "problem"
        listing = capture.listing
        source = self.spider.sources.get(capture.source) if self.spider is not None else None
        result = archive.save_report(
            parsed,
            url=capture.url,
            source=capture.source,
            capture_id=capture_id,
            agency=listing.agency if listing else None,
            year=_year(listing.title) if listing else None,
            region=source.region if source else None,
        )
        return str(result.status)


def parse_capture(warc_file: str, offset: int, url: str) -> Any:
    """The parsed report of a captured body, or the parse error's message."""
    from parsers.errors import ParseError
    from parsers.report import parse_bytes

    data = read_record(warc_file, offset)
    try:
        return parse_bytes(data, source=url)
    except ParseError as exc:
        return str(exc)
    except Exception as exc:  # a parser bug must not stop the harvest; it is recorded
        return f"{type(exc).__name__}: {exc}"


def _year(title: str) -> int | None:
    from crawler.reports import report_year

    return report_year(title)
