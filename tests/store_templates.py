"""Stores built once and copied per test, like the session's ``store_template``.

A module whose tests all start from the same records (accounts whose passwords are hashed,
a quarter's ledgers) fills them once into a derived template; each test opens its own copy,
with its own clock started where the filling left it, so nothing one test writes is seen by
another.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from station_app.services.station_services import StationServices
from station_app.storage.store import DB_FILENAME
from tests.conftest import FixedClock, StoreTemplate


def derive_template(
    base: StoreTemplate, folder: Path, fill: Callable[[StationServices], object]
) -> StoreTemplate:
    """A copy of ``base`` in ``folder`` with ``fill`` done by the head, closed to be copied."""
    base.copy_to(folder)
    clock = FixedClock(_tick=base.ticks)
    services = StationServices.open(folder, clock=clock)
    try:
        services.ctx.principal = services.accounts.principal("admin")
        fill(services)
    finally:
        services.close()
    # closing the last connection checkpoints the WAL: the one file is the whole store
    assert sorted(p.name for p in folder.iterdir()) == [DB_FILENAME]
    return StoreTemplate(folder / DB_FILENAME, clock._tick)


def open_copy(template: StoreTemplate, data_dir: Path, clock: FixedClock) -> StationServices:
    """The template copied to ``data_dir`` and opened on ``clock``, the head acting, as the
    ``services`` fixture opens the session's template."""
    template.copy_to(data_dir)
    clock._tick = template.ticks
    services = StationServices.open(data_dir, clock=clock)
    services.ctx.principal = services.accounts.principal("admin")
    return services
