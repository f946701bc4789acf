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


def keep_files_private() -> None:
    """New files of this process readable by its user only (POSIX: umask 077): the store,
    its backups, logs and exports hold names and dispute texts. Windows' per-user profile
    already protects the data folder."""
    if os.name == "posix":
        os.umask(0o077)


def make_private(folder: Path, *files: Path) -> None:
    """Tighten a data folder made by an earlier version (0755 and 0644 on Linux): folder
    0700, the given files 0600; what belongs to another user is left alone."""
    if os.name != "posix":
        return
    for path, mode in ((folder, 0o700), *((f, 0o600) for f in files)):
        try:
            if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
                path.chmod(mode)
        except FileNotFoundError:
            continue
