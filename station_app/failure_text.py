"""The one place that words a failure for the clerk, in the window and on the command line.

A refusal the clerk can act on says what it says; a lost connection says the records are safe;
a full disk says so; anything else is a bug, whose traceback the log holds (see
``app_logging.log_failure``): the clerk is told where that log is.
"""

from __future__ import annotations

import errno
import sqlite3
import sys

from station_app.app_logging import LOG_DIRNAME, LOG_FILENAME, log_path
from station_app.domain.errors import DomainError
from station_app.sync_client.messages import OFFLINE, clerk_message
from station_app.sync_client.transport import TransportFailure

DISK_FULL = "磁盘空间不足，本次操作未完成（已保存的记录不受影响）。请清理磁盘空间后重试。"

_OS_NETWORK_ERRORS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError)
#: No room for the write: a full disk, a quota, a file past the size its disk (FAT32) or the
#: process's limit allows.
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _network_errors() -> tuple[type[BaseException], ...]:
    """A lost connection's exception types. requests' own count only once something loaded
    requests (the sync transport): no exception of its kind exists before, and importing it
    here would cost every start-up ~0.2 s."""
    requests = sys.modules.get("requests")
    if requests is None:
        return _OS_NETWORK_ERRORS
    return (requests.RequestException, *_OS_NETWORK_ERRORS)


def describe_failure(exc: BaseException) -> str:
    """What went wrong, in words the clerk can act on (never the values that were typed)."""
    if isinstance(exc, DomainError):
        return str(exc)
    if isinstance(exc, TransportFailure):
        return clerk_message(exc)
    if _disk_full(exc):
        return DISK_FULL
    if _caused_by(exc, _network_errors()):
        return OFFLINE
    where = log_path()
    place = str(where) if where is not None else f"数据目录下的 {LOG_DIRNAME}/{LOG_FILENAME}"
    return (
        "操作未能完成：程序遇到意外错误，已保存的记录不受影响。"
        f"错误详情已记入日志 {place}；如反复出现，请把该文件发给技术支持。"
    )


def is_expected(exc: BaseException) -> bool:
    """A refusal, a lost connection or a full disk: worth one log line, not a traceback."""
    return (
        isinstance(exc, DomainError | TransportFailure)
        or _disk_full(exc)
        or _caused_by(exc, _network_errors())
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc``, what caused it, and the driver error a database wrapper carries."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not f for f in found):
        found.append(current)
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps sqlite3's
        if isinstance(orig, BaseException) and all(orig is not f for f in found):
            found.append(orig)
        current = current.__cause__ or current.__context__
    return found


def _caused_by(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    return any(isinstance(e, kinds) for e in _chain(exc))


def _disk_full(exc: BaseException) -> bool:
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in _NO_ROOM:
            return True
        if (
            isinstance(e, sqlite3.Error)
            and getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
        ):
            return True
        if isinstance(e, sqlite3.OperationalError) and "disk is full" in str(e):
            return True
    return False
