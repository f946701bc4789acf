"""The console's times: stored in UTC, shown on the county's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from sync.server.console.web import ZONE_ENV, console_zone, local_time, zone_label


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    console_zone.cache_clear()
    yield monkeypatch
    monkeypatch.delenv(ZONE_ENV, raising=False)
    console_zone.cache_clear()


def test_a_stored_utc_time_is_shown_in_beijing_time_by_default(zone: pytest.MonkeyPatch) -> None:
    zone.delenv(ZONE_ENV, raising=False)
    assert local_time(datetime(2026, 11, 30, 9, 5, 42)) == "2026-11-30 17:05"
    assert local_time(datetime(2026, 12, 31, 16, 30), seconds=True) == "2027-01-01 00:30:00"
    assert local_time(datetime(2026, 11, 30, 9, 5, tzinfo=UTC)) == "2026-11-30 17:05"
    assert local_time(None) == ""
    assert zone_label() == "北京时间"


def test_a_configured_zone_is_used_instead(zone: pytest.MonkeyPatch) -> None:
    zone.setenv(ZONE_ENV, "Asia/Urumqi")
    assert local_time(datetime(2026, 11, 30, 9, 5)) == "2026-11-30 15:05"
    assert zone_label() == "Asia/Urumqi"
