"""Shared fixtures: a real store in a temporary folder, a fixed clock, offscreen Qt.

The store every test starts from is made once per session (migrated, initialised, its data key
kept) and copied per test: migrating a fresh store costs a second or two, a copy milliseconds.
"""

from __future__ import annotations

import os
import shutil
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
from station_app.storage.store import DB_FILENAME

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


def initialise_station(svc: StationServices) -> None:
    """龙兴镇, with a town village and a street community, its head signed in as the actor."""
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


@dataclass(frozen=True)
class StoreTemplate:
    """An initialised store, closed, to copy: its data key is in this session's key folder
    (STATION_KEY_DIR), which every copy finds by the key id the copy carries."""

    db: Path
    ticks: int  # how far initialising moved the clock; a copy's clock starts there

    def copy_to(self, data_dir: Path) -> Path:
        data_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(self.db, data_dir / DB_FILENAME))


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> StoreTemplate:
    folder = tmp_path_factory.mktemp("store-template") / "data"
    clock = FixedClock()
    svc = StationServices.open(folder, clock=clock)
    try:
        initialise_station(svc)
    finally:
        svc.close()
    db = folder / DB_FILENAME
    # closing the last connection checkpoints the WAL: the one file is the whole store
    assert sorted(p.name for p in folder.iterdir()) == [DB_FILENAME]
    return StoreTemplate(db, clock._tick)


@pytest.fixture
def services(
    data_dir: Path, clock: FixedClock, store_template: StoreTemplate
) -> Iterator[StationServices]:
    """An initialised station: 龙兴镇, with a town village and a street community.

    A copy of the session's template: the same store (and the same identities: station,
    device, accounts) as initialising afresh would give, minus the migration's cost. A test
    that needs two distinct stations makes the second itself (``initialise_station``)."""
    store_template.copy_to(data_dir)
    clock._tick = store_template.ticks
    svc = StationServices.open(data_dir, clock=clock)
    svc.ctx.principal = svc.accounts.principal("admin")
    yield svc
    svc.close()


# -- nothing skips by accident in CI -----------------------------------------------------------


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _skip_allowed(reason: str) -> bool:
    """The one skip CI tolerates: the PostgreSQL variants where no server was configured."""
    return "STATION_TEST_PG_URL" in reason and not os.environ.get("STATION_TEST_PG_URL")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a skipped test fails: a missing tool or an uninstalled script must not pass for
    a green run (CI installs everything the suite uses, .ci/run)."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if not (_in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    if _skip_allowed(reason):
        return
    report.outcome = "failed"
    report.longrepr = f"skipped in CI, where nothing may skip: {reason}"


# -- the slow files start first -----------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files marked slow first (a stable sort: order within a file is kept). xdist hands out
    whole files in this order, so the crash test and the installer build start at once instead
    of leaving one worker busy alone at the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
