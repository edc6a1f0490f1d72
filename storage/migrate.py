"""Schema migrations, run in code (no alembic.ini); `nianbao db upgrade` calls upgrade()."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database schema to `revision` (default: the newest)."""
    _migrate(engine, command.upgrade, revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Take the database schema back to `revision` ("base": nothing)."""
    _migrate(engine, command.downgrade, revision)


def _migrate(engine: sa.Engine, step: Callable[[Config, str], None], revision: str) -> None:
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # see _sqlite_foreign_keys
            _sqlite_foreign_keys(conn, on=False)
        try:
            with conn.begin():
                step(alembic_config(conn), revision)
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("migration left rows that break a foreign key")
        finally:
            if sqlite:
                _sqlite_foreign_keys(conn, on=True)


def _sqlite_foreign_keys(conn: sa.Connection, *, on: bool) -> None:
    """SQLite changes a constraint by rebuilding the table (Alembic batch mode); with foreign
    keys enforced, dropping the old table would fail on the rows that reference it. The pragma
    only works outside a transaction, so it is set on the driver connection; the keys are
    checked once at the end of the migration instead."""
    conn.connection.driver_connection.execute(  # type: ignore[union-attr]
        f"PRAGMA foreign_keys={'ON' if on else 'OFF'}"
    )


def is_current(engine: sa.Engine) -> bool:
    return current_revision(engine) == head_revision()
