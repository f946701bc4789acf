"""Alembic environment: run from code by ``station_app.storage.migrate`` with a live connection."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from station_app.storage.schema import metadata

config = context.config
connection = config.attributes.get("connection")


def _include_name(name: Any, type_: str, parent_names: Any) -> bool:
    # FTS5 virtual tables and their shadow tables are made by hand in the migrations.
    return not (type_ == "table" and isinstance(name, str) and "_fts" in name)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    # Scripts must not import the app's column types: render them as what SQLite stores.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl_instance
        return f"sa.{impl!r}"
    return False


def run_migrations_online() -> None:
    if connection is None:
        raise RuntimeError("migrations run from station_app.storage.migrate with a connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that
        include_name=_include_name,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
