"""The store keeps SQLite's planner statistics current (storage/planner_statistics.py): after a
bulk write, at close and with the daily backup, and every pooled connection plans with them.
The list reads that steer the planner (a count's date bound, a common word's index walk) must
return exactly the rows they did without."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from station_app.domain.consultation import ConsultationDraft
from station_app.domain.ledger_query import LedgerQuery
from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import StoreMaintenance
from station_app.storage.ledger_repository import LedgerRepository
from station_app.storage.planner_statistics import stale_tables
from station_app.storage.store_files import DB_FILENAME
from station_app.tools.demo_data import _Maker, fill_demo

#: A read whose plan follows the statistics: with them SQLite knows a category is rarer than a
#: village (16 values against 3) and reads the category's index; without, the village's.
PROBE = (
    "SELECT id FROM consultation WHERE voided_at IS NULL AND village_id = 1 AND category = '继承'"
)


def _recorded(db: Path) -> dict[str, int]:
    """Rows per table as sqlite_stat1 has them (read apart from the store's connections)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT tbl, stat FROM sqlite_stat1").fetchall()
    found: dict[str, int] = {}
    for table, stat in rows:
        head = str(stat).split(" ", 1)[0]
        if head.isdigit():
            found[table] = max(found.get(table, 0), int(head))
    return found


def _raw(session: Session) -> sqlite3.Connection:
    raw = session.connection().connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _forget_statistics(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM sqlite_stat1")


def _consultations(services: StationServices, n: int) -> list[ConsultationDraft]:
    station = services.organisation.require_station()
    today = services.ctx.clock.today()
    villages: list[int | None] = [v.id for v in station.villages]
    maker = _Maker(
        random.Random(n),
        today,
        date(today.year, 1, 1),
        villages,
        ["甲"],
        ["乙"],
        [("丙", "丁所")],
        ["01"],
    )
    return [maker.consultation() for _ in range(n)]


def _plan(session: object) -> str:
    rows = session.execute(text(f"EXPLAIN QUERY PLAN {PROBE}"))  # type: ignore[attr-defined]
    return " ".join(r[-1] for r in rows)


def test_a_bulk_write_leaves_statistics_every_connection_plans_with(
    services: StationServices,
) -> None:
    db = services.store.path
    # Two pooled connections that loaded the schema before any statistics existed.
    with services.store.read() as one, services.store.read() as two:
        before = [_plan(one), _plan(two)]
    assert before[0] == before[1]
    assert "consultation" not in _recorded(db)

    services.consultations.create_many(_consultations(services, 400))  # one transaction

    assert _recorded(db)["consultation"] == 400
    with services.store.read() as session:
        assert stale_tables(_raw(session)) == []
    # Whichever pooled connection the next reads get, they plan with the new statistics.
    with services.store.read() as one, services.store.read() as two:
        after = [_plan(one), _plan(two)]
    with sqlite3.connect(db) as fresh:
        expected = " ".join(r[-1] for r in fresh.execute(f"EXPLAIN QUERY PLAN {PROBE}"))
    assert after == [expected, expected]
    assert expected != before[0]


def test_close_analyses_what_single_saves_grew(services: StationServices) -> None:
    """Saves one at a time never make a bulk transaction; the close catches their growth."""
    fill_demo(services, 40, batch=5, seed=4)  # transactions far below the bulk threshold
    db = services.store.path
    _forget_statistics(db)
    services.close()
    recorded = _recorded(db)
    assert recorded.get("consultation", 0) >= 15
    assert recorded.get("duty_log", 0) > 0


def test_statistics_are_only_retaken_when_a_table_has_doubled(
    services: StationServices,
) -> None:
    db = services.store.path
    services.consultations.create_many(_consultations(services, 400))
    assert _recorded(db)["consultation"] == 400  # analysed after the bulk write
    services.consultations.create_many(_consultations(services, 399))  # not twice as many
    assert _recorded(db)["consultation"] == 400
    with services.store.read() as session:
        raw = _raw(session)
        assert "consultation" not in stale_tables(raw)
    services.consultations.create(_consultations(services, 1)[0])  # now twice as many
    with services.store.read() as session:
        raw = _raw(session)
        assert "consultation" in stale_tables(raw)
    services.close()
    assert _recorded(db)["consultation"] == 800


def test_the_daily_backup_takes_fresh_statistics(services: StationServices, data_dir: Path) -> None:
    fill_demo(services, 300, batch=300, seed=6)
    services.close()
    _forget_statistics(data_dir / DB_FILENAME)
    made = StoreMaintenance(data_dir).daily_backup()
    assert made is not None
    recorded = _recorded(data_dir / DB_FILENAME)
    assert recorded.get("consultation", 0) > 0 and recorded.get("duty_log", 0) > 0
    # A second call the same day makes no backup and takes no statistics.
    _forget_statistics(data_dir / DB_FILENAME)
    assert StoreMaintenance(data_dir).daily_backup() is None
    assert "consultation" not in _recorded(data_dir / DB_FILENAME)


def _answers(services: StationServices, common: str) -> dict[str, tuple[Any, ...]]:
    """Every filter of every ledger (ids in order and counts), and searches."""
    found: dict[str, tuple[Any, ...]] = {}
    villages = services.organisation.require_station().villages
    for ledger in services.ledgers():
        queries = [
            LedgerQuery(),
            LedgerQuery(villages=frozenset({villages[0].id})),
            LedgerQuery(villages=frozenset({None})),
            LedgerQuery(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31)),
            *(LedgerQuery(kind=v) for v in ledger.spec.kind_values),
        ]
        for n, q in enumerate(queries):
            found[f"{ledger.spec.entity} {n}"] = (
                ledger.ids(q, limit=101),
                ledger.count(q),
                [s.meta.id for s in ledger.page(q, limit=30).items],
            )
    for word in (common, "工资", "张", "不在任何记录里的词"):
        q = LedgerQuery(text=word)
        found[f"search {word}"] = (
            services.consultations.ids(q, limit=101),
            services.consultations.ids(q),
            services.consultations.count(q),
        )
    return found


def test_list_reads_return_the_same_rows_with_and_without_statistics(
    services: StationServices,
) -> None:
    fill_demo(services, 800, batch=800, seed=7)
    common = "维权"
    consult = services.consultations
    with services.store.read() as session:
        repo = LedgerRepository(session, consult.spec)
        from station_app.storage.search_text import match_query

        match = match_query(common)
        assert match is not None
        assert repo._many_hits(match, 101)  # the index walk is what is being compared
    with_statistics = _answers(services, common)
    limited, everything, total = with_statistics[f"search {common}"]
    assert limited == everything[:101] and total == len(everything) > 101

    db = services.store.path
    services.close()
    _forget_statistics(db)
    reopened = StationServices.open(db.parent)
    try:
        reopened.ctx.principal = reopened.accounts.principal("admin")
        with reopened.store.read() as session:
            assert session.execute(text("SELECT count(*) FROM sqlite_stat1")).scalar() == 0
        assert _answers(reopened, common) == with_statistics
    finally:
        reopened.close()
