"""The raw archive: every response byte-exact in gzip WARC files, and a way back to the bytes.

One WARC file per run per source. Each response record is preceded by its request record. The
writer returns where the response record lives (file, offset, length), which the capture keeps,
and appends a line to a small JSON index beside the WARC (`<file>.idx.jsonl`) so the next run
knows each URL's validators and can replay a page that answered 304.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

INDEX_SUFFIX = ".idx.jsonl"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class WarcLocation:
    file: str
    offset: int
    length: int


@dataclass(frozen=True)
class StoredResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def safe_name(name: str) -> str:
    return _UNSAFE.sub("_", name).strip("_") or "source"


class RunWarcWriter:
    """Writes one run's WARC files (one per source) under `warc_dir/<source>/`."""

    def __init__(self, warc_dir: Path, run_id: str | None = None) -> None:
        self.warc_dir = Path(warc_dir)
        self.run_id = run_id or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        self._files: dict[str, tuple[IO[bytes], IO[str], WARCWriter, Path]] = {}

    def _open(self, source: str) -> tuple[IO[bytes], IO[str], WARCWriter, Path]:
        if source not in self._files:
            folder = self.warc_dir / safe_name(source)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{safe_name(source)}-{self.run_id}.warc.gz"
            raw = path.open("ab")  # both files stay open for the run; close() closes them
            index = Path(str(path) + INDEX_SUFFIX).open("a", encoding="utf-8")  # noqa: SIM115
            writer = WARCWriter(raw, gzip=True)
            if raw.tell() == 0:
                info = {
                    "software": "nianbao (Scrapy, warcio)",
                    "source": source,
                    "run": self.run_id,
                    "format": "WARC File Format 1.1",
                }
                writer.write_record(writer.create_warcinfo_record(path.name, info))
            self._files[source] = (raw, index, writer, path)
        return self._files[source]

    def write(
        self,
        source: str,
        *,
        url: str,
        method: str,
        request_headers: list[tuple[str, str]],
        request_body: bytes,
        status: int,
        reason: str,
        headers: list[tuple[str, str]],
        body: bytes,
        index: dict[str, Any],
    ) -> WarcLocation:
        """Write a request and its response; return where the response record is."""
        raw, index_file, writer, path = self._open(source)
        target = url.split("#", 1)[0]
        req_head = StatusAndHeaders(
            f"{method} {target} HTTP/1.1", request_headers, is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                target, "request", payload=BytesIO(request_body), http_headers=req_head
            )
        )
        # The body is stored decoded from gzip/br transfer coding, so those headers are dropped.
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        resp_head = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol="HTTP/1.1")
        offset = raw.tell()
        writer.write_record(
            writer.create_warc_record(
                target, "response", payload=BytesIO(body), http_headers=resp_head
            )
        )
        raw.flush()
        location = WarcLocation(str(path), offset, raw.tell() - offset)
        line = {"url": url, "offset": offset, "length": location.length, "status": status, **index}
        index_file.write(json.dumps(line, ensure_ascii=False) + "\n")
        index_file.flush()
        return location

    def close(self) -> None:
        for raw, index, _writer, _path in self._files.values():
            raw.close()
            index.close()
        self._files.clear()


def read_response(file: str | Path, offset: int) -> StoredResponse:
    """The response record at `offset`: status, headers and the body, byte-exact."""
    with Path(file).open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        if record.rec_type != "response" or record.http_headers is None:
            raise ValueError(f"{file}@{offset}: not a response record ({record.rec_type})")
        status = int(record.http_headers.get_statuscode())
        body = record.content_stream().read()
        url = record.rec_headers.get_header("WARC-Target-URI")
        return StoredResponse(url, status, list(record.http_headers.headers), body)


def read_record(file: str | Path, offset: int) -> bytes:
    """The body bytes of the response record at `offset` (what a number can be traced back to)."""
    return read_response(file, offset).body


def iter_index(warc_dir: Path) -> Iterator[dict[str, Any]]:
    """Every index line of every earlier run, oldest file first."""
    if not Path(warc_dir).is_dir():
        return
    for index in sorted(Path(warc_dir).glob(f"*/*{INDEX_SUFFIX}"), key=lambda p: p.name):
        warc_file = str(index)[: -len(INDEX_SUFFIX)]
        with index.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield {**json.loads(line), "warc_file": warc_file}
