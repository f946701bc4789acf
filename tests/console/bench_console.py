"""How long the console's 概览 and 季度统计 take at county scale (not part of the suite).

    PYTHONPATH=. python3 tests/console/bench_console.py --stations 40 --records 50000 \\
        [--db postgresql+psycopg://…]   # default: a scratch SQLite file

Fills a scratch county database with consultations spread over four quarters (a quarter holds
a quarter of each station's records), then prints each page's time: 概览, and 季度统计 counted
cold, warm (nothing synced since), and after one station synced again.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.quarter import Quarter
from sync.payload import encode_draft
from sync.protocol import Change
from sync.server.console import queries
from sync.server.county_report import RowsCache, county_table
from sync.server.db import CountyDatabase
from sync.server.models import RecordRow, StationRow
from sync.server.reference import seed_defaults

QUARTER = Quarter.parse("2026Q3")
ORIGIN = "6f1c1d55-3b1e-4a8e-9a53-6c2f0e7c2b10"


def fill(db: CountyDatabase, stations: int, records: int) -> None:
    first_day = date(2026, 1, 1)
    with db.write() as session:
        seed_defaults(session)
    for n in range(stations):
        with db.write() as session:
            station = StationRow(
                uuid=str(uuid.uuid4()),
                name=f"测试{n + 1:02d}镇公共法律服务工作站",
                county="测试区",
                kind="town",
                case_prefix="测",
                last_seq=records,
                created_at=datetime(2026, 1, 1),
            )
            session.add(station)
            session.flush()
            rows = []
            for i in range(records):
                day = first_day + timedelta(days=i % 360)
                draft = ConsultationDraft(
                    consulted_on=day,
                    channel=ConsultChannel.VISIT,
                    name="测试",
                    category=ConsultCategory.LABOUR,
                    question="问题",
                    receiver="站员",
                    outcome=ConsultOutcome.ANSWERED,
                )
                change = Change(
                    "consultation", str(uuid.uuid4()), 1, "create", encode_draft(draft, {}), ORIGIN
                )
                rows.append(
                    {
                        "uuid": change.uuid,
                        "entity": "consultation",
                        "station_id": station.id,
                        "village_uuid": None,
                        "day": day,
                        "revision": 1,
                        "voided": False,
                        "writer": ORIGIN,
                        "seq": i + 1,
                        "received_at": datetime(2026, 11, 1),
                        "change": json.dumps(change.to_json(), ensure_ascii=False),
                    }
                )
            session.execute(insert(RecordRow), rows)
        print(f"  filled station {n + 1}/{stations}", flush=True)


def timed(label: str, work: object) -> None:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stations", type=int, default=40)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench-county.db'}"
    db = CountyDatabase.open(url)
    fill(db, args.stations, args.records)
    cache = RowsCache()
    today = date(2026, 11, 30)

    def overview() -> None:
        with db.read() as session:
            queries.overview(session, QUARTER, datetime(2026, 11, 30))

    def table() -> None:
        county_table(db, QUARTER, today=today, cache=cache)

    def one_synced() -> None:
        with db.write() as session:
            station = session.get(StationRow, 1)
            assert station is not None
            station.last_seq += 1

    print(f"{args.stations} stations × {args.records} records ({db.engine.dialect.name})")
    timed("概览", overview)
    timed("季度统计, cold (every station counted)", table)
    timed("季度统计, warm (nothing synced since)", table)
    one_synced()
    timed("季度统计, one station synced since", table)
    db.close()


if __name__ == "__main__":
    main()
