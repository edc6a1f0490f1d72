"""`nianbao harvest` as a user runs it: help, a real harvest of a replica, failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from replica.portals import column_index_portal
from replica.runs import FAST
from replica.server import serve

REPO = Path(__file__).resolve().parent.parent


def nianbao(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from jobs.cli import main; sys.argv[0] = 'nianbao'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PYTHONPATH": str(REPO),
            "PATH": "/usr/bin:/bin",
            "NIANBAO_CONTACT": "test@example.org",
        },
    )


def fast_settings() -> list[str]:
    return [arg for key, value in FAST.items() for arg in ("-s", f"{key}={json.dumps(value)}")]


def test_help_ends_with_an_example(tmp_path: Path) -> None:
    result = nianbao("harvest", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example: nianbao harvest --sources sources.toml" in result.stdout


def test_harvest_a_replica_into_sqlite(tmp_path: Path) -> None:
    portal = column_index_portal()
    with serve([portal]) as (urls, _log):
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "colindex"\nurl = "{urls["colindex"]}/"\n', "utf-8")
        result = nianbao(
            "harvest",
            "--sources",
            str(sources),
            "--db",
            f"sqlite:///{tmp_path}/n.db",
            "--warc-dir",
            str(tmp_path / "warc"),
            "--no-render",
            "--json",
            *fast_settings(),
            cwd=tmp_path,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    [source] = json.loads(result.stdout)["sources"]
    assert source["reports"] == 9
    assert list((tmp_path / "warc" / "colindex").glob("*.warc.gz"))


def test_an_empty_harvest_fails(tmp_path: Path) -> None:
    portal = column_index_portal()
    with serve([portal]) as (urls, _log):
        result = nianbao(
            "harvest",
            "--source",
            f"empty={urls['colindex']}/nothing-here/",
            "--db",
            f"sqlite:///{tmp_path}/n.db",
            "--warc-dir",
            str(tmp_path / "w"),
            "--no-render",
            *fast_settings(),
            cwd=tmp_path,
        )
    assert result.returncode == 1
    assert "no report found for empty" in result.stderr
    assert "FAILED" in result.stdout


def test_a_bad_sources_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text('[[source]]\nname = "x"\n', "utf-8")
    result = nianbao("harvest", "--sources", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {bad}: [[source]] #1: missing required key 'url'"


def test_an_empty_harvest_is_recorded(tmp_path: Path) -> None:
    import sqlalchemy as sa

    portal = column_index_portal()
    with serve([portal]) as (urls, _log):
        nianbao(
            "harvest",
            "--source",
            f"empty={urls['colindex']}/zwgk/zcwj/",
            "--db",
            f"sqlite:///{tmp_path}/n.db",
            "--warc-dir",
            str(tmp_path / "w"),
            "--no-render",
            *fast_settings(),
            cwd=tmp_path,
        )
    [run] = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "w" / "runs").glob("*.json")]
    assert (run["ok"], run["failed"]) == (False, ["empty"])
    engine = sa.create_engine(f"sqlite:///{tmp_path}/n.db")
    with engine.connect() as conn:
        stages = conn.execute(sa.text("SELECT stage, message FROM problem")).all()
    engine.dispose()
    assert ("harvest", "no annual report found") in stages
