"""A store as `station init` leaves it, and demo records, made without a second interpreter.

Each `station` run costs a second or two of CPU before it does anything (the interpreter and
its imports), so the commands a test is not about are done in this process: the store is the
session's template (龙兴镇, 青石村 and 滨江社区, head ``admin``: what tests/cli/test_cli.py's
``init`` makes, the head's display name aside), the records the filler `station demo` runs.
`station init` and `station demo` themselves run in tests/cli/test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.services.station_services import StationServices
from station_app.tools.demo_data import fill_demo


@pytest.fixture
def initialised(services: StationServices, data_dir: Path) -> Path:
    """The data folder of an initialised store, closed, for the commands to open."""
    services.close()
    return data_dir


def demo(data_dir: Path, records: int) -> dict[str, int]:
    """What `station demo --data-dir DIR --records N` adds: the same filler, seed and clock
    (today's date, as the command has), acting as the head."""
    services = StationServices.open(data_dir)
    try:
        services.ctx.principal = services.accounts.principal("admin")
        return fill_demo(services, records, seed=2026)
    finally:
        services.close()
