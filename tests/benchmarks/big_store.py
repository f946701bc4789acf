"""A 200,000-record demo store shared by the benchmarks, built once per machine and reused.

Its head account signs in as the smoke runs do (STATION_USER / STATION_PASSWORD, set by
tests/conftest.py); its data key lives in the benchmarks' fixed key folder (conftest.py), so a
later session still opens it. `STATION_BENCH_RECORDS` picks a smaller store for a quick look.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from station_app.domain.choices import Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.station_services import StationServices
from station_app.storage.schema_versions import head_revision
from station_app.tools.demo_data import fill_demo

RECORDS = 200_000
VILLAGES = ("青石", "双凤", "七星", "石坪", "团结", "长河", "大湾", "新华", "玉峰", "龙井")
ROOT = Path(__file__).resolve().parents[2]


def bench_records() -> int:
    """The big store's size for this run: 200,000 unless STATION_BENCH_RECORDS says otherwise."""
    return int(os.environ.get("STATION_BENCH_RECORDS", RECORDS))


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else f"{n:,}"


def credentials() -> tuple[str, str]:
    """The head's account, as `station` and `station-app --exit-when-shown` read it."""
    return os.environ.get("STATION_USER", "admin"), os.environ.get("STATION_PASSWORD", "")


def subprocess_env() -> dict[str, str]:
    """For benchmark subprocesses: offscreen, and this checkout's code first on the path (the
    package may be installed editable from another one).

    Bytecode is cached (in the temp folder, not the checkout) even where the environment says
    PYTHONDONTWRITEBYTECODE: an installed app starts from compiled modules, and compiling some
    800 source files on every start would be charged to the app against a bare window."""
    path = os.environ.get("PYTHONPATH", "")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p),
        "PYTHONPYCACHEPREFIX": str(Path(tempfile.gettempdir()) / "station-bench-pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _recipe() -> str:
    """What the store is made from: the schema's scripts, the demo filler, and when the store
    takes its planner statistics. A change to any (an index added to an unreleased migration,
    new demo fields, statistics taken differently) builds a new store.

    The fill goes through the services, so the store gets its statistics as a clerk's does
    (after each bulk write, storage/engine.py; at close): the plans measured are a real
    store's, not those SQLite guesses for tables it knows nothing about."""
    sources = [
        *sorted((ROOT / "station_app" / "storage" / "migrations" / "versions").glob("*.py")),
        ROOT / "station_app" / "tools" / "demo_data.py",
        ROOT / "station_app" / "storage" / "planner_statistics.py",
    ]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    return f"{head_revision()}-{digest[:10]}"


def _opens(target: Path) -> bool:
    """The cached store is whole and this machine still holds its data key."""
    try:
        StationServices.open(target).close()
    except Exception:
        return False
    return True


def big_store_dir(records: int | None = None) -> Path:
    """A data folder holding ``records`` demo records (all five ledgers), at the current schema."""
    records = records or bench_records()
    target = Path(tempfile.gettempdir()) / f"station-bench-v3-{records}-{_recipe()}"
    if (target / "ready").exists() and (target in _CHECKED or _opens(target)):
        _CHECKED.add(target)
        return target
    shutil.rmtree(target, ignore_errors=True)
    user, password = credentials()
    services = StationServices.open(target)
    services.organisation.initialize(
        StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (
                *(VillageDraft(f"{n}村", UnitKind.TOWN) for n in VILLAGES),
                VillageDraft("滨江社区", UnitKind.STREET),
            ),
        ),
        UserDraft(user, "王站长", Role.STATION_HEAD),
        password or None,
    )
    start = time.perf_counter()
    fill_demo(services, records, batch=5000)
    print(f"\n(built the {records:,}-record store in {time.perf_counter() - start:.0f} s)")
    services.close()
    (target / "ready").write_text("ok")
    _CHECKED.add(target)
    return target


_CHECKED: set[Path] = set()
