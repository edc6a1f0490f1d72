"""The archive commands through the `nianbao` app (typer's CliRunner), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from archive_helpers import TEXT, edit_cell, make_report, open_archive
from conftest import SAMPLES
from typer.main import get_command
from typer.testing import CliRunner

from jobs.cli import app

URL = "https://www.bjft.gov.cn/ftq/2023.html"
AGENCY = "北京市丰台区人民政府"
runner = CliRunner()


def run(*args: str) -> typer.testing.Result:
    return runner.invoke(app, list(args))


@pytest.fixture
def db(db_url: str) -> str:
    """An archive with one report in two versions (one cell and one phrase changed)."""
    with open_archive(db_url) as archive:
        archive.ensure_source("fengtai", "https://www.bjft.gov.cn/", region="北京市")
        for year, carried_forward in ((2022, 2), (2023, 1)):
            report = make_report(year=year, carried_over=2, carried_forward=carried_forward)
            archive.save_report(report, url=f"https://x/{year}", source="fengtai", capture_id=None)
        archive.save_report(make_report(), url=URL, source="fengtai", capture_id=None)
        second = replace(
            edit_cell(make_report(), "requests", "new", "natural_person", 11), text=TEXT + "补充。"
        )
        archive.save_report(second, url=URL, source="fengtai", capture_id=None)
    return db_url


def _commands() -> list[tuple[str, ...]]:
    group = get_command(app)
    names: list[tuple[str, ...]] = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names += [(name, sub) for sub in subs] if subs else [(name,)]
    return names


ARCHIVE_COMMANDS = {"history", "diff", "compare", "query", "search", "export", "ingest", "db"}


@pytest.mark.parametrize("command", [c for c in _commands() if c[0] in ARCHIVE_COMMANDS])
def test_every_archive_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Example: nianbao" in result.output


def test_history_json(db: str) -> None:
    result = run("history", URL, "--db", db, "--json")
    assert [row["version"] for row in json.loads(result.output)] == [1, 2]


def test_history_by_agency_and_year(db: str) -> None:
    result = run("history", "--agency", AGENCY, "--year", "2023", "--db", db, "--csv")
    assert result.output.splitlines()[0].startswith("rendition,version,first_seen")


def test_diff_json_shows_exactly_the_cell(db: str) -> None:
    result = run("diff", URL, "--db", db, "--json")
    assert json.loads(result.output)["cells"] == [
        {"table": "requests", "row": "new", "column": "natural_person", "old": 10, "new": 11}
    ]


def test_diff_text_output(db: str) -> None:
    result = run("diff", URL, "--db", db, "--from", "1", "--to", "2")
    assert "requests.new.natural_person: 10 → 11" in result.output and "{+补充。+}" in result.output


def test_compare_reports_cross_year_check(db: str) -> None:
    result = run("compare", AGENCY, "--years", "2022", "2023", "--db", db, "--json")
    assert [c["ok"] for c in json.loads(result.output)["checks"]] == [True]


def test_query_to_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    run("query", "--region", "北京市", "--year", "2023", "--db", db, "--json", "-o", str(out))
    assert [row["version"] for row in json.loads(out.read_text(encoding="utf-8"))] == [2]


def test_query_table_output(db: str) -> None:
    assert AGENCY in run("query", "--db", db, "--table").output


def test_search_two_character_word(db: str) -> None:
    hits = json.loads(run("search", "补充", "--db", db, "--json").output)
    assert [hit["version"] for hit in hits] == [2]


def test_export_jsonl_to_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    run("export", "--format", "jsonl", "--all-versions", "--db", db, "-o", str(out))
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3  # 2022 v1, 2023 v1 and v2


def test_export_parquet_needs_a_file(db: str) -> None:
    assert run("export", "--format", "parquet", "--db", db).exit_code == 2


def test_unknown_report_is_one_line_exit_2(db: str) -> None:
    result = run("history", "https://never.example/", "--db", db)
    assert (result.exit_code, result.stderr.count("\n")) == (2, 1)


def test_bad_db_url_is_exit_2() -> None:
    result = run("query", "--db", "mysql://nobody@nowhere/x")
    assert result.exit_code == 2 and result.stderr.startswith("error:")


@pytest.mark.postgres
def test_postgres_needs_db_upgrade_first(pg_url: str) -> None:
    before = run("query", "--db", pg_url)
    upgraded = run("db", "upgrade", "--db", pg_url)
    assert (before.exit_code, "nianbao db upgrade" in before.stderr) == (2, True)
    assert (upgraded.exit_code, run("query", "--db", pg_url).exit_code) == (0, 0)


def test_ingest_then_reingest_is_unchanged(db_url: str) -> None:
    open_archive(db_url).close()
    sample = str(sorted(SAMPLES.glob("*.txt"))[0])
    args = (
        "ingest",
        sample,
        "--agency",
        "测试机关",
        "--year",
        "2023",
        "--url",
        "https://t/1",
        "--db",
        db_url,
    )
    first, second = run(*args), run(*args)
    assert (first.output.split("\t")[0], second.output.split("\t")[0]) == ("inserted", "unchanged")
