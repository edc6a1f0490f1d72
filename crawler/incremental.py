"""Incremental harvests: conditional requests, a slower revisit schedule, replay of 304 pages.

Validators come from a `ValidatorSource` (the archive, composed in jobs/) or, failing that, from
the WARC index of earlier runs. List and entry pages are asked for on every run; report pages and
attachments only when their last fetch is older than the revisit interval. A page that answers
304 is replayed from the WARC record of its last 200, so its links are still followed without
downloading (or rendering) it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.capture import CaptureKind, Validators, ValidatorSource
from crawler.warc import StoredResponse, iter_index, read_response

REVISITED_KINDS: frozenset[CaptureKind] = frozenset({"report_page", "attachment"})


@dataclass(frozen=True)
class KnownPage:
    url: str
    warc_file: str
    offset: int
    etag: str | None
    last_modified: str | None
    sha256: str | None
    fetched_at: datetime | None
    rendered: bool = False
    plain_sha256: str | None = None  # of the plain (unrendered) body, for rendered pages


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class WarcHistory:
    """What earlier runs' WARC indexes say: last good fetch per URL, reports listed per source."""

    pages: dict[str, KnownPage] = field(default_factory=dict)
    # source -> URL -> index line, for URLs that were list entries (not attachments found on them)
    listed: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, warc_dir: Path) -> WarcHistory:
        history = cls()
        for line in iter_index(warc_dir):
            history.add(line)
        return history

    def add(self, line: dict[str, Any]) -> None:
        url = str(line["url"])
        if line.get("plain_of_render"):
            return  # the plain response a render replaced: archived, but not what was parsed
        if line.get("status") == 200:
            # a redirected fetch is known under the URL asked for as well as the final one
            asked = str(line.get("request_url") or url)
            self.pages[url] = self.pages[asked] = KnownPage(
                url,
                str(line["warc_file"]),
                int(line["offset"]),
                line.get("etag"),
                line.get("last_modified"),
                line.get("sha256"),
                _parse_time(line.get("fetched_at")),
                bool(line.get("rendered")),
                line.get("plain_sha256") or line.get("sha256"),
            )
        elif line.get("status") == 304 and url in self.pages:
            fetched = _parse_time(line.get("fetched_at"))
            for key in {url, str(line.get("request_url") or url)}:
                if key in self.pages:
                    self.pages[key] = replace(self.pages[key], fetched_at=fetched)
        listing = line.get("listing") or {}
        if line.get("kind") in REVISITED_KINDS and listing.get("url") == url:
            self.listed.setdefault(str(line.get("source")), {})[url] = line

    def validators(self, url: str) -> Validators | None:
        page = self.pages.get(url)
        if page is None:
            return None
        return Validators(
            page.etag, page.last_modified, page.sha256, page.fetched_at, page.warc_file, page.offset
        )


class IncrementalPolicy:
    """Decides whether to fetch a URL and which conditional headers to send."""

    def __init__(
        self,
        history: WarcHistory,
        validators: ValidatorSource | None = None,
        revisit: timedelta = timedelta(0),
        now: datetime | None = None,
    ) -> None:
        self.history = history
        self.source = validators
        self.revisit = revisit
        self.now = now or datetime.now(UTC)

    def validators(self, url: str) -> Validators | None:
        url = url.split("#", 1)[0]  # the fragment is never sent, nor recorded
        found = self.source.validators(url) if self.source is not None else None
        known = self.history.validators(url)
        if found is None or known is None:
            return found or known
        # a 304 refreshes the WARC index's fetch time; the archive may only count 200s
        times = [t for t in (found.fetched_at, known.fetched_at) if t is not None]
        latest = max(times, key=_aware) if times else None
        return Validators(
            found.etag,
            found.last_modified,
            found.sha256,
            latest,
            found.warc_file or known.warc_file,
            found.warc_offset if found.warc_file else known.warc_offset,
        )

    def due(self, url: str, kind: CaptureKind) -> bool:
        """List pages always; report pages and attachments when older than the revisit interval."""
        if kind not in REVISITED_KINDS:
            return True
        known = self.validators(url)
        if known is None or known.fetched_at is None:
            return True
        return self.now - _aware(known.fetched_at) >= self.revisit

    def conditional_headers(self, url: str) -> dict[str, str]:
        url = url.split("#", 1)[0]
        known = self.validators(url)
        headers: dict[str, str] = {}
        if known is None or self._location(url) is None:
            return headers  # without a stored body a 304 could not be replayed
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return headers

    def known_plain_sha256(self, url: str) -> str | None:
        """sha256 of the last plain body: an unchanged JS shell need not be rendered again."""
        page = self.history.pages.get(url.split("#", 1)[0])
        return page.plain_sha256 if page is not None else None

    def unchanged_render(self, url: str, plain_sha256: str) -> bool:
        """True when the last capture was a render of exactly this plain body."""
        page = self.history.pages.get(url.split("#", 1)[0])
        return page is not None and page.rendered and page.plain_sha256 == plain_sha256

    def _location(self, url: str) -> tuple[str, int] | None:
        page = self.history.pages.get(url)
        if page is not None:
            return page.warc_file, page.offset
        known = self.source.validators(url) if self.source is not None else None
        if known is not None and known.warc_file and known.warc_offset is not None:
            return known.warc_file, known.warc_offset
        return None

    def stored(self, url: str) -> StoredResponse | None:
        location = self._location(url.split("#", 1)[0])
        if location is None:
            return None
        try:
            return read_response(*location)
        except (OSError, ValueError, StopIteration):
            return None
