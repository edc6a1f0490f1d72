"""Exact decimals end to end: what the report printed comes back, on SQLite and PostgreSQL,
through the store, every export format and the JSON/CSV of the commands."""

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
from alembic import command
from archive_helpers import make_report, open_archive
from typer.testing import CliRunner

from jobs.cli import app
from parsers.model import ParsedReport, Tables
from storage import migrate, reading
from storage import models as m
from storage.archive import Archive
from storage.db import make_engine
from storage.export import records, write_csv, write_jsonl, write_parquet
from storage.fingerprint import fingerprint, tables_hash

URL = "https://www.bjft.gov.cn/ftq/2023.html"
AGENCY = "北京市丰台区人民政府"
FEES = Decimal("5098.4139")
PROCUREMENT = Decimal("75394432.52")
SIX_PLACES = Decimal("0.123456")  # NUMERIC(24,4) would keep 0.1235
runner = CliRunner()


def money_report(fees: Decimal = FEES) -> ParsedReport:
    report = make_report()
    tables: Tables = {t: {r: dict(c) for r, c in rows.items()} for t, rows in report.tables.items()}
    tables["active"]["fees"] = {"amount_10k_yuan": fees}
    tables["active"]["procurement"] = {"items": 3, "amount": PROCUREMENT}
    tables["requests"]["new"]["total"] = SIX_PLACES
    tables["processing_fees"]["notices"] = {"count": 2, "amount_yuan": None, "collected_yuan": 0}
    return replace(report, tables=tables)


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    archive = open_archive(db_url)
    archive.ensure_source("fengtai", "https://www.bjft.gov.cn/", region="北京市")
    archive.save_report(money_report(), url=URL, source="fengtai", capture_id=None)
    yield archive
    archive.close()


@pytest.fixture
def conn(archive: Archive) -> Iterator[sa.Connection]:
    with archive.engine.connect() as connection:
        yield connection


def latest(conn: sa.Connection) -> reading.VersionContent:
    return reading.load_version(conn, reading.version_info(conn, reading.find_report(conn, URL)))


def test_tables_read_back_exactly(conn: sa.Connection) -> None:
    tables = latest(conn).tables
    assert tables == money_report().tables


@pytest.mark.parametrize(
    ("table", "row", "column", "text"),
    [
        ("active", "fees", "amount_10k_yuan", "5098.4139"),
        ("active", "procurement", "amount", "75394432.52"),
        ("requests", "new", "total", "0.123456"),
        ("active", "procurement", "items", "3"),
        ("processing_fees", "notices", "amount_yuan", "None"),
    ],
)
def test_each_value_keeps_its_type_and_digits(
    conn: sa.Connection, table: str, row: str, column: str, text: str
) -> None:
    value = latest(conn).tables[table][row][column]
    expected_type = type(None) if text == "None" else int if "." not in text else Decimal
    assert (type(value), str(value)) == (expected_type, text)


def test_read_back_hashes_as_stored(conn: sa.Connection) -> None:
    content = latest(conn)
    assert tables_hash(content.tables) == content.info.tables_hash


@pytest.mark.postgres
def test_content_hash_same_on_both_backends(sqlite_url: str, pg_url: str) -> None:
    hashes = []
    for url in (sqlite_url, pg_url):
        with open_archive(url) as archive:
            archive.save_report(money_report(), url=URL, source="fengtai", capture_id=None)
            with archive.engine.connect() as connection:
                content = latest(connection)
        hashes.append((content.info.content_hash, tables_hash(content.tables)))
    expected = fingerprint(money_report())
    assert hashes == [(expected.content_hash, expected.tables_hash)] * 2


def test_export_jsonl_prints_exact_numbers(conn: sa.Connection) -> None:
    out = io.StringIO()
    write_jsonl(records(conn), out)
    text = out.getvalue()
    assert "5098.4139" in text and "75394432.52" in text and "0.123456" in text
    assert json.loads(text, parse_float=Decimal)["tables"] == money_report().tables


def test_export_csv_tables_exact(conn: sa.Connection) -> None:
    out = io.StringIO()
    write_csv(records(conn), out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    tables = json.loads(row["tables"], parse_float=Decimal)
    assert tables["active"]["procurement"] == {"items": 3, "amount": PROCUREMENT}


def test_export_parquet_counts_int64_amounts_exact_text(
    conn: sa.Connection, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    write_parquet(records(conn), tmp_path / "out.parquet")
    table = pq.read_table(tmp_path / "out.parquet")
    cells = {(c["table"], c["row"], c["column"]): c for c in table.to_pylist()[0]["cells"]}
    assert str(table.schema.field("cells").type.value_type.field("count").type) == "int64"
    assert cells[("active", "fees", "amount_10k_yuan")]["amount"] == "5098.4139"
    assert cells[("active", "procurement", "items")] == {
        "table": "active",
        "row": "procurement",
        "column": "items",
        "count": 3,
        "amount": None,
    }


def test_cell_value_view_has_exact_text(conn: sa.Connection) -> None:
    found = conn.execute(
        sa.text("SELECT value_text FROM cell_value WHERE row_key = 'fees' AND is_latest = 1")
    ).scalar_one()
    assert found == "5098.4139"


def cli(archive: Archive, *args: str) -> str:
    url = archive.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_query_json_and_csv_exact(archive: Archive) -> None:
    as_json = json.loads(cli(archive, "query", "--json"), parse_float=Decimal)
    as_csv = list(csv.DictReader(io.StringIO(cli(archive, "query", "--csv"))))
    assert (as_json[0]["requests_new"], as_csv[0]["requests_new"]) == (SIX_PLACES, "0.123456")


def test_diff_json_exact(archive: Archive) -> None:
    archive.save_report(money_report(SIX_PLACES), url=URL, source="fengtai", capture_id=None)
    cells = json.loads(cli(archive, "diff", URL, "--json"), parse_float=Decimal)["cells"]
    assert [(c["old"], c["new"]) for c in cells] == [(FEES, SIX_PLACES)]


def test_compare_json_exact(archive: Archive) -> None:
    out = json.loads(
        cli(archive, "compare", AGENCY, "--years", "2023", "--json"), parse_float=Decimal
    )
    figures = {row["figure"]: row["2023"] for row in out["figures"]}
    assert figures["requests.new.total"] == SIX_PLACES


def test_history_json(archive: Archive) -> None:
    assert [v["version"] for v in json.loads(cli(archive, "history", URL, "--json"))] == [1]


def test_migration_0004_backfills_exact_text(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0003")
    with engine.begin() as conn:
        version_id = _bare_version(conn)
        for key_id, value in ((1, Decimal("5098.4139")), (2, 7), (3, None), (4, Decimal("2.5"))):
            conn.execute(m.cell.insert().values(version_id=version_id, key_id=key_id, value=value))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        texts = conn.execute(sa.select(m.cell.c.value_text).order_by(m.cell.c.key_id)).scalars()
        assert list(texts) == ["5098.4139", "7", None, "2.5"]
    engine.dispose()


def _bare_version(conn: sa.Connection) -> int:
    """A report version row without cells, written with plain SQL (the 0003 schema)."""
    now = "2024-01-01 00:00:00"
    conn.execute(
        sa.text("INSERT INTO report (id, identity, url, created_at) VALUES (1, 'u:x', 'x', :now)"),
        {"now": now},
    )
    conn.execute(
        sa.text(
            "INSERT INTO report_version (id, report_id, version, content_hash, text_hash, "
            "tables_hash, template, form, url, first_seen, last_seen, missing, warnings, text) "
            "VALUES (1, 1, 1, 'h', 'h', 'h', '2021', 'text', 'x', :now, :now, '[]', '[]', '')"
        ),
        {"now": now},
    )
    return 1


def test_downgrade_0004_keeps_values(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0003")
    assert "value_text" not in {c["name"] for c in sa.inspect(engine).get_columns("cell")}
    engine.dispose()
