"""Portals the crawler was not written against (replica/unseen), crawled end to end by a real
harvest (child process, 127.0.0.x only): the exact report entries, the attachments, no decoys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from replica.runs import Run, harvest_run
from replica.server import Log, serve
from replica.unseen import Unseen, unseen_sites

from crawler.reports import is_report_title, is_yearless_report_title
from crawler.sources import Source

NAMES = [site.name for site in unseen_sites()]


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


# --- the title decisions the replicas rely on, one line each --------------------------------------

REPORT_TITLES = [
    "XX区教育委员会2023年政府信息公开工作年度报告",
    "2023年度XX镇政府信息公开年报",
    "关于XX局2023年度政府信息公开工作报告",
    "XX街道办事处2022年度政府信息公开工作年度报告（更正版）",
    "XX区司法局二〇二三年政府信息公开工作年度报告",
    "XX区人力社保局２０２３年政府信息公开工作年度报告",
]
NOT_REPORT_TITLES = [
    "政府信息公开指南",
    "2023年政务公开工作要点",
    # a notice asking agencies to write their reports: its attachments are templates, not reports
    "关于做好2023年度政府信息公开工作年度报告编制工作的通知",
    "企业年报公示",
    "XX区2022年国民经济和社会发展统计年报",
    "XX区人民政府2023年法治政府建设年度报告",
]


@pytest.mark.parametrize("title", REPORT_TITLES)
def test_report_titles_are_recognised(title: str) -> None:
    assert is_report_title(title)


@pytest.mark.parametrize("title", NOT_REPORT_TITLES)
def test_other_titles_are_not_reports(title: str) -> None:
    assert not is_report_title(title)


@pytest.mark.parametrize(
    ("title", "yearless"),
    [("XX区住房城乡建设委政府信息公开工作年度报告", True), ("政府信息公开年报", False)],
)
def test_a_yearless_title_must_name_an_agency(title: str, yearless: bool) -> None:
    assert is_yearless_report_title(title) is yearless


@pytest.mark.parametrize("name", NAMES)
def test_no_list_page_is_asked_for_that_does_not_exist(name: str, run: Run) -> None:
    lists = [c for c in run.of(name) if c["kind"] == "list"]
    assert not [c["url"] for c in lists if c["status"] != 200]


@pytest.mark.parametrize("name", NAMES)
def test_every_report_and_file_asked_for_exists(name: str, run: Run) -> None:
    fetched = [c for c in run.of(name) if c["kind"] in ("report_page", "attachment")]
    assert fetched
    assert not [c["url"] for c in fetched if c["status"] != 200]
