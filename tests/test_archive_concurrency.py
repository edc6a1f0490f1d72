"""Two harvests saving at once on PostgreSQL never create duplicate versions (real processes)."""

from __future__ import annotations

import multiprocessing as mp
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from archive_helpers import TEXT, make_capture, make_report, open_archive

from storage import models as m
from storage.archive import Archive

URL = "https://www.bjft.gov.cn/ftq/2023.html"
ROUNDS = 5


PDF = "https://www.bjft.gov.cn/ftq/2023.pdf"


def _worker(db_url: str, barrier: Any, texts: list[str], results: Any, minute: int) -> None:
    """Saves each text in turn; "pdf:<text>" is that text as the report's PDF at its own URL."""
    archive = Archive(db_url)
    try:
        for day, text in enumerate(texts, start=1):
            form, url = ("pdf", PDF) if text.startswith("pdf:") else ("text", URL)
            when = datetime(2024, 2, day, 8, minute, tzinfo=UTC)
            capture_id = archive.record_capture(make_capture(url, when))
            barrier.wait(timeout=60)
            report = replace(make_report(), text=text, form=form)
            results.put(
                archive.save_report(report, url=url, source="fengtai", capture_id=capture_id).status
            )
    finally:
        archive.close()


def _run_two(
    db_url: str, texts_a: list[str], texts_b: list[str], same_capture: bool = True
) -> list[str]:
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(db_url, barrier, t, results, 0 if same_capture else i))
        for i, t in enumerate((texts_a, texts_b))
    ]
    for proc in procs:
        proc.start()
    statuses = [results.get(timeout=120) for _ in range(len(texts_a) + len(texts_b))]
    for proc in procs:
        proc.join(timeout=60)
    assert all(proc.exitcode == 0 for proc in procs)
    return statuses


@pytest.fixture
def pg_archive_url(pg_url: str) -> str:
    open_archive(pg_url).close()
    return pg_url


def _versions(db_url: str) -> list[int]:
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        numbers = conn.execute(
            sa.select(m.report_version.c.version).order_by(m.report_version.c.version)
        )
        found = [int(n) for n in numbers.scalars()]
    engine.dispose()
    return found


@pytest.mark.postgres
def test_two_processes_saving_the_same_capture_leave_one_version(pg_archive_url: str) -> None:
    statuses = _run_two(pg_archive_url, [TEXT], [TEXT])
    assert (sorted(statuses), _versions(pg_archive_url)) == (["inserted", "unchanged"], [1])


@pytest.mark.postgres
def test_two_processes_with_their_own_captures_leave_one_version(pg_archive_url: str) -> None:
    statuses = _run_two(pg_archive_url, [TEXT], [TEXT], same_capture=False)
    assert (sorted(statuses), _versions(pg_archive_url)) == (["inserted", "unchanged"], [1])


@pytest.mark.postgres
def test_repeated_concurrent_changes_make_one_version_each(pg_archive_url: str) -> None:
    texts = [TEXT + f"第{i}次修改。" for i in range(ROUNDS)]
    _run_two(pg_archive_url, texts, texts)
    assert _versions(pg_archive_url) == list(range(1, ROUNDS + 1))


@pytest.mark.postgres
def test_page_and_pdf_saved_at_once_twice_leave_one_version_each(pg_archive_url: str) -> None:
    run = [TEXT, "pdf:" + TEXT]
    _run_two(pg_archive_url, run, list(reversed(run)), same_capture=False)
    assert _versions(pg_archive_url) == [1, 1]


def test_two_processes_on_sqlite_leave_one_version(sqlite_url: str) -> None:
    open_archive(sqlite_url).close()
    statuses = _run_two(sqlite_url, [TEXT], [TEXT])
    assert sorted(statuses) == ["inserted", "unchanged"]
