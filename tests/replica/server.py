"""A threaded HTTP server for replica portals: one site per 127.0.0.x address, ephemeral port.

It answers conditional requests (ETag / Last-Modified → 304), serves robots.txt, can be slow on
purpose, and counts what it sends so tests can compare the bytes of two harvests.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

FIXED_DATE = datetime(2024, 2, 1, 8, 0, tzinfo=UTC)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    modified: datetime | None = FIXED_DATE
    delay: float = 0.0
    validators: bool = True


class Site(Protocol):
    name: str

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Reply: ...


@dataclass(frozen=True)
class Hit:
    site: str
    method: str
    target: str
    status: int
    conditional: bool
    sent: int


@dataclass
class Log:
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def snapshot(self) -> list[Hit]:
        with self.lock:
            return list(self.hits)

    def bytes_sent(self, since: int = 0) -> int:
        return sum(h.sent for h in self.snapshot()[since:])


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def not_modified(reply: Reply, headers: dict[str, str]) -> bool:
    if reply.status != 200 or not reply.validators:
        return False
    if "if-none-match" in headers:
        return etag_of(reply.body) in headers["if-none-match"]
    since = headers.get("if-modified-since")
    if since and reply.modified is not None:
        try:
            return parsedate_to_datetime(since) >= reply.modified.replace(microsecond=0)
        except (TypeError, ValueError):
            return False
    return False


def _handler(site: Site, log: Log) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self, method: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(headers.get("content-length") or 0)
            body_in = self.rfile.read(length) if length else b""
            reply = site.handle(method, self.path, headers, body_in)
            if reply.delay:
                time.sleep(reply.delay)
            conditional = "if-none-match" in headers or "if-modified-since" in headers
            status = 304 if not_modified(reply, headers) else reply.status
            body = b"" if status == 304 or method == "HEAD" else reply.body
            lines = [
                f"HTTP/1.1 {status}",
                f"Content-Type: {reply.content_type}",
                f"Content-Length: {len(body)}",
            ]
            if reply.validators and reply.status == 200:
                lines.append(f"ETag: {etag_of(reply.body)}")
                if reply.modified is not None:
                    lines.append(f"Last-Modified: {format_datetime(reply.modified, usegmt=True)}")
            lines += [f"{k}: {v}" for k, v in reply.headers]
            try:
                self.send_response(status)
                for line in lines[1:]:
                    name, _, value = line.partition(": ")
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass
            sent = len(body) + sum(len(line) + 2 for line in lines)
            log.add(Hit(site.name, method, self.path, status, conditional, sent))

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def serve(sites: list[Any], first_address: int = 61) -> Iterator[tuple[dict[str, str], Log]]:
    """Serve each site on 127.0.0.<first_address + i> (ephemeral port); yield base URLs by name."""
    log = Log()
    servers: list[ThreadingHTTPServer] = []
    urls: dict[str, str] = {}
    for i, site in enumerate(sites):
        server = ThreadingHTTPServer((f"127.0.0.{first_address + i}", 0), _handler(site, log))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        host, port = server.server_address[:2]
        urls[site.name] = f"http://{host}:{port}"
        servers.append(server)
    try:
        yield urls, log
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
