"""Portals the crawler was not written against (replica/unseen), crawled end to end by a real
harvest (child process, 127.0.0.x only): the exact report entries, the attachments, no decoys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from replica.runs import Run, harvest_run
from replica.server import Log, serve
from replica.unseen import Unseen, unseen_sites

from crawler.sources import Source

NAMES = ["menu", "hancol", "jsp", "gb2312", "gb18030", "more", "agencies"]


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[dict[str, Unseen], dict[str, str], Log]]:
    sites = unseen_sites()
    with serve(sites, first_address=81) as (urls, log):
        yield {s.name: s for s in sites}, urls, log


@pytest.fixture(scope="module")
def run(
    replicas: tuple[dict[str, Unseen], dict[str, str], Log],
    tmp_path_factory: pytest.TempPathFactory,
) -> Run:
    sites, urls, log = replicas
    sources = [Source(name, urls[name] + "/") for name in sites]
    return harvest_run([], urls, log, tmp_path_factory.mktemp("u"), "unseen", sources=sources)


@pytest.mark.parametrize("name", NAMES)
def test_exact_report_entries_found_from_the_root(name: str, replicas, run: Run) -> None:
    sites, urls, _log = replicas
    assert run.found(name) == sites[name].expected_reports(urls[name])


@pytest.mark.parametrize("name", NAMES)
def test_report_files_are_captured_as_attachments(name: str, replicas, run: Run) -> None:
    sites, urls, _log = replicas
    attachments = {c["url"] for c in run.of(name) if c["kind"] == "attachment"}
    assert attachments == sites[name].expected_attachments(urls[name])


@pytest.mark.parametrize("name", NAMES)
def test_decoys_are_neither_found_nor_fetched(name: str, replicas, run: Run) -> None:
    sites, urls, _log = replicas
    decoys = {urls[name] + p for p in sites[name].decoys}
    fetched = {c["url"] for c in run.of(name)}
    assert not decoys & (run.found(name) | fetched)


@pytest.mark.parametrize("name", NAMES)
def test_the_source_does_not_fail(name: str, run: Run) -> None:
    assert not run.result.source(name).failed
