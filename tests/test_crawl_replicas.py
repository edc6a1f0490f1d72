"""Each replica family crawled end to end by a real harvest (child process, 127.0.0.x only)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from replica.portals import Portal, all_portals
from replica.runs import Run, harvest_run
from replica.server import Log, serve

from crawler.warc import read_record, read_response

FAMILIES = ["trs", "trsapi", "gbk", "hanweb", "gkmlpt", "colindex", "fragile"]


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[dict[str, Portal], dict[str, str], Log]]:
    portals = all_portals()
    with serve(portals) as (urls, log):
        yield {p.name: p for p in portals}, urls, log


@pytest.fixture(scope="module")
def run(
    replicas: tuple[dict[str, Portal], dict[str, str], Log],
    tmp_path_factory: pytest.TempPathFactory,
) -> Run:
    portals, urls, log = replicas
    return harvest_run(list(portals.values()), urls, log, tmp_path_factory.mktemp("h"), "first")


@pytest.mark.parametrize("name", FAMILIES)
def test_exact_report_urls_found(name: str, replicas, run: Run) -> None:
    portals, urls, _log = replicas
    assert run.found(name) == portals[name].expected_reports(urls[name])


@pytest.mark.parametrize("name", FAMILIES)
def test_non_report_entries_are_not_collected(name: str, replicas, run: Run) -> None:
    portals, urls, _log = replicas
    skipped = {
        urls[name] + portals[name].entry_path(i) for i in portals[name].items if not i.report
    }
    fetched = {c["url"] for c in run.of(name)}
    assert not skipped & (run.found(name) | fetched)


@pytest.mark.parametrize("name", ["trs", "trsapi", "gbk", "hanweb", "gkmlpt", "colindex"])
def test_discovered_from_the_root_and_walked_every_list_page(name: str, run: Run) -> None:
    result = next(s for s in run.result.sources if s.name == name)
    assert result.lists >= 3
    assert not result.failed


def test_every_listed_report_page_is_captured(replicas, run: Run) -> None:
    portals, urls, _log = replicas
    for name in ["trs", "trsapi", "gbk", "hanweb", "gkmlpt", "colindex"]:
        captured = {c["url"] for c in run.of(name) if c["status"] == 200}
        assert portals[name].expected_reports(urls[name]) <= captured, name


def test_gbk_list_titles_are_decoded(replicas, run: Run) -> None:
    portals, _urls, _log = replicas
    titles = {c["listing"]["title"] for c in run.of("gbk") if c["listing"]}
    assert titles == {i.title for i in portals["gbk"].items if i.report}


def test_list_metadata_travels_with_the_capture(run: Run) -> None:
    pages = [c for c in run.of("hanweb") if c["kind"] == "report_page"]
    listing = next(c["listing"] for c in pages if c["url"].endswith("art_1234_402.html"))
    assert listing["agency"] == "县教育局"
    assert listing["date"] == "2024-01-22"
    assert "2023年" in listing["title"]


def test_attachments_are_captured(replicas, run: Run) -> None:
    portals, urls, _log = replicas
    for name in ["trs", "gbk", "gkmlpt"]:
        attachments = {c["url"] for c in run.of(name) if c["kind"] == "attachment"}
        assert attachments == portals[name].expected_attachments(urls[name]), name


def test_a_list_entry_may_point_straight_to_a_pdf(replicas, run: Run) -> None:
    _portals, urls, _log = replicas
    pdf = urls["trs"] + "/zwgk/zfxxgknb/202401/P0202401000101.pdf"
    capture = next(c for c in run.of("trs") if c["url"] == pdf)
    assert capture["kind"] == "attachment"
    assert capture["listing"]["agency"] == "区财政局"


def test_warc_records_read_back_byte_exact(replicas, run: Run) -> None:
    _portals, _urls, _log = replicas
    ok = [c for c in run.captures if c["status"] == 200 and c["kind"] != "list"]
    assert ok
    for capture in ok:
        body = read_record(capture["warc_file"], capture["warc_offset"])
        assert hashlib.sha256(body).hexdigest() == capture["sha256"], capture["url"]
        assert len(body) == capture["size"]


def test_warc_body_is_what_the_server_sent(replicas, run: Run) -> None:
    portals, urls, _log = replicas
    docx = next(c for c in run.of("trs") if c["url"].endswith(".docx"))
    stored = read_response(docx["warc_file"], docx["warc_offset"])
    path = docx["url"][len(urls["trs"]) :]
    assert stored.body == portals["trs"].handle("GET", path, {}, b"").body
    assert stored.status == 200


def test_server_errors_and_timeouts_are_captures_and_the_run_goes_on(replicas, run: Run) -> None:
    _portals, urls, _log = replicas
    by_url = {c["url"]: c for c in run.of("fragile")}
    base = urls["fragile"] + "/xxgknb/202401/t20240125_"
    assert by_url[base + "701.html"]["status"] == 500
    assert by_url[base + "702.html"]["status"] is None
    assert "Timeout" in by_url[base + "702.html"]["error"]
    assert by_url[base + "703.html"]["status"] == 404
    assert by_url[base + "700.html"]["status"] == 200


def test_robots_txt_disallow_is_respected(replicas, run: Run) -> None:
    _portals, urls, log = replicas
    private = urls["fragile"] + "/private/xxgknb/202401/t20240125_704.html"
    assert private in run.found("fragile")  # listed, so known ...
    hits = log.snapshot()[run.hits_before : run.hits_after]
    assert not [h for h in hits if h.site == "fragile" and h.target.startswith("/private/")]


def test_a_source_may_opt_out_of_robots_txt(replicas, tmp_path: Path) -> None:
    from crawler.sources import Source

    portals, urls, log = replicas
    source = Source("fragile", urls["fragile"] + "/xxgknb/index.html", robots=False)
    run = harvest_run([portals["fragile"]], urls, log, tmp_path, "norobots", sources=[source])
    hits = log.snapshot()[run.hits_before : run.hits_after]
    assert [h for h in hits if h.target.startswith("/private/") and h.status == 200]


def test_requests_carry_an_honest_user_agent(run: Run) -> None:
    capture = run.captures[0]
    warc = read_response(capture["warc_file"], capture["warc_offset"])
    assert warc.status == capture["status"]
    # the request record precedes the response: look the UA up in the WARC file itself
    import gzip

    raw = gzip.decompress(Path(capture["warc_file"]).read_bytes())
    assert b"User-Agent: nianbao/" in raw
