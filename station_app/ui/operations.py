"""One background worker for store work, so the window never freezes.

A page submits a callable; it runs on the single worker thread (SQLite has one writer anyway)
and its result or error comes back on the GUI thread. Each ticket can be cancelled: the
callable may poll ``cancelled()``, and a cancelled ticket's result is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("station.ui")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]


@dataclass(eq=False)
class Ticket:
    label: str
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int], None] | None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Relay(QObject):
    done = Signal(object, object)
    failed = Signal(object, object)
    progress = Signal(object, int, int)


class _Job(QRunnable):
    def __init__(self, ticket: Ticket, work: Work, relay: _Relay) -> None:
        super().__init__()
        self.ticket, self.work, self.relay = ticket, work, relay

    def run(self) -> None:
        ticket = self.ticket
        if ticket.cancelled:
            # Still report back: the runner counts jobs in flight to say when it is idle.
            self.relay.done.emit(ticket, None)
            return
        try:
            result = self.work(
                lambda done, total: self.relay.progress.emit(ticket, done, total),
                lambda: ticket.cancelled,
            )
        except BaseException as exc:
            self.relay.failed.emit(ticket, exc)
        else:
            self.relay.done.emit(ticket, result)


class OperationRunner(QObject):
    """Runs work off the GUI thread, one job at a time, and says when it is busy."""

    busy_changed = Signal(bool)
    #: A ledger (entity name) or "organisation" changed: views refresh themselves.
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.done.connect(self._deliver_done)
        self._relay.failed.connect(self._deliver_failed)
        self._relay.progress.connect(self._deliver_progress)
        self._running = 0

    def submit(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        label: str = "",
    ) -> Ticket:
        ticket = Ticket(label, on_done, on_error, on_progress)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(ticket, work, self._relay))
        return ticket

    @property
    def busy(self) -> bool:
        return self._running > 0

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker is idle (start-up, shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _finished(self) -> None:
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    @Slot(object, object)
    def _deliver_done(self, ticket: Ticket, result: Any) -> None:
        self._finished()
        if not ticket.cancelled:
            ticket.on_done(result)

    @Slot(object, object)
    def _deliver_failed(self, ticket: Ticket, exc: BaseException) -> None:
        self._finished()
        if ticket.cancelled:
            return
        if ticket.on_error is not None:
            ticket.on_error(exc)
        else:
            log.error("background operation %r failed: %s", ticket.label, type(exc).__name__)
            raise exc

    @Slot(object, int, int)
    def _deliver_progress(self, ticket: Ticket, done: int, total: int) -> None:
        if ticket.on_progress is not None and not ticket.cancelled:
            ticket.on_progress(done, total)
