"""Shared fixtures: a real store in a temporary folder, a fixed clock, offscreen Qt."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import settings

# Qt must never try to open a real display in tests (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Data keys go to a throw-away folder, never the OS key store of the machine running tests
# (child processes inherit both settings). tests/services/test_personal_data.py uses a real
# keyring backend.
os.environ["STATION_KEY_DIR"] = tempfile.mkdtemp(prefix="station-test-keys-")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
# The `station` commands tests run act as the fixture's head unless a test says otherwise.
os.environ["STATION_USER"] = "admin"
os.environ["STATION_PASSWORD"] = "zhanzhang2026"

from station_app.domain.choices import Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.station_services import StationServices

# CI replays the same examples every run, so a landing never fails on a new random draw;
# a developer's run (no CI variable) explores fresh inputs and finds the next bug.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

TODAY = date(2026, 11, 25)
HEAD_PASSWORD = os.environ["STATION_PASSWORD"]  # the fixture head's; never a real one


@dataclass
class FixedClock:
    """A clock the test moves by hand; `now` advances a second per call, like real time."""

    day: date = TODAY
    _tick: int = field(default=0)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        self._tick += 1
        return datetime(self.day.year, self.day.month, self.day.day, 8, 0, 0).replace(
            second=self._tick % 60, minute=(self._tick // 60) % 60
        )


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def services(data_dir: Path, clock: FixedClock) -> Iterator[StationServices]:
    """An initialised station: 龙兴镇, with a town village and a street community."""
    svc = StationServices.open(data_dir, clock=clock)
    svc.organisation.initialize(
        StationDraft(
            name="龙兴镇公共法律服务工作站",
            county="渝北区",
            kind=UnitKind.TOWN,
            villages=(
                VillageDraft("青石村", UnitKind.TOWN),
                VillageDraft("滨江社区", UnitKind.STREET),
            ),
        ),
        UserDraft("admin", "站长", Role.STATION_HEAD),
        HEAD_PASSWORD,
    )
    svc.ctx.principal = svc.accounts.principal("admin")
    yield svc
    svc.close()
