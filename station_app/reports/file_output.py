"""Writing report files safely off the GUI thread: progress, cancelling, no half-written file."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from station_app.domain.errors import DomainError

#: ``progress(done, total)``: called from the worker thread; the UI posts it to its own thread.
Progress = Callable[[int, int], None]
#: ``cancelled()``: polled between steps; True stops the work and leaves no file behind.
CancelCheck = Callable[[], bool]


FORMATS = (".xlsx", ".pdf")


class UnsupportedFormatError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "输出文件：扩展名应为 .xlsx 或 .pdf / output file must end in .xlsx or .pdf"
        )


def output_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UnsupportedFormatError()
    return suffix


class ReportCancelled(DomainError):
    def __init__(self) -> None:
        super().__init__("已取消，未生成文件 / cancelled, no file written")


class Steps:
    """Counts work done, reports it, and stops at the next step once cancelled."""

    def __init__(
        self, total: int, progress: Progress | None = None, cancelled: CancelCheck | None = None
    ) -> None:
        self.total = max(total, 1)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled()

    def advance(self, n: int = 1) -> None:
        self.check()
        self.done = min(self.total, self.done + n)
        if self._progress is not None:
            self._progress(self.done, self.total)

    def finish(self) -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress(self.total, self.total)


class OutputFileError(DomainError):
    """The output file cannot be written where the clerk asked: said in one line, why."""

    def __init__(self, path: Path, exc: OSError) -> None:
        # Not the path itself: a folder or file name may be a person's name.
        super().__init__(f"输出文件：无法写入“{path.suffix}”文件（{_reason(exc)}）")


#: Errors of a write that found no room, whichever file they name.
_NO_ROOM = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _reason(exc: OSError) -> str:
    reasons = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "该位置只读",
        errno.ENOTDIR: "路径中有一段不是文件夹",
        errno.EEXIST: "路径中有一段不是文件夹",
        errno.ENAMETOOLONG: "文件名或路径过长",
        errno.ENOSPC: "磁盘空间不足",
        errno.EDQUOT: "磁盘空间不足",
        errno.EFBIG: "磁盘空间不足或文件超过该磁盘允许的大小",
        errno.EISDIR: "同名的文件夹已存在",
        errno.ENOENT: "文件夹不存在",
    }
    return reasons.get(exc.errno or 0, "无法创建文件")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if all went well.

    A cancelled or failed export leaves the previous file (or none) rather than a broken one
    that a clerk might send to the county. The temporary file is created exclusively under a
    random name in the same folder (``mkstemp``), so a link planted in advance under a
    predictable name cannot redirect the write. A folder or disk that refuses the file is an
    OutputFileError with the reason, not an internal error.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=f".{path.stem[:40]}.", suffix=f".part{path.suffix}", dir=path.parent
        )
        os.close(handle)
    except OSError as exc:
        raise OutputFileError(path, exc) from exc
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        # Writing the file itself failed (a full disk, a folder that refuses the rename);
        # any other OSError (a font that would not load) is not about the output path.
        if exc.filename not in (name, str(path)) and exc.errno not in _NO_ROOM:
            raise
        raise OutputFileError(path, exc) from exc
    finally:
        temp.unlink(missing_ok=True)
