"""季度统计 never waits for a count: right after a station syncs, its row shows the last count
marked 正在更新 with the time it was counted, and the background count then brings the new
figure; a station never counted shows 正在统计; one whose count fails shows 统计失败 and is not
waited for. Through HTTP, against the real app and its
background counter (as `county-server serve` starts them), in this process."""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
import uvicorn
from sqlalchemy import select

from station_app.domain.choices import ConsultCategory
from station_app.domain.quarter import Quarter
from sync.payload import encode_draft
from sync.protocol import Batch, Change
from sync.server import accounts
from sync.server.accounts import Role
from sync.server.app import create_app
from sync.server.console.warm import Counting, keep_counted
from sync.server.console.web import local_time
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code, redeem
from sync.server.ingest import ingest
from sync.server.models import RecordRow, StationTableRow
from sync.server.reference import seed_defaults
from tests.console.console_support import csrf_of
from tests.drafts import consultation
from tests.sync_support import sqlite_url

STATION = "甲镇公共法律服务工作站"
PASSWORD = "viewer-pass-2026"
LOOK_SECONDS = 3.0
#: The count the figures wait for at most (a tiny county counts in well under a second).
CATCH_UP_SECONDS = 60.0


@dataclass
class Console:
    url: str
    db: CountyDatabase
    device_id: int
    store: str
    http: requests.Session

    def get(self, path: str) -> str:
        page = self.http.get(self.url + path, timeout=30)
        assert page.status_code == 200, page.status_code
        return page.text

    def push_consultation(self) -> None:
        draft = consultation(consulted_on=date.today(), category=ConsultCategory.LABOUR)
        change = Change(
            "consultation", str(uuid.uuid4()), 1, "create", encode_draft(draft, {}), self.store
        )
        receipts = ingest(self.db, self.device_id, Batch.make(self.store, "t", [change])).receipts
        assert [r.status.value for r in receipts] == ["accepted"]

    def current(self, path: str) -> str:
        """The page once every row on it is current (the background count caught up)."""
        deadline = time.monotonic() + CATCH_UP_SECONDS
        while True:
            text = self.get(path)
            if "正在更新" not in text and "正在统计" not in text:
                return text
            assert time.monotonic() < deadline, "the background count never caught up"
            time.sleep(0.2)


class _Cells(HTMLParser):
    """The text of each row's cells in the table with the given id."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id, self.inside = table_id, False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.inside = dict(attrs).get("id") == self.table_id
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td":
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.inside = False
        elif self.inside and tag == "td" and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def rows_of(html: str, table_id: str) -> dict[str, list[str]]:
    """The table's body rows by the first word of their first cell (station name, 合计)."""
    parser = _Cells(table_id)
    parser.feed(html)
    return {cells[0].split()[0]: cells for cells in parser.rows if cells}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def console(tmp_path: Path) -> Iterator[Console]:
    db = CountyDatabase.open(sqlite_url(tmp_path))
    store = str(uuid.uuid4())
    with db.write() as session:
        seed_defaults(session)
        accounts.add_user(session, "viewer", "查看", Role.VIEWER, PASSWORD)
        code = issue_code(session, STATION).code
    with db.write() as session:
        village = {"uuid": str(uuid.uuid4()), "name": "青石村", "kind": "town"}
        device, _ = redeem(session, code, store, [village])
        device_id = device.id
    app = create_app(db)
    # As `serve` starts it, but a station is recounted 3 s after it stops syncing (2 s in
    # `serve`): the pages asked right after a push see the row before the count, even on a
    # loaded machine.
    counting: Counting = keep_counted(db, app.state.console_counts, look=LOOK_SECONDS)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    url = f"http://127.0.0.1:{port}"
    http = requests.Session()
    login = http.get(url + "/console/login", timeout=30)
    answer = http.post(
        url + "/console/login",
        data={"csrf": csrf_of(login.text), "username": "viewer", "password": PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303
    try:
        yield Console(url, db, device_id, store, http)
    finally:
        server.should_exit = True
        thread.join(30)
        counting.stop()
        counting.thread.join(30)
        db.close()


def _counted_once(console: Console) -> tuple[Quarter, str, datetime]:
    """One consultation pushed and counted: this quarter, its 季度统计 page, and when the
    station's table was counted."""
    quarter = Quarter.of(date.today())
    path = f"/console/reports/quarterly?quarter={quarter}"
    console.push_consultation()
    shown = rows_of(console.current(path), "quarterly")
    assert shown[STATION][1] == "1"  # consultations
    with console.db.read() as session:
        counted_at = session.scalars(
            select(StationTableRow.counted_at).where(StationTableRow.quarter == str(quarter))
        ).one()
    return quarter, path, counted_at


def test_a_station_that_synced_shows_its_last_count_marked_until_the_count_catches_up(
    console: Console,
) -> None:
    quarter, path, counted_at = _counted_once(console)

    console.push_consultation()
    page = console.get(path)  # at once: the old figure, marked, with when it was counted
    shown = rows_of(page, "quarterly")
    assert shown[STATION][0] == f"{STATION} 正在更新 统计于 {local_time(counted_at)}"
    assert shown[STATION][1] == "1"
    assert shown["合计"][0] == "合计 含 1 个正在更新的工作站（按上次统计）"
    assert "1 个工作站的数据正在更新" in page
    assert re.search(r'<meta http-equiv="refresh" content="\d+">', page)  # until current
    station_page = console.get(f"/console/reports/station?quarter={quarter}&station={STATION}")
    assert "正在更新" in station_page and local_time(counted_at) in station_page
    compliance = rows_of(
        console.get(f"/console/reports/compliance?quarter={quarter}"), "compliance"
    )
    assert compliance[STATION][0] == f"{STATION} 正在更新 统计于 {local_time(counted_at)}"

    page = console.current(path)  # the background count finished: the new figure, unmarked
    shown = rows_of(page, "quarterly")
    assert shown[STATION][0] == STATION and shown[STATION][1] == "2"
    assert shown["合计"][0] == "合计" and shown["合计"][1] == "2"
    assert "http-equiv" not in page  # nothing left to reload for


def test_a_station_never_counted_shows_that_it_is_being_counted(console: Console) -> None:
    console.push_consultation()
    earlier = Quarter.of(date.today()).previous.previous  # not counted ahead: only when asked
    path = f"/console/reports/quarterly?quarter={earlier}"
    page = console.get(path)
    shown = rows_of(page, "quarterly")
    assert shown[STATION][0] == f"{STATION} 正在统计"
    assert set(shown[STATION][1:]) == {""}  # no figures
    assert shown["合计"][0] == "合计 未含 1 个正在统计的工作站"
    assert "1 个工作站正在统计" in page
    station_page = console.get(f"/console/reports/station?quarter={earlier}&station={STATION}")
    assert "正在统计" in station_page and 'id="station-table"' not in station_page

    shown = rows_of(console.current(path), "quarterly")  # the page asked: counted soon after
    assert shown[STATION][0] == STATION and shown[STATION][1] == "0"


def test_a_station_whose_count_fails_shows_its_last_count_marked_and_is_not_waited_for(
    console: Console,
) -> None:
    quarter, path, counted_at = _counted_once(console)
    with console.db.write() as session:  # a record the county holds is damaged
        record = session.scalars(select(RecordRow)).one()
        good, record.change = record.change, "{"
    console.push_consultation()  # the station syncs: its table is counted again, and fails

    deadline = time.monotonic() + CATCH_UP_SECONDS
    page = console.get(path)
    while "统计失败" not in page:
        assert time.monotonic() < deadline, "the failed count never showed"
        time.sleep(0.2)
        page = console.get(path)
    shown = rows_of(page, "quarterly")
    assert shown[STATION][0] == f"{STATION} 统计失败 统计于 {local_time(counted_at)}"
    assert shown[STATION][1] == "1"  # the last count, not a blank or a zero
    assert shown["合计"][0] == "合计 含 1 个统计失败的工作站（按上次统计）"
    assert "1 个工作站本次统计失败" in page
    assert "http-equiv" not in page  # not reloaded every 10 s for a count that keeps failing
    station_page = console.get(f"/console/reports/station?quarter={quarter}&station={STATION}")
    assert "统计失败" in station_page and 'id="station-table"' in station_page
    assert "http-equiv" not in station_page

    with console.db.write() as session:  # repaired; the station's next sync is counted
        session.scalars(select(RecordRow).where(RecordRow.change == "{")).one().change = good
    console.push_consultation()
    page = console.current(path)
    shown = rows_of(page, "quarterly")
    assert shown[STATION][0] == STATION and shown[STATION][1] == "3"
    assert "统计失败" not in page
