"""Where the app keeps its data, declared once.

What it keeps in the store (policy, backup folder, county server, …) is declared in
``domain.settings_schema`` and read by type through ``services.settings_service``.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "StationLedger"
DATA_DIR_ENV = "STATION_DATA_DIR"


def default_data_dir() -> Path:
    """`STATION_DATA_DIR` if set, else the per-user app data folder (%LOCALAPPDATA% on Windows)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
