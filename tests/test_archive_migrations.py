"""Alembic migrations: from an empty database to head, back to nothing, and up again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from storage import migrate
from storage.db import make_engine
from storage.views import VIEW_NAMES


def _names(engine: sa.Engine) -> set[str]:
    inspector = sa.inspect(engine)
    return set(inspector.get_table_names()) | set(inspector.get_view_names())


def test_upgrade_creates_tables_and_views(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    assert {"report", "report_version", "capture", "cell", *VIEW_NAMES} <= _names(engine)
    engine.dispose()


def test_downgrade_and_upgrade_again(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "base")
    assert _names(engine) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.is_current(engine)
    engine.dispose()
