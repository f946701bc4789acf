"""The screenshot tool renders every screen, non-empty, at the size of a 1366×768 office screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from station_app.tools.screenshots import take_all


@pytest.mark.slow
def test_every_screen_is_rendered(tmp_path: Path, qapp: object) -> None:
    shots = take_all(tmp_path, records=150)
    names = {p.stem for p in shots}
    for entity in (
        "consultation",
        "mediation_case",
        "duty_log",
        "publicity_event",
        "legal_aid_review",
    ):
        assert any(n.endswith(f"main-{entity}") for n in names)
        assert any(n.endswith(f"form-new-{entity}") for n in names)
        assert any(n.endswith(f"form-errors-{entity}") for n in names)
    assert {"00-setup-dialog", "03-form-locked-duty_log", "09-settings"} <= names
    # A duty log still open for editing looks like one: not the locked visit's picture.
    open_log, locked_log = (tmp_path / f"03-form-{s}-duty_log.png" for s in ("open", "locked"))
    assert open_log.read_bytes() != locked_log.read_bytes()
    assert {"00-home-head", "00-home-officer", "00-home-lawyer"} <= names  # 工作台 by role
    main = QImage(str(tmp_path / "01-main-consultation.png"))
    assert (main.width(), main.height()) == (1366, 768)
    for path in shots:
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 200
        # Not a blank pane: more than a handful of distinct colours.
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 8, path.name
