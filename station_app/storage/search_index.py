"""Keeps each ledger's FTS5 table in step with its rows, inside the writing transaction."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from station_app.storage.bulk_insert import driver
from station_app.storage.ledger_specs import LEDGERS, LedgerSpec
from station_app.storage.organisation_tables import SettingRow
from station_app.storage.outbox import ChangedRecord
from station_app.storage.search_text import index_text

log = logging.getLogger("station.db")

STALE_KEY = "search_index_stale"
#: Key of a write session's ``info``: per FTS table, the lowest new id this transaction cleared
#: the index above.
_CLEARED_FROM = "search_index_cleared_from"


def index_rows(
    session: Session, spec: LedgerSpec, rows: Sequence[ChangedRecord], *, new: bool = False
) -> None:
    """Index ``rows``' search text, replacing what their ids held; ``new``: records just
    inserted, in ascending ids above every id the ledger held before."""
    # The driver's own executemany (bulk_insert.driver): SQLAlchemy's per-row parameter
    # handling would cost a large import more than FTS5 itself.
    if not rows:
        return
    text_of = spec.search_text
    conn = driver(session)
    verb = "INSERT OR REPLACE"
    if new:
        # New ids have no text yet, so a plain INSERT, which spares FTS5 looking each one up
        # to delete its old text (a fifth of the index's work per record). One range delete
        # first clears anything a past fault may have left under those ids: once per ledger
        # and transaction, since a later batch's ids lie above a range already cleared, and
        # each delete makes FTS5 write out the text it was gathering in memory as a segment.
        cleared: dict[str, int] = session.info.setdefault(_CLEARED_FROM, {})
        first = rows[0].id
        if cleared.get(spec.fts_table, first + 1) > first:
            conn.execute(f"DELETE FROM {spec.fts_table} WHERE rowid >= ?", (first,))
            cleared[spec.fts_table] = first
        verb = "INSERT"
    conn.executemany(
        f"{verb} INTO {spec.fts_table} (rowid, body) VALUES (?, ?)",
        [(row.id, index_text(*text_of(row))) for row in rows],
    )


def index_is_stale(session: Session) -> bool:
    """Whether a migration flagged the indexes for a rebuild (asked in a read, so that an open
    with nothing to rebuild writes nothing)."""
    return session.get(SettingRow, STALE_KEY) is not None


def rebuild_if_stale(session: Session, batch: int = 2000) -> bool:
    """Refill every index after a migration flagged them; returns whether it ran."""
    if not index_is_stale(session):
        return False
    for spec in LEDGERS:
        session.execute(text(f"DELETE FROM {spec.fts_table}"))
        last_id = 0
        while True:
            rows = session.scalars(
                select(spec.row_type)
                .where(spec.row_type.id > last_id)
                .order_by(spec.row_type.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            index_rows(session, spec, rows)
            last_id = rows[-1].id
            session.expunge_all()
    session.execute(delete(SettingRow).where(SettingRow.key == STALE_KEY))
    log.info("search index rebuilt")
    return True
