"""Engines, dialect-specific upserts and time handling shared by the archive modules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
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


def bulk_insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the current transaction: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
