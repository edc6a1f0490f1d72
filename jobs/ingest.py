"""Archive report files obtained outside the crawler: parse, record as a capture, save."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.capture import Capture
from parsers.errors import ParseError
from storage.archive import Archive


@dataclass(frozen=True)
class IngestOutcome:
    path: Path
    status: str  # inserted (first version of a rendition) | new_version | unchanged | failed
    report_id: int | None = None
    version: int | None = None  # within the rendition
    error: str | None = None
    rendition: str | None = None


def file_capture(path: Path, url: str | None, source: str) -> Capture:
    data = path.read_bytes()
    return Capture(
        source=source,
        url=url or path.resolve().as_uri(),
        final_url=url or path.resolve().as_uri(),
        kind="other",
        status=None,
        fetched_at=datetime.now(UTC),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        extra={"file": str(path)},
    )


def ingest_file(
    archive: Archive,
    path: Path,
    *,
    agency: str | None,
    year: int | None,
    url: str | None,
    source: str = "ingest",
    region: str | None = None,
) -> IngestOutcome:
    """Parse one file and archive it; a parse error is recorded against its capture, not raised."""
    from parsers.report import parse_file  # the parser is imported only where it is used

    capture = file_capture(path, url, source)
    capture_id = archive.record_capture(capture)
    try:
        report = parse_file(path)
    except ParseError as exc:
        archive.record_problem(capture_id, "parse", str(exc))
        return IngestOutcome(path, "failed", error=str(exc))
    result = archive.save_report(
        report,
        url=capture.url,
        source=source,
        capture_id=capture_id,
        agency=agency,
        year=year,
        region=region,
    )
    return IngestOutcome(
        path, result.status, result.report_id, result.version, rendition=result.rendition
    )
