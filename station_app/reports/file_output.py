"""Writing report files safely off the GUI thread: progress, cancelling, no half-written file."""

from __future__ import annotations

import os
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


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only if all went well.

    A cancelled or failed export leaves the previous file (or none) rather than a broken one
    that a clerk might send to the county.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.stem}.part{path.suffix}")
    try:
        yield temp
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
