"""A report published as a page, a PDF and a DOCX: versions chain per rendition (both backends)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from archive_helpers import TEXT, edit_cell, make_capture, make_report, open_archive
from typer.testing import CliRunner

from jobs.cli import app
from parsers.model import ParsedReport
from storage import migrate, reading
from storage import models as m
from storage.archive import Archive, SaveResult
from storage.db import make_engine
from storage.diff import diff_cells
from storage.errors import RenditionMismatchError
from storage.export import records
from storage.queries import VersionFilter, query_versions

PAGE = "https://qu.example.gov.cn/zwgk/t20240125_100.html"
PDF = "https://qu.example.gov.cn/zwgk/P0202401000100.pdf"
DOCX = "https://qu.example.gov.cn/zwgk/P0202401000100.docx"
DAY1 = datetime(2024, 2, 1, 8, 0, tzinfo=UTC)
DAY2 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


def rendition(form: str) -> ParsedReport:
    """The same report as each form reads it: the text differs (page chrome, PDF line breaks)."""
    return replace(make_report(), form=form, text=f"{form} 版本\n{TEXT}")  # type: ignore[arg-type]


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    archive = open_archive(db_url)
    yield archive
    archive.close()


def save(archive: Archive, report: ParsedReport, url: str, when: datetime = DAY1) -> SaveResult:
    capture_id = archive.record_capture(make_capture(url, when))
    return archive.save_report(report, url=url, source="qu", capture_id=capture_id)


def save_three(archive: Archive, when: datetime = DAY1) -> list[SaveResult]:
    return [
        save(archive, rendition(form), url, when)
        for form, url in (("html", PAGE), ("pdf", PDF), ("docx", DOCX))
    ]


def rows(archive: Archive) -> list[tuple[str, int]]:
    with archive.engine.connect() as conn:
        infos = reading.versions(conn, reading.find_report(conn, PAGE))
    return [(v.rendition, v.version) for v in infos]


def test_three_renditions_in_one_run_are_three_first_versions(archive: Archive) -> None:
    results = save_three(archive)
    assert [(r.status, r.rendition, r.version) for r in results] == [
        ("inserted", "html", 1),
        ("inserted", "pdf", 1),
        ("inserted", "docx", 1),
    ]


def test_one_report_for_the_three(archive: Archive) -> None:
    assert len({r.report_id for r in save_three(archive)}) == 1


def test_second_run_is_unchanged_for_every_rendition(archive: Archive) -> None:
    save_three(archive)
    assert [r.status for r in save_three(archive, DAY2)] == ["unchanged"] * 3


def test_same_capture_again_is_unchanged(archive: Archive) -> None:
    save_three(archive)
    again = archive.save_report(
        rendition("pdf"),
        url=PDF,
        source="qu",
        capture_id=archive.record_capture(make_capture(PDF, DAY1)),
    )
    assert (again.status, again.rendition, rows(archive)) == (
        "unchanged",
        "pdf",
        [("html", 1), ("pdf", 1), ("docx", 1)],
    )


def edited_pdf() -> ParsedReport:
    return edit_cell(rendition("pdf"), "requests", "new", "natural_person", 11)


def test_edited_pdf_is_one_new_version_of_the_pdf(archive: Archive) -> None:
    save_three(archive)
    save(archive, edited_pdf(), PDF, DAY2)
    save_three(archive, DAY2)  # the page and the DOCX unchanged; the old PDF content is not back
    assert rows(archive) == [("html", 1), ("pdf", 1), ("docx", 1), ("pdf", 2)]


def test_default_diff_is_the_pdf_against_its_previous_version(archive: Archive) -> None:
    save_three(archive)
    save(archive, edited_pdf(), PDF, DAY2)
    with archive.engine.connect() as conn:
        old, new = reading.diff_pair(conn, reading.find_report(conn, PAGE))
        a, b = reading.load_version(conn, old), reading.load_version(conn, new)
    changes = [(c.table, c.row, c.column, c.old, c.new) for c in diff_cells(a.tables, b.tables)]
    assert changes == [("requests", "new", "natural_person", 10, 11)]


def test_diff_across_renditions_is_refused(archive: Archive) -> None:
    save_three(archive)
    with archive.engine.connect() as conn, pytest.raises(RenditionMismatchError):
        reading.diff_pair(
            conn,
            reading.find_report(conn, PAGE),
            reading.VersionRef(1, "html"),
            reading.VersionRef(1, "pdf"),
        )


def test_diff_across_renditions_when_asked(archive: Archive) -> None:
    save_three(archive)
    with archive.engine.connect() as conn:
        old, new = reading.diff_pair(
            conn,
            reading.find_report(conn, PAGE),
            reading.VersionRef.parse("html:1"),
            reading.VersionRef.parse("pdf:1"),
            across=True,
        )
    assert (old.rendition, new.rendition) == ("html", "pdf")


def test_page_moved_to_a_new_url_keeps_its_chain(archive: Archive) -> None:
    save_three(archive)
    moved = replace(rendition("html"), text=rendition("html").text + "补充。")
    result = save(archive, moved, "https://qu.example.gov.cn/new/2023/index.html", DAY2)
    assert (result.status, result.rendition, result.version) == ("new_version", "html", 2)


def test_page_at_a_new_url_unchanged(archive: Archive) -> None:
    save_three(archive)
    result = save(archive, rendition("html"), "https://qu.example.gov.cn/new/a.html", DAY2)
    assert (result.status, result.rendition) == ("unchanged", "html")


WORDS_PDF = "https://qu.example.gov.cn/zwgk/P0202401000100_wzb.pdf"


def test_two_pdfs_of_one_report_are_two_renditions(archive: Archive) -> None:
    save_three(archive)
    words = replace(rendition("pdf"), text="文字版\n" + TEXT)
    first = save(archive, words, WORDS_PDF)
    again = [save(archive, rendition("pdf"), PDF, DAY2), save(archive, words, WORDS_PDF, DAY2)]
    assert (first.rendition, [r.status for r in again]) == (f"pdf {WORDS_PDF}", ["unchanged"] * 2)


def test_default_reads_use_the_primary_rendition(archive: Archive) -> None:
    save(archive, rendition("pdf"), PDF)
    more = replace(rendition("docx"), tables={**make_report().tables, "extra": {"r": {"c": 1}}})
    save(archive, more, DOCX)
    save(archive, rendition("html"), PAGE)
    with archive.engine.connect() as conn:
        assert [r["rendition"] for r in query_versions(conn, VersionFilter())] == ["docx"]


def test_primary_ties_go_to_the_page(archive: Archive) -> None:
    save(archive, rendition("pdf"), PDF)
    save(archive, rendition("html"), PAGE)
    save(archive, rendition("docx"), DOCX)
    with archive.engine.connect() as conn:
        assert reading.primary_rendition(conn, reading.find_report(conn, PAGE)) == "html"


@pytest.mark.parametrize(
    ("flt", "expected"), [(VersionFilter(), 1), (VersionFilter(all_renditions=True), 3)]
)
def test_query_one_row_per_report_unless_all_renditions(
    archive: Archive, flt: VersionFilter, expected: int
) -> None:
    save_three(archive)
    with archive.engine.connect() as conn:
        assert len(query_versions(conn, flt)) == expected


@pytest.mark.parametrize(
    ("flt", "expected"), [(VersionFilter(), 1), (VersionFilter(all_renditions=True), 3)]
)
def test_export_one_record_per_report_unless_all_renditions(
    archive: Archive, flt: VersionFilter, expected: int
) -> None:
    save_three(archive)
    save(archive, edited_pdf(), PDF, DAY2)
    with archive.engine.connect() as conn:
        assert len(list(records(conn, flt))) == expected


def test_views_mark_the_latest_of_each_rendition(archive: Archive) -> None:
    save_three(archive)
    save(archive, edited_pdf(), PDF, DAY2)
    with archive.engine.connect() as conn:
        latest = conn.execute(
            sa.text(
                "SELECT rendition, version, is_latest FROM version_overview "
                "WHERE is_rendition_latest = 1 ORDER BY version_id"
            )
        ).all()
    assert [tuple(row) for row in latest] == [("html", 1, 1), ("docx", 1, 0), ("pdf", 2, 0)]


# Migration 0006 on an archive that churned (page, PDF, DOCX as versions 1, 2, 3 of one chain).

_CHURNED = (
    (1, "html", PAGE, "h1"),
    (2, "pdf", PDF, "h2"),
    (3, "docx", DOCX, "h3"),
    (4, "html", PAGE, "h4"),
)


def _churned_0005(db_url: str) -> sa.Engine:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0005")
    now = "2024-01-26 00:00:00"
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO report (id, identity, url, created_at) VALUES (1, 'u:x', :u, :n)"),
            {"u": PAGE, "n": now},
        )
        for number, form, url, content in _CHURNED:
            conn.execute(
                sa.text(
                    "INSERT INTO report_version (id, report_id, version, content_hash, text_hash,"
                    " tables_hash, template, form, url, first_seen, last_seen, missing, warnings,"
                    " text) VALUES (:v, 1, :v, :h, :h, 'h', '2021', :f, :u, :n, :n, '[]', '[]', '')"
                ),
                {"v": number, "h": content, "f": form, "u": url, "n": now},
            )
        conn.execute(sa.text("UPDATE report SET latest_version_id = 4"))
    return engine


def test_migration_0006_splits_a_churned_chain_into_renditions(db_url: str) -> None:
    engine = _churned_0005(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        found = conn.execute(
            sa.select(m.report_version.c.rendition, m.report_version.c.version).order_by(
                m.report_version.c.id
            )
        ).all()
    engine.dispose()
    assert [tuple(r) for r in found] == [("html", 1), ("pdf", 1), ("docx", 1), ("html", 2)]


def test_migration_0006_points_the_report_at_the_primary_rendition(db_url: str) -> None:
    engine = _churned_0005(db_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        latest = conn.execute(sa.select(m.report.c.latest_version_id)).scalar_one()
    engine.dispose()
    assert latest == 4  # no cells anywhere: ties go to the page, its latest version


# The commands.


def nianbao(archive: Archive, *args: str) -> tuple[int, str, str]:
    url = archive.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def test_cli_diff_of_two_renditions_is_a_one_line_error(archive: Archive) -> None:
    save_three(archive)
    code, _out, err = nianbao(archive, "diff", PAGE, "--from", "html:1", "--to", "pdf:1")
    assert (code, err.count("\n"), "--across" in err) == (2, 1, True)


def test_cli_diff_defaults_to_the_newest_rendition(archive: Archive) -> None:
    save_three(archive)
    save(archive, edited_pdf(), PDF, DAY2)
    code, out, _err = nianbao(archive, "diff", PAGE)
    assert (code, out.splitlines()[0]) == (0, "pdf version 1 → pdf version 2: 1 cell change(s)")


def test_cli_diff_defaults_to_the_rendition_that_changed_last(archive: Archive) -> None:
    save(archive, edited_pdf(), PDF, DAY1)
    save_three(archive, DAY2)  # the docx and the page arrive after the PDF's edit, once each
    code, out, _err = nianbao(archive, "diff", PAGE)
    assert (code, out.splitlines()[0].split(":")[0]) == (0, "pdf version 1 → pdf version 2")


def test_cli_diff_with_one_version_of_each_rendition_names_them(archive: Archive) -> None:
    save_three(archive)
    code, _out, err = nianbao(archive, "diff", PAGE)
    assert (code, "(html, pdf, docx)" in err) == (2, True)


def test_cli_query_all_renditions(archive: Archive) -> None:
    save_three(archive)
    code, out, _err = nianbao(archive, "query", "--all-renditions", "--csv")
    assert (code, len(out.splitlines())) == (0, 4)


def test_downgrade_0006_numbers_versions_per_report_again(archive: Archive) -> None:
    save_three(archive)
    archive.close()
    engine = make_engine(archive.engine.url.render_as_string(hide_password=False))
    migrate.downgrade(engine, "0005")
    with engine.connect() as conn:
        numbers = conn.execute(sa.text("SELECT version FROM report_version ORDER BY id")).scalars()
        assert list(numbers) == [1, 2, 3]
    engine.dispose()
