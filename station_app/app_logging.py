"""Loggers per area (db, sync, ui, report) into one rotating file in the data folder.

Messages carry counts, ids and revisions, never names, ID or phone numbers.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIRNAME = "logs"


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    log_dir = data_dir / LOG_DIRNAME
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "station.log"
    root = logging.getLogger("station")
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
