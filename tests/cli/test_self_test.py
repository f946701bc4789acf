"""`station-app --self-test`, the smoke test every installer build runs inside the bundle.

Here from the source tree; tests/test_installer_build.py runs it inside the built bundle.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from station_app.tools.self_test import DEMO_RECORDS, prepare_store, write_reports

#: The app run by this interpreter, so it is this checkout's code and never skipped.
STATION_APP = [sys.executable, "-m", "station_app.app"]


def test_self_test_store_is_migrated_filled_and_reported(tmp_path: Path) -> None:
    services = prepare_store(tmp_path / "data")
    try:
        assert sum(service.count() for service in services.ledgers()) == DEMO_RECORDS
        assert services.stats.unsent_count() > DEMO_RECORDS  # queued for the county
        pdf, xlsx = write_reports(services, tmp_path)
    finally:
        services.close()
    text = PdfReader(pdf).pages[0].extract_text()
    assert "自检镇公共法律服务工作站" in text
    assert "合计" in text
    sheet = load_workbook(xlsx).worksheets[0]
    cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "自检村" in cells


def test_station_app_self_test_passes_offscreen(tmp_path: Path) -> None:
    out = subprocess.run(
        [*STATION_APP, "--self-test"],
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
