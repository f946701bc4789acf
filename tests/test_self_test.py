"""`station-app --self-test`, the smoke test every installer build runs inside the bundle.

Here from the source tree; tests/test_installer_build.py runs it inside the built bundle.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from station_app.services.self_test import (
    DEMO_RECORDS,
    SelfTestError,
    prepare_store,
    write_stats_report,
)
from station_app.storage.ledger_repository import LedgerQuery

STATION_APP = shutil.which("station-app")
LEDGERS = {"法律咨询", "人民调解", "律师值班", "法治宣传", "法律援助初审"}


def test_self_test_store_is_migrated_filled_and_reported(tmp_path: Path) -> None:
    services = prepare_store(tmp_path / "data")
    try:
        report = write_stats_report(services, tmp_path / "report.json")
        assert services.consultations.count() > 0
        assert services.stats.unsent_count() > DEMO_RECORDS  # queued for the county
    finally:
        services.close()
    figures = json.loads(report.read_text(encoding="utf-8"))
    assert len(figures) == 4  # the last four quarters
    assert all(set(per_ledger) == LEDGERS for per_ledger in figures.values())
    assert sum(n for per_ledger in figures.values() for n in per_ledger.values()) == DEMO_RECORDS


def test_self_test_fails_when_the_report_disagrees_with_the_ledgers(tmp_path: Path) -> None:
    services = prepare_store(tmp_path / "data")
    try:
        (first, *_rest) = services.publicity.ids(LedgerQuery())
        services.publicity.void(first, "自检：作废一条", expected_revision=1)
        with pytest.raises(SelfTestError, match="报表合计"):
            write_stats_report(services, tmp_path / "report.json")
    finally:
        services.close()
    assert not (tmp_path / "report.json").exists()


@pytest.mark.skipif(STATION_APP is None, reason="package not installed (pip install -e .)")
def test_station_app_self_test_passes_offscreen(tmp_path: Path) -> None:
    assert STATION_APP is not None
    out = subprocess.run(
        [STATION_APP, "--self-test"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "自检通过 / self-test passed"
    assert "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []  # the scratch store is removed afterwards
