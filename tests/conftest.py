"""Shared test fixtures: real services, or a visible skip (a failure under CI=true)."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "jobs" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get("NIANBAO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def require(condition: bool, reason: str) -> None:
    """Skip with a visible reason when a service is missing; under CI=true that is a failure."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("NIANBAO_CHROMIUM") or shutil.which("chromium")
    require(path is not None, "Debian chromium not installed (apt-get install -y chromium)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """Admin URL of the PostgreSQL server; skips (fails in CI) when it is not running."""
    require(_port_open("127.0.0.1", 5432), "PostgreSQL not running on 127.0.0.1:5432")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import sqlalchemy as sa

    name = f"nianbao_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = pg_server_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nianbao.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every storage test runs on a SQLite file and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nianbao.db'}"
    return str(request.getfixturevalue("pg_url"))
