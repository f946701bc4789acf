"""Sealing the personal numbers a store held in clear before sealing existed (migration 0006).

Runs once after the upgrade, with the key the migration could not see; then VACUUM rewrites
the file so the old clear values do not survive in free pages.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, Text, select, type_coerce, update
from sqlalchemy.orm import Session

from station_app.domain.settings_schema import STORE_SEALED
from station_app.security.field_sealer import PREFIX
from station_app.storage.column_types import Sealed
from station_app.storage.engine import BEGIN_MODE
from station_app.storage.schema import metadata
from station_app.storage.setting_values import get, put

log = logging.getLogger("station.db")


def seal_plain_values(engine: Engine) -> int:
    """Seal every clear value left in a sealed column; the number sealed."""
    with Session(engine) as session:
        if get(session, STORE_SEALED):
            return 0
    sealed = 0
    writer = engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
    with Session(writer) as session, session.begin():
        for table in metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, Sealed):
                    continue
                raw = type_coerce(column, Text)
                plain = session.execute(
                    select(table.c.id, raw).where(raw.is_not(None), ~raw.startswith(PREFIX))
                ).all()
                for row_id, value in plain:
                    session.execute(
                        update(table).where(table.c.id == row_id).values({column.name: value})
                    )
                sealed += len(plain)
        put(session, STORE_SEALED, True)
    if sealed:
        dbapi = engine.raw_connection()  # VACUUM cannot run inside SQLAlchemy's transaction
        try:
            dbapi.cursor().execute("VACUUM")
        finally:
            dbapi.close()
        log.info("sealed %d personal numbers left from before sealing", sealed)
    return sealed
