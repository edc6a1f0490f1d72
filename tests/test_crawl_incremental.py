"""Two harvests of the same replicas into one archive: conditional requests, edits, removals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from replica.portals import Portal, all_portals
from replica.runs import Run, harvest_run
from replica.server import Log, serve

NAMES = ["trs", "gbk", "hanweb", "gkmlpt", "colindex"]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Run, Log, dict, str]]:
    tmp = tmp_path_factory.mktemp("incremental")
    db_url = f"sqlite:///{tmp / 'nianbao.db'}"
    portals: list[Portal] = [p for p in all_portals() if p.name in NAMES]
    with serve(portals) as (urls, log):
        # defaults: report pages are due on every run, so the second run asks for all of them
        # conditionally (the slower schedule is tested on its own below)
        first = harvest_run(portals, urls, log, tmp, "first", db_url=db_url)
        trs = portals[0]
        trs.state["edited"] = True
        trs.state["removed"] = True
        second = harvest_run(portals, urls, log, tmp, "second", db_url=db_url)
        yield first, second, log, urls, db_url


def bytes_between(log: Log, run: Run) -> int:
    return sum(h.sent for h in log.snapshot()[run.hits_before : run.hits_after])


def test_first_run_saves_reports(two_runs) -> None:
    first, _second, _log, _urls, _db = two_runs
    assert first.result.ok
    assert first.result.total("inserted") + first.result.total("problems") > 0


def test_second_run_downloads_at_most_ten_percent(two_runs) -> None:
    first, second, log, _urls, _db = two_runs
    ratio = bytes_between(log, second) / bytes_between(log, first)
    print(f"second/first bytes: {ratio:.3f}")
    assert ratio <= 0.10


def test_second_run_sends_conditional_requests(two_runs) -> None:
    _first, second, log, _urls, _db = two_runs
    hits = log.snapshot()[second.hits_before : second.hits_after]
    gets = [h for h in hits if h.method == "GET" and h.target != "/robots.txt" and h.status < 400]
    assert sum(h.conditional for h in gets) / len(gets) > 0.9
    assert sum(c["status"] == 304 for c in second.captures) > 30


def test_unchanged_lists_are_replayed_so_reports_are_still_found(two_runs) -> None:
    first, second, _log, _urls, _db = two_runs
    for name in ["gbk", "hanweb", "gkmlpt", "colindex"]:
        assert second.found(name) == first.found(name), name


def test_edited_report_is_fetched_again_and_becomes_a_new_version(two_runs) -> None:
    _first, second, _log, urls, _db = two_runs
    edited = urls["trs"] + "/zwgk/zfxxgknb/202401/t20240125_100.html"
    capture = next(c for c in second.captures if c["url"] == edited)
    assert capture["status"] == 200
    trs = next(s for s in second.result.sources if s.name == "trs")
    assert trs.new_version >= 1


def test_removed_reports_become_removal_events(two_runs) -> None:
    import sqlalchemy as sa

    _first, second, _log, urls, db_url = two_runs
    gone = {c["url"]: c["extra"]["gone"] for c in second.captures if c["extra"].get("gone")}
    base = urls["trs"] + "/zwgk/zfxxgknb/202401/t20240125_"
    assert gone[base + "103.html"] == "HTTP 404"  # delisted and 404: found by the re-check
    assert gone[base + "104.html"].startswith("meta refresh")
    assert gone[base + "105.html"] == "no longer listed"  # still served, but not listed
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        events = conn.execute(sa.text("SELECT url, kind FROM report_event")).all()
    engine.dispose()
    assert {(base + f"{n}.html", "removed") for n in (103, 104, 105)} <= set(events)


def test_known_report_pages_wait_for_the_revisit_interval(tmp_path: Path) -> None:
    portals: list[Portal] = [p for p in all_portals() if p.name == "colindex"]
    with serve(portals) as (urls, log):
        harvest_run(portals, urls, log, tmp_path, "a")
        again = harvest_run(portals, urls, log, tmp_path, "b", revisit_days=30)
    hits = log.snapshot()[again.hits_before : again.hits_after]
    assert not [h for h in hits if h.target.endswith(".shtml") and "/202401/" in h.target]
    assert again.found("colindex") == portals[0].expected_reports(urls["colindex"])


def test_redirected_pages_are_asked_for_conditionally(two_runs) -> None:
    _first, second, log, _urls, _db = two_runs
    hits = log.snapshot()[second.hits_before : second.hits_after]
    assert [h.status for h in hits if h.site == "trs" and h.target == "/zwgk/"] == [304]
