"""Alembic environment of the county database: run from code by ``sync.server.db``."""

from __future__ import annotations

from alembic import context

from sync.server.models import CountyBase

config = context.config
connection = config.attributes.get("connection")


def run_migrations_online() -> None:
    if connection is None:
        raise RuntimeError("migrations run from sync.server.db with a connection")
    context.configure(
        connection=connection,
        target_metadata=CountyBase.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
