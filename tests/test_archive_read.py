"""Reading the archive: diff, history, compare, query, search, export, views (both backends)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from archive_helpers import TEXT, edit_cell, make_report, open_archive

from storage import reading
from storage.archive import Archive
from storage.compare import compare
from storage.diff import diff_cells, diff_json, diff_text, render_text
from storage.errors import UnknownReportError
from storage.export import records, write_csv, write_jsonl, write_parquet
from storage.queries import VersionFilter, query_versions, requests_by_region_year
from storage.search import search

URL = "https://www.bjft.gov.cn/ftq/2023.html"


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    archive = open_archive(db_url)
    archive.ensure_source("fengtai", "https://www.bjft.gov.cn/", region="北京市", level="district")
    archive.ensure_source("pudong", "https://www.pudong.gov.cn/", region="上海市", level="district")
    yield archive
    archive.close()


@pytest.fixture
def edited(archive: Archive) -> Archive:
    """One report in two versions: requests.new.natural_person 10 → 11, and one word of text."""
    archive.save_report(make_report(), url=URL, source="fengtai", capture_id=None)
    second = edit_cell(make_report(), "requests", "new", "natural_person", 11)
    second = replace(second, text=TEXT.replace("不够丰富", "比较单一"))
    archive.save_report(second, url=URL, source="fengtai", capture_id=None)
    return archive


@pytest.fixture
def conn(archive: Archive) -> Iterator[sa.Connection]:
    with archive.engine.connect() as connection:
        yield connection


def versions_of(conn: sa.Connection) -> tuple[reading.VersionContent, reading.VersionContent]:
    report_id = reading.find_report(conn, URL)
    infos = reading.versions(conn, report_id)
    return reading.load_version(conn, infos[0]), reading.load_version(conn, infos[1])


def test_stored_tables_round_trip(archive: Archive, conn: sa.Connection) -> None:
    archive.save_report(make_report(), url=URL, source="fengtai", capture_id=None)
    info = reading.version_info(conn, reading.find_report(conn, URL))
    assert reading.load_version(conn, info).tables == make_report().tables


def test_diff_shows_exactly_the_edited_cell(edited: Archive, conn: sa.Connection) -> None:
    old, new = versions_of(conn)
    changes = [(c.table, c.row, c.column, c.old, c.new) for c in diff_cells(old.tables, new.tables)]
    assert changes == [("requests", "new", "natural_person", 10, 11)]


def test_text_diff_is_character_level(edited: Archive, conn: sa.Connection) -> None:
    old, new = versions_of(conn)
    changed = [h for h in diff_text(old.text, new.text) if h.op not in ("equal", "fold")]
    assert [(h.old, h.new) for h in changed] == [("不够丰富", "比较单一")]


def test_text_diff_folds_unchanged_context() -> None:
    rendered = render_text(
        diff_text("甲" * 200 + "乙" + "丙" * 200, "甲" * 200 + "丁" + "丙" * 200)
    )
    assert "… 180 unchanged characters …" in rendered and "[-乙-]{+丁+}" in rendered


def test_diff_json_shape(edited: Archive, conn: sa.Connection) -> None:
    old, new = versions_of(conn)
    shape = diff_json(diff_cells(old.tables, new.tables), diff_text(old.text, new.text))
    assert shape["cells"] == [
        {"table": "requests", "row": "new", "column": "natural_person", "old": 10, "new": 11}
    ]


def test_history_lists_versions_in_order(edited: Archive, conn: sa.Connection) -> None:
    infos = reading.versions(
        conn, reading.find_report(conn, agency="北京市丰台区人民政府", year=2023)
    )
    assert [v.version for v in infos] == [1, 2]


def test_unknown_report_is_a_named_error(conn: sa.Connection) -> None:
    with pytest.raises(UnknownReportError):
        reading.find_report(conn, "https://never.example/")


def _save_year(archive: Archive, year: int, carried_over: int, carried_forward: int) -> None:
    report = make_report(year=year, carried_over=carried_over, carried_forward=carried_forward)
    archive.save_report(report, url=f"https://x/{year}.html", source="fengtai", capture_id=None)


def test_compare_cross_year_carry_over_passes(archive: Archive, conn: sa.Connection) -> None:
    _save_year(archive, 2022, carried_over=0, carried_forward=3)
    _save_year(archive, 2023, carried_over=3, carried_forward=1)
    result = compare(conn, "北京市丰台区人民政府", [2022, 2023])
    assert [c.ok for c in result.checks] == [True]


def test_compare_cross_year_carry_over_fails(archive: Archive, conn: sa.Connection) -> None:
    _save_year(archive, 2022, carried_over=0, carried_forward=3)
    _save_year(archive, 2023, carried_over=2, carried_forward=1)
    check = compare(conn, "北京市丰台区人民政府", [2022, 2023]).checks[0]
    assert check.failures[0] == {
        "column": "natural_person",
        "carried_forward": 3,
        "carried_over": 2,
    }


def test_compare_missing_year_is_not_checkable(archive: Archive, conn: sa.Connection) -> None:
    _save_year(archive, 2023, carried_over=3, carried_forward=1)
    assert compare(conn, "北京市丰台区人民政府", [2022, 2023]).checks[0].ok is None


@pytest.fixture
def corpus(archive: Archive) -> Archive:
    archive.save_report(make_report(), url=URL, source="fengtai", capture_id=None)
    pudong = replace(make_report(agency="上海市浦东新区人民政府", year=2022, new=30), checks=())
    archive.save_report(pudong, url="https://pd/2022", source="pudong", capture_id=None)
    old = replace(
        make_report(agency="上海市浦东新区人民政府", year=2019), template="2019", checks=()
    )
    archive.save_report(old, url="https://pd/2019", source="pudong", capture_id=None)
    return archive


@pytest.mark.parametrize(
    ("flt", "agencies"),
    [
        (VersionFilter(region="上海市"), ["上海市浦东新区人民政府", "上海市浦东新区人民政府"]),
        (VersionFilter(year=2023), ["北京市丰台区人民政府"]),
        (VersionFilter(agency="浦东"), ["上海市浦东新区人民政府", "上海市浦东新区人民政府"]),
        (VersionFilter(template="2019"), ["上海市浦东新区人民政府"]),
        (VersionFilter(failed_check="review.totals"), ["北京市丰台区人民政府"]),
        (VersionFilter(failed_check="any"), ["北京市丰台区人民政府"]),
    ],
)
def test_query_filters(
    corpus: Archive, conn: sa.Connection, flt: VersionFilter, agencies: list[str]
) -> None:
    assert [row["agency"] for row in query_versions(conn, flt)] == agencies


def test_requests_totals_by_region_and_year(corpus: Archive, conn: sa.Connection) -> None:
    totals = {(r["region"], r["year"]): r["total"] for r in requests_by_region_year(conn)}
    assert totals == {("上海市", 2019): 10, ("上海市", 2022): 30, ("北京市", 2023): 10}


@pytest.mark.parametrize("term", ["政务公开工作", "政策解读", "丰富"])
def test_search_finds_chinese_words(corpus: Archive, conn: sa.Connection, term: str) -> None:
    assert len(search(conn, term)) == 3


def test_search_misses_absent_two_character_word(corpus: Archive, conn: sa.Connection) -> None:
    assert search(conn, "疫情") == []


def test_search_snippet_shows_the_word(corpus: Archive, conn: sa.Connection) -> None:
    assert "丰富" in search(conn, "丰富")[0].snippet


def _normalized(tables: object) -> object:
    return json.loads(json.dumps(tables, default=float))


def test_export_jsonl_round_trip(edited: Archive, conn: sa.Connection) -> None:
    out = io.StringIO()
    write_jsonl(records(conn), out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (record["version"], record["url"], record["agency"], record["year"]) == (
        2,
        URL,
        "北京市丰台区人民政府",
        2023,
    )
    assert record["tables"] == _normalized(
        edit_cell(make_report(), "requests", "new", "natural_person", 11).tables
    )


def test_export_all_versions(edited: Archive, conn: sa.Connection) -> None:
    assert [r["version"] for r in records(conn, VersionFilter(all_versions=True))] == [1, 2]


def test_export_csv_round_trip(edited: Archive, conn: sa.Connection) -> None:
    out = io.StringIO()
    write_csv(records(conn), out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert json.loads(row["tables"])["active"]["fees"] == {"amount_10k_yuan": 3.5}


def test_export_parquet_round_trip(edited: Archive, conn: sa.Connection, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    write_parquet(records(conn), tmp_path / "out.parquet")
    (row,) = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert (row["version"], json.loads(row["checks"])[1]["ok"]) == (2, False)


def test_decimal_values_keep_their_value(edited: Archive, conn: sa.Connection) -> None:
    (record,) = list(records(conn))
    assert record["tables"]["active"]["fees"]["amount_10k_yuan"] == Decimal("3.5")


def test_requests_wide_view(edited: Archive, conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text("SELECT version, new__natural_person FROM requests_wide ORDER BY version")
    ).all()
    assert [(r[0], int(r[1])) for r in rows] == [(1, 10), (2, 11)]


def test_cell_value_view_has_chinese_labels(edited: Archive, conn: sa.Connection) -> None:
    row = conn.execute(
        sa.text(
            "SELECT row_label, column_label FROM cell_value WHERE table_key = 'requests' "
            "AND row_key = 'carried_forward' AND column_key = 'total' AND version = 1"
        )
    ).one()
    assert tuple(row) == ("四、结转下年度继续办理", "总计")


def test_version_overview_counts_failed_checks(edited: Archive, conn: sa.Connection) -> None:
    failed = conn.execute(
        sa.text("SELECT failed_checks FROM version_overview WHERE is_latest = 1")
    ).scalar()
    assert failed == 1


def test_requests_wide_filtered_by_year_and_region(corpus: Archive, conn: sa.Connection) -> None:
    rows = conn.execute(
        sa.text(
            "SELECT agency, new__total FROM requests_wide "
            "WHERE year = 2022 AND region = '上海市' AND is_latest = 1"
        )
    ).all()
    assert [(r[0], int(r[1])) for r in rows] == [("上海市浦东新区人民政府", 30)]
