"""Saving: idempotence, versions only on real change, captures, removal (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from archive_helpers import TEXT, edit_cell, make_capture, make_report, open_archive

from storage import models as m
from storage.archive import Archive
from storage.fingerprint import normalize_text

URL = "https://www.bjft.gov.cn/ftq/zfxxgknb/2024/report.html"


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    archive = open_archive(db_url)
    yield archive
    archive.close()


def count(archive: Archive, table: sa.Table) -> int:
    with archive.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def save(archive: Archive, report=None, url: str = URL, capture_id: int | None = None):  # type: ignore[no-untyped-def]
    return archive.save_report(
        report or make_report(), url=url, source="fengtai", capture_id=capture_id
    )


def test_first_save_is_inserted(archive: Archive) -> None:
    assert save(archive).status == "inserted"


def test_reingest_is_unchanged_and_adds_no_version(archive: Archive) -> None:
    save(archive)
    assert [save(archive).status, save(archive).status] == ["unchanged", "unchanged"]
    assert count(archive, m.report_version) == 1


def test_same_capture_saved_twice_changes_nothing(archive: Archive) -> None:
    capture_id = archive.record_capture(make_capture(URL))
    save(archive, capture_id=capture_id)
    sightings = count(archive, m.sighting)
    assert save(archive, capture_id=capture_id).status == "unchanged"
    assert count(archive, m.sighting) == sightings


def test_one_digit_edit_makes_exactly_one_new_version(archive: Archive) -> None:
    save(archive)
    edited = edit_cell(make_report(), "requests", "new", "natural_person", 11)
    results = [save(archive, edited).status, save(archive, edited).status]
    assert results == ["new_version", "unchanged"]
    assert count(archive, m.report_version) == 2


@pytest.mark.parametrize(
    "chrome",
    [
        "浏览次数：123",
        "浏览次数：124",
        "发布时间：2024-01-20 09:30",
        "发布时间：2024年1月22日",
        "扫一扫在手机上打开当前页面",
        "京ICP备05060933号 京公网安备11010602060012号",
    ],
)
def test_chrome_or_counter_change_makes_no_version(archive: Archive, chrome: str) -> None:
    save(archive, replace(make_report(), text="浏览次数：7\n" + TEXT))
    changed = replace(make_report(), text=chrome + "\n" + TEXT)
    assert save(archive, changed).status == "unchanged"


def test_width_and_whitespace_fold() -> None:
    assert normalize_text("２０２３年， 本机关\n\t公开") == normalize_text("2023年,本机关公开")


def test_text_change_makes_a_version(archive: Archive) -> None:
    save(archive)
    assert save(archive, replace(make_report(), text=TEXT + "新增一句。")).status == "new_version"


def test_unchanged_moves_last_seen_only(archive: Archive) -> None:
    first = archive.record_capture(make_capture(URL, datetime(2024, 2, 1, tzinfo=UTC)))
    later = archive.record_capture(make_capture(URL, datetime(2024, 3, 1, tzinfo=UTC)))
    save(archive, capture_id=first)
    save(archive, capture_id=later)
    with archive.engine.connect() as conn:
        row = conn.execute(
            sa.select(m.report_version.c.first_seen, m.report_version.c.last_seen)
        ).one()
    assert (row.first_seen.month, row.last_seen.month) == (2, 3)


def test_report_is_identified_across_url_changes(archive: Archive) -> None:
    save(archive)
    result = save(archive, url="https://www.bjft.gov.cn/new-site/2024.html")
    assert (result.status, result.report_id, count(archive, m.report)) == ("unchanged", 1, 1)


def test_report_without_agency_is_identified_by_url(archive: Archive) -> None:
    anonymous = replace(make_report(), agency=None)
    assert (
        save(archive, anonymous, url="https://a/1").report_id
        != save(archive, anonymous, url="https://a/2").report_id
    )


def test_capture_recorded_once(archive: Archive) -> None:
    assert archive.record_capture(make_capture(URL)) == archive.record_capture(make_capture(URL))


def test_failed_fetch_is_a_capture(archive: Archive) -> None:
    timeout = replace(make_capture(URL), status=None, error="timeout", sha256=None)
    archive.record_capture(timeout)
    assert count(archive, m.capture) == 1


def test_validators_come_from_last_successful_fetch(archive: Archive) -> None:
    archive.record_capture(make_capture(URL, datetime(2024, 2, 1, tzinfo=UTC)))
    archive.record_capture(
        replace(make_capture(URL, datetime(2024, 3, 1, tzinfo=UTC)), status=500, etag=None)
    )
    validators = archive.validators(URL)
    assert validators is not None and validators.etag == '"e1"'


def test_validators_unknown_url(archive: Archive) -> None:
    assert archive.validators("https://never.example/") is None


def test_mark_removed_is_an_event_not_a_deletion(archive: Archive) -> None:
    save(archive)
    assert archive.mark_removed(URL, datetime(2024, 5, 1, tzinfo=UTC), "no longer listed")
    assert (count(archive, m.report_event), count(archive, m.report_version)) == (1, 1)


def test_mark_removed_unknown_url(archive: Archive) -> None:
    assert not archive.mark_removed("https://never.example/", datetime.now(UTC), "gone")


def test_seen_again_after_removal_is_restored(archive: Archive) -> None:
    save(archive)
    archive.mark_removed(URL, datetime(2024, 5, 1, tzinfo=UTC), "no longer listed")
    later = archive.record_capture(make_capture(URL, datetime(2024, 6, 1, tzinfo=UTC)))
    save(archive, capture_id=later)
    with archive.engine.connect() as conn:
        kinds = (
            conn.execute(sa.select(m.report_event.c.kind).order_by(m.report_event.c.id))
            .scalars()
            .all()
        )
    assert kinds == ["removed", "restored"]


def test_problem_recorded_once_against_capture(archive: Archive) -> None:
    capture_id = archive.record_capture(make_capture(URL))
    archive.record_problem(capture_id, "parse", "NotAReportError: no tables")
    archive.record_problem(capture_id, "parse", "NotAReportError: no tables")
    assert count(archive, m.problem) == 1


def test_cells_and_checks_stored_long(archive: Archive) -> None:
    save(archive)
    report = make_report()
    cells = sum(len(cols) for rows in report.tables.values() for cols in rows.values())
    assert (count(archive, m.cell), count(archive, m.check_result)) == (cells, len(report.checks))


def test_validators_carry_the_warc_location_of_the_last_200(archive: Archive) -> None:
    first = replace(make_capture(URL, datetime(2024, 2, 1, tzinfo=UTC)), warc_offset=512)
    archive.record_capture(first)
    gone = replace(make_capture(URL, datetime(2024, 3, 1, tzinfo=UTC)), status=304, warc_offset=9)
    archive.record_capture(gone)
    validators = archive.validators(URL)
    assert validators is not None
    assert (validators.warc_file, validators.warc_offset) == ("warc/x.warc.gz", 512)


def test_validators_without_warc_location(archive: Archive) -> None:
    archive.record_capture(replace(make_capture(URL), warc_file=None, warc_offset=None))
    validators = archive.validators(URL)
    assert validators is not None and (validators.warc_file, validators.warc_offset) == (None, None)
