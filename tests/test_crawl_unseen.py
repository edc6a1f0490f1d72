"""Portals the crawler was not written against (replica/unseen), crawled end to end by a real
harvest (child process, 127.0.0.x only): the exact report entries, the attachments, no decoys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from replica.runs import Run, harvest_run
from replica.server import Log, serve
from replica.unseen import Unseen, unseen_sites

from crawler.sources import Source

NAMES = ["menu", "hancol", "jsp", "gb2312", "gb18030", "more", "agencies", "trs6", "units", "tabs", "gopage", "postform"]


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


def test_a_report_redirected_to_a_login_page_is_an_error_not_a_report(replicas, run: Run) -> None:
    _sites, urls, _log = replicas
    capture = next(c for c in run.of("jsp") if c["url"] == urls["jsp"] + "/content.jsp?id=129")
    assert "login" in capture["error"]
    assert "gone" not in capture["extra"]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("menu", "/zwgk/xxgk/zfxxgknb/2022nd/202401/t20240125_902.shtml"),
        ("gb18030", "/zfxxgk/ndbg/3003.jhtml"),
    ],
)
def test_a_meta_refresh_to_the_column_marks_the_report_gone(name, path, replicas, run) -> None:
    _sites, urls, _log = replicas
    capture = next(c for c in run.of(name) if c["url"] == urls[name] + path)
    assert capture["extra"]["gone"].startswith("meta refresh")
