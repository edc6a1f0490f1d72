"""Engines, dialect-specific upserts and time handling shared by the archive modules."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from storage.errors import DatabaseUrlError


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver so that the "begin" hook below controls transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=NORMAL",
        "foreign_keys=ON",
        "busy_timeout=30000",
        "cache_size=-65536",  # 64 MB: index inserts stay fast as the archive grows
        # Checkpoint (and fsync) every ~40 MB of WAL, not every 4 MB: index and FTS pages
        # rewritten by many saves are then written back once.
        "wal_autocheckpoint=10000",
        "journal_size_limit=67108864",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock up front, so two writers wait instead of deadlocking.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_url: str) -> sa.Engine:
    """An engine for a SQLite or PostgreSQL URL; raises DatabaseUrlError for anything else."""
    try:
        url = sa.make_url(db_url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseUrlError(f"not a database URL: {db_url!r}") from exc
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"unsupported database {url.get_backend_name()!r}: use sqlite or postgresql"
        )
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ModuleNotFoundError) as exc:
        raise DatabaseUrlError(f"cannot open {db_url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def insert_ignore(conn: sa.Connection, table: sa.Table, values: Mapping[str, Any]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id; None when the row already existed."""
    dialect: Any = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing()
    result = conn.execute(statement.returning(table.c.id)).scalar_one_or_none()
    return None if result is None else int(result)


def utc(when: datetime) -> datetime:
    """A naive UTC datetime for storage (naive input is taken as UTC already)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def as_aware(when: datetime | None) -> datetime | None:
    """A stored naive UTC datetime given back with its UTC offset."""
    return None if when is None else when.replace(tzinfo=UTC)


def _driver_value(value: Any, is_json: bool, sqlite_numbers: bool) -> Any:
    if is_json:
        return json.dumps(value)
    if sqlite_numbers and isinstance(value, Decimal):
        return float(value)  # what SQLAlchemy's Numeric stores on SQLite
    return value


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the current transaction, straight through the driver.

    COPY on PostgreSQL, the driver's executemany on SQLite: the per-row work of the ORM-free
    Core path is still most of the cost of saving a version's ~200 cells.
    """
    if not rows:
        return
    columns = list(rows[0])
    as_json = [isinstance(table.c[c].type, sa.JSON) for c in columns]
    sqlite = conn.dialect.name == "sqlite"
    values = [
        [_driver_value(row[c], j, sqlite) for c, j in zip(columns, as_json, strict=True)]
        for row in rows
    ]
    driver: Any = conn.connection.driver_connection
    if sqlite:
        marks = ", ".join("?" for _ in columns)
        driver.executemany(
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", values
        )
        return
    with driver.cursor().copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)
