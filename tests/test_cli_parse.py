"""`nianbao parse` and `nianbao demo`: JSON output, one-line errors with exit 2, help examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jobs.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "jobs" / "samples" / "003_da4cd97813954aae.txt"
runner = CliRunner()


def nianbao(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from jobs.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120
    )


def test_parse_json_has_exactly_the_contract_keys() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE), "--json"])
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == {
        "title",
        "agency",
        "year",
        "published",
        "template",
        "tables",
        "checks",
        "missing",
        "warnings",
    }


def test_parse_json_prints_money_exactly() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE), "--json"])
    assert '"amount_10k_yuan": 5098.4139' in result.stdout


def test_parse_summary_shows_tables_and_checks() -> None:
    result = runner.invoke(app, ["parse", str(SAMPLE)])
    assert result.exit_code == 0
    assert "requests.balance" in result.stdout and "2180" in result.stdout


@pytest.mark.parametrize(
    ("name", "content"), [("empty.txt", b""), ("blob.bin", bytes(range(256)) * 8)]
)
def test_bad_file_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, name: str, content: bytes
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    completed = nianbao("parse", str(bad))
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and str(bad) in lines[0] and "Traceback" not in completed.stderr


def test_missing_file_is_exit_2() -> None:
    completed = nianbao("parse", "/nonexistent/report.pdf")
    assert completed.returncode == 2 and "report.pdf" in completed.stderr


def test_demo_lists_every_bundled_report() -> None:
    result = runner.invoke(app, ["demo"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in ("000_", "001_", "002_", "003_", "004_"):
        assert name in result.stdout


@pytest.mark.parametrize("command", ["parse", "demo"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "Example: nianbao " + command in result.stdout
