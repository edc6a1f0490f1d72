"""What the crawler hands on: one record per HTTP fetch, and the validators it asks for.

The crawler imports neither storage nor parsers. jobs/ composes them: it gives the crawler a
`ValidatorSource` (backed by the archive) and receives `Capture` items to archive and parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

CaptureKind = Literal["entry", "list", "report_page", "attachment", "other"]


@dataclass(frozen=True)
class Validators:
    """What the last fetch of a URL told us, for conditional requests and change detection."""

    etag: str | None
    last_modified: str | None
    sha256: str | None
    fetched_at: datetime | None = None
    # Where that fetch's response record is, when the source knows: a 304 is then replayed from
    # it even if this run's WARC directory has no history.
    warc_file: str | None = None
    warc_offset: int | None = None


@dataclass(frozen=True)
class ListEntry:
    """Metadata a list page shows beside a report link."""

    title: str
    url: str
    date: str | None = None  # ISO date as listed
    agency: str | None = None


@dataclass(frozen=True)
class Capture:
    """One fetch, whether or not it changed anything (a 304 and a timeout are captures too).

    Body bytes are not carried here: they are in the WARC file at `warc_file`/`warc_offset`, byte
    exact, and `sha256` is the hash of the (decoded-transfer, undecoded-charset) body.
    """

    source: str
    url: str
    final_url: str
    kind: CaptureKind
    status: int | None  # None: no HTTP answer (timeout, DNS, refused)
    fetched_at: datetime
    headers: tuple[tuple[str, str], ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int = 0
    content_type: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    warc_length: int | None = None
    rendered: bool = False
    error: str | None = None
    listing: ListEntry | None = None  # the list entry that led here, for report pages/attachments
    parent_url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


class ValidatorSource(Protocol):
    """Gives the crawler what it knows about a URL from earlier runs (None if never fetched)."""

    def validators(self, url: str) -> Validators | None: ...
