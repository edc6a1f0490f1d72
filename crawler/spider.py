"""AnnualReportSpider: one generic spider for every portal in the sources file.

entry page  -> discovery (column and 政务公开 links, bounded depth) and, if it is a list, the list
list page   -> the family module's entries and further pages; sub-columns of the 年报 column
report page -> its attachments;  attachment -> nothing further.
Every response (and every failure) becomes a `Capture` item, its bytes in the run's WARC file.
A rendered response (meta "nianbao_rendered") goes through the same callbacks.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import scrapy
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import FormRequest, Response, TextResponse
from twisted.python.failure import Failure

from crawler.capture import Capture, CaptureKind, ListEntry, ValidatorSource
from crawler.discovery import column_entries, discover, frame_sources, subcolumns
from crawler.families import PageRequest, detect_family, family_named
from crawler.incremental import IncrementalPolicy, WarcHistory
from crawler.reports import attachment_links, is_attachment_url, script_attachments
from crawler.responses import (
    archive_plain,
    as_text,
    body_sha256,
    capture_failure,
    capture_response,
    gone_reason,
    is_html,
    is_rendered,
    login_redirect,
    replay,
    shell_target,
)
from crawler.sources import Source
from crawler.warc import RunWarcWriter

Output = Iterator[Capture | Request]


class AnnualReportSpider(scrapy.Spider):
    name = "annual_reports"
    warc: RunWarcWriter
    policy: IncrementalPolicy
    discovery_depth: int = 3
    subcolumn_depth: int = 2
    obey_robots: bool = True

    def __init__(
        self,
        sources: Iterable[Source] | str = (),
        *args: Any,
        validators: ValidatorSource | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.validators = validators  # the archive, from jobs/harvest.py
        if isinstance(sources, str):  # `scrapy crawl annual_reports -a sources=FILE.toml`
            from crawler.sources import load_sources

            sources = load_sources(sources)
        self.sources: dict[str, Source] = {s.name: s for s in sources}
        self.found: dict[str, dict[str, ListEntry]] = {name: {} for name in self.sources}
        self.list_pages: dict[str, int] = dict.fromkeys(self.sources, 0)
        self.list_errors: dict[str, int] = dict.fromkeys(self.sources, 0)
        self.columns_seen: set[str] = set()  # with fragments: /gkmlpt/index#2921 is a column
        self._rechecked = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AnnualReportSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        warc_dir = Path(settings.get("NIANBAO_WARC_DIR", "warc"))
        spider.warc = RunWarcWriter(warc_dir)
        spider.policy = IncrementalPolicy(
            WarcHistory.load(warc_dir),
            spider.validators,
            timedelta(days=settings.getfloat("NIANBAO_REVISIT_DAYS", 0.0)),
        )
        spider.discovery_depth = settings.getint("NIANBAO_DISCOVERY_DEPTH", 3)
        spider.subcolumn_depth = settings.getint("NIANBAO_SUBCOLUMN_DEPTH", 2)
        spider.obey_robots = settings.getbool("ROBOTSTXT_OBEY", True)
        crawler.signals.connect(spider.on_idle, signals.spider_idle)
        crawler.signals.connect(spider.on_closed, signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for source in self.sources.values():
            yield self.make_request(source, source.url, "entry", self.parse_entry, nianbao_depth=0)

    # --- requests -----------------------------------------------------------------------------

    def make_request(
        self,
        source: Source,
        url: str,
        kind: CaptureKind,
        callback: Any,
        *,
        page: PageRequest | None = None,
        conditional: bool = True,
        dont_filter: bool = False,
        **meta: Any,
    ) -> Request:
        """Every request of the crawl: source, kind, render mode, robots, validators."""
        meta.update(
            nianbao_source=source.name,
            nianbao_kind=kind,
            nianbao_url=url,
            nianbao_render_mode=source.render,
            nianbao_render=source.render == "always",
            nianbao_fragment=urlsplit(url).fragment or None,
        )
        if not (source.robots and self.obey_robots):
            meta["dont_obey_robotstxt"] = True
        if page is not None and page.method == "POST":
            return FormRequest(
                url,
                formdata=list(page.formdata or ()),
                callback=callback,
                errback=self.on_error,
                meta=meta,
                dont_filter=dont_filter,
                headers=dict(page.headers),
            )
        headers = self.policy.conditional_headers(url) if conditional else {}
        if known_sha := self.policy.known_plain_sha256(url):
            meta["nianbao_known_sha256"] = known_sha  # crawler/render.py: unchanged → no render
        # the dupefilter ignores fragments, but /gkmlpt/index#2921 names a column
        dont_filter = dont_filter or bool(urlsplit(url).fragment)
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta=meta,
            headers=headers,
            dont_filter=dont_filter,
        )

    def _source(self, response: Response | Request) -> Source:
        return self.sources[str(response.meta["nianbao_source"])]

    def receive(
        self, response: Response, kind: CaptureKind, extra: dict[str, str] | None = None
    ) -> tuple[TextResponse | None, list[Any]]:
        """Capture a response; return the page to parse (a 304 is replayed from the WARC)."""
        extra = dict(extra or {})
        if kind in ("report_page", "attachment") and (reason := gone_reason(response)):
            extra["gone"] = reason
        elif "unlisted" in extra and response.status in (200, 304):
            extra["gone"] = "no longer listed"  # every list page loaded, and it was not on one
        index: dict[str, Any] = {}
        plain = response.meta.get("nianbao_plain_response")
        if is_rendered(response) and isinstance(plain, Response):
            index = {"rendered": True, "plain_sha256": archive_plain(plain, kind, self.warc)}
        elif response.status == 200 and self.policy.unchanged_render(
            str(response.meta["nianbao_url"]), body_sha256(response)
        ):
            extra["unchanged_shell"] = "true"  # the render middleware skipped it: replay
        capture = capture_response(response, kind, self.warc, extra, index)
        if error := response.meta.get("nianbao_error"):  # crawler/waf.py: challenge not passed
            capture = replace(capture, error=str(error))
        login = login_redirect(response) if kind != "entry" else None
        if login:  # not the page asked for: keep the capture, parse nothing
            capture = replace(capture, error=login)
        out: list[Any] = [capture]
        if "unchanged_shell" in extra:
            stored = self.policy.stored(str(response.meta["nianbao_url"]))
            if stored is not None and response.request is not None:
                return replay(stored, response.request), out
        if response.status == 304 and kind != "attachment":
            stored = self.policy.stored(str(response.meta["nianbao_url"]))
            if stored is not None and response.request is not None:
                return replay(stored, response.request), out
            retry = (
                response.request.replace(headers={}, dont_filter=True) if response.request else None
            )
            return None, [*out, *([retry] if retry is not None else [])]
        if response.status != 200 or kind == "attachment" or "gone" in extra or login:
            return None, out
        return as_text(response), out

    # --- callbacks ----------------------------------------------------------------------------

    def forward(self, page: TextResponse, kind: CaptureKind, callback: Any) -> Output:
        """A page that only forwards (meta refresh, `location.href = …`): ask for its target as
        the same kind of page, with the same place in the crawl."""
        target = shell_target(page)
        if target is None:
            return
        carried = ("nianbao_depth", "nianbao_column", "nianbao_subdepth", "nianbao_label")
        meta = {k: page.meta[k] for k in carried if k in page.meta}
        yield self.make_request(self._source(page), target, kind, callback, **meta)

    def parse_entry(self, response: Response) -> Output:
        page, out = self.receive(response, "entry")
        yield from out
        if page is None:
            return
        yield from self.forward(page, "entry", self.parse_entry)
        source, depth = self._source(response), int(response.meta.get("nianbao_depth", 0))
        family = detect_family(page) if source.family == "auto" else source.family
        yield from self.walk_list(page, source, family)
        for link in discover(page.selector, page.url):
            if link.role == "column" and link.url not in self.columns_seen:
                self.columns_seen.add(link.url)
                yield self.make_request(
                    source,
                    link.url,
                    "list",
                    self.parse_list,
                    nianbao_column=link.url,
                    nianbao_subdepth=0,
                    nianbao_label=link.text,
                )
            elif link.role == "unit" and not 1 <= depth < self.discovery_depth:
                continue  # units are followed from a 政务公开 page, not from the home page
            elif link.role in ("section", "unit") and depth < self.discovery_depth:
                yield self.make_request(
                    source, link.url, "entry", self.parse_entry, nianbao_depth=depth + 1
                )

    def parse_list(self, response: Response) -> Output:
        source = self._source(response)
        page, out = self.receive(response, "list")
        yield from out
        if page is None:
            self.list_errors[source.name] += int(response.status >= 400)
            return
        self.list_pages[source.name] += 1
        yield from self.forward(page, "list", self.parse_list)
        family = response.meta.get("nianbao_family") or (
            detect_family(page) if source.family == "auto" else source.family
        )
        yield from self.walk_list(page, source, family)
        depth = int(response.meta.get("nianbao_subdepth", 0))
        column = str(response.meta.get("nianbao_column") or page.url)
        label = str(response.meta.get("nianbao_label") or "")
        if depth < self.subcolumn_depth and is_html(page):
            for link in subcolumns(page.selector, page.url, column):
                yield self.make_request(
                    source,
                    link.url,
                    "list",
                    self.parse_list,
                    nianbao_column=column,
                    nianbao_subdepth=depth + 1,
                    nianbao_label=f"{label} {link.text}".strip(),
                )
        for url in frame_sources(page.selector, page.url) if is_html(page) else []:
            yield self.make_request(  # the list shown in an iframe is the same column
                source,
                url,
                "list",
                self.parse_list,
                nianbao_column=column,
                nianbao_subdepth=depth,
                nianbao_label=label,
            )

    def walk_list(self, page: TextResponse, source: Source, family: str) -> Output:
        """Entries and further pages of one list page, by its family (and the generic pager)."""
        items = list(family_named(family).parse(page))
        if family != "generic" and is_html(page):
            items += [i for i in family_named("generic").parse(page) if isinstance(i, PageRequest)]
        label = str(page.meta.get("nianbao_label") or "")  # the column trail: 年报 › 2023年度
        column = page.meta.get("nianbao_column") or page.url
        if label and is_html(page):
            loose = column_entries(page.selector, page.url, label)
            items += [e for e in loose if e.url not in self.columns_seen and e.url != column]
        for item in items:
            if isinstance(item, ListEntry):
                yield from self.entry_request(source, item, page.url)
            else:
                yield self.make_request(
                    source,
                    item.url,
                    "list",
                    self.parse_list,
                    page=item,
                    nianbao_family=item.family,
                    nianbao_column=column,
                    nianbao_subdepth=page.meta.get("nianbao_subdepth", 0),
                    nianbao_label=label,
                    nianbao_host_page=page.meta.get("nianbao_host_page") or page.url,
                )

    def entry_request(self, source: Source, entry: ListEntry, parent: str) -> Output:
        if "#" in entry.url:  # gkmlpt lists '…/post_1.html#2921': the fragment is never fetched
            entry = replace(entry, url=entry.url.split("#", 1)[0])
        found = self.found[source.name]
        if entry.url in found:
            return
        found[entry.url] = entry
        kind: CaptureKind = "attachment" if is_attachment_url(entry.url) else "report_page"
        if not self.policy.due(entry.url, kind):
            self.crawler.stats.inc_value("nianbao/revisit_skipped")
            return
        callback = self.parse_attachment if kind == "attachment" else self.parse_report
        yield self.make_request(
            source, entry.url, kind, callback, nianbao_listing=entry, nianbao_parent=parent
        )

    def parse_report(self, response: Response) -> Output:
        page, out = self.receive(response, "report_page", response.meta.get("nianbao_extra"))
        yield from out
        if page is None:
            return
        source = self._source(response)
        linked = [url for url, _text in attachment_links(page.selector, page.url)]
        for url in dict.fromkeys([*linked, *script_attachments(page.selector, page.url)]):
            if self.policy.due(url, "attachment"):
                yield self.make_request(
                    source,
                    url,
                    "attachment",
                    self.parse_attachment,
                    nianbao_listing=response.meta.get("nianbao_listing"),
                    nianbao_parent=page.url,
                )

    def parse_attachment(self, response: Response) -> Output:
        _page, out = self.receive(response, "attachment", response.meta.get("nianbao_extra"))
        yield from out

    def on_error(self, failure: Failure) -> Iterator[Capture]:
        request = getattr(failure, "request", None)
        if request is None or isinstance(failure.value, IgnoreRequest):
            return  # robots.txt or an offsite filter: not a fetch
        kind = cast(CaptureKind, request.meta.get("nianbao_kind", "other"))
        if kind == "list":
            self.list_errors[str(request.meta["nianbao_source"])] += 1
        message = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"
        yield capture_failure(request, kind, message)

    # --- removal re-check and shutdown --------------------------------------------------------

    def recheck_requests(self) -> Iterator[Request]:
        """Reports listed by an earlier run but not by this one: fetch them to see if gone."""
        for name, previous in self.policy.history.listed.items():
            source = self.sources.get(name)
            if source is None or not self.found[name] or self.list_errors[name]:
                continue  # a list that failed to load says nothing about removals
            for url, line in previous.items():
                if url in self.found[name]:
                    continue
                listing = ListEntry(**line["listing"]) if line.get("listing") else None
                kind = cast(CaptureKind, line.get("kind", "report_page"))
                callback = self.parse_attachment if kind == "attachment" else self.parse_report
                yield self.make_request(
                    source,
                    url,
                    kind,
                    callback,
                    dont_filter=True,
                    nianbao_listing=listing,
                    nianbao_extra={"unlisted": "true"},
                )

    def on_idle(self, spider: scrapy.Spider) -> None:
        if self._rechecked:
            return
        self._rechecked = True
        requests = list(self.recheck_requests())
        if not requests:
            return
        for request in requests:
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def on_closed(self, spider: scrapy.Spider) -> None:
        self.warc.close()

    def summary(self) -> dict[str, Any]:
        return {
            "found": {k: sorted(v) for k, v in self.found.items()},
            "list_pages": self.list_pages,
            "list_errors": self.list_errors,
        }

    def __repr__(self) -> str:
        return f"<AnnualReportSpider {json.dumps(sorted(self.sources))}>"
