"""Alembic environment: runs on the connection in config.attributes (see storage.migrate)."""

from __future__ import annotations

from alembic import context

from storage.models import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.migrate.upgrade(), not the alembic CLI")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
