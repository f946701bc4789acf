"""Benchmarks run only on request, in one process (-n0: timings undisturbed, -s prints them):
`python3 -m tests.benchmarks` runs them all and prints the summary table of their figures.

The cached 200,000-record store (big_store.py) outlives the session, so its data key must too:
the benchmarks keep keys in one fixed folder beside the cache instead of the session's
throw-away one (tests/conftest.py). A plain `pytest tests/benchmarks` run records its figures
into a session file and prints the same table at the end.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.benchmarks import figures

BENCH_KEY_DIR = Path(tempfile.gettempdir()) / "station-bench-keys"
os.environ["STATION_KEY_DIR"] = str(BENCH_KEY_DIR)

_OWN_FILE: Path | None = None
if not os.environ.get(figures.FIGURES_ENV):  # not started by `python3 -m tests.benchmarks`
    _OWN_FILE = Path(tempfile.mkdtemp(prefix="station-bench-figures-")) / "figures.jsonl"
    os.environ[figures.FIGURES_ENV] = str(_OWN_FILE)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _OWN_FILE is not None and _OWN_FILE.exists():
        terminalreporter.write_sep("=", "benchmark figures")
        terminalreporter.write_line(figures.table(figures.load(_OWN_FILE)))
        terminalreporter.write_line(f"(figures kept in {_OWN_FILE})")
