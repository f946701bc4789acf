"""Loggers per area (db, sync, ui, report) into one rotating file in the data folder.

Messages carry counts, ids and revisions, never names, ID or phone numbers. A failure is
logged as its type and its stack frames: the message of an arbitrary exception may quote a
value someone typed, so it stays out of the file.
"""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIRNAME = "logs"
LOG_FILENAME = "station.log"

_log_path: Path | None = None


def setup_logging(data_dir: Path, *, level: int = logging.INFO) -> Path:
    global _log_path
    log_dir = data_dir / LOG_DIRNAME
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILENAME
    root = logging.getLogger("station")
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        _log_path = path
    root.setLevel(level)
    return path


def log_path() -> Path | None:
    """The file failures are written to, once ``setup_logging`` has run in this process."""
    return _log_path


def failure_trace(exc: BaseException) -> str:
    """The traceback of ``exc`` and of the exceptions that led to it, with each exception's
    type and frames but without its message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        kind = type(current)
        parts.append(
            f"Traceback (most recent call last):\n{frames}"
            f"{kind.__module__}.{kind.__qualname__} (message withheld)"
        )
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n\nwhich was caused by:\n".join(parts)


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """An unexpected failure of ``what``: its type and traceback, never its message."""
    logger.error("%s failed: %s\n%s", what, type(exc).__name__, failure_trace(exc))
