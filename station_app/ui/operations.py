"""Two lanes of background work, so the window never freezes and a dead line never holds up
the store.

The store lane (one thread: SQLite has one writer anyway) runs queries, saves, void/confirm,
exports and imports; the network lane runs sync and enrollment, which may wait on the county
for a long time. A sync takes the store only for its short transactions (WAL and the busy
timeout let both lanes in), so a clerk's search never queues behind a retry.

A page submits a callable; its result or error comes back on the GUI thread. Each ticket can
be cancelled: the callable may poll ``cancelled()``, and a cancelled ticket's result is dropped.
Every unexpected failure is logged with its traceback on the worker, before any page hears of
it (``app_logging.log_failure``); pages word it with ``failure_text.describe_failure``.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from station_app.app_logging import log_failure
from station_app.failure_text import is_expected

log = logging.getLogger("station.ui")

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Work = Callable[[Progress, Cancelled], Any]

#: Seconds a lane's thread waits for work before it ends (the next job starts a new one).
IDLE_EXPIRY = 30.0


class Lane(StrEnum):
    STORE = "store"  # the store: queries, saves, void/confirm, exports, import
    NETWORK = "network"  # the county: sync and enrollment


@dataclass(eq=False)
class Ticket:
    label: str
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[int, int], None] | None
    lane: Lane = Lane.STORE
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


class _LaneThread:
    """One worker thread taking jobs in order. A daemon: a request stuck on a dead line must
    not keep the program from closing (the store lane is waited for on close)."""

    def __init__(self, lane: Lane, relay: _Relay) -> None:
        self.lane, self.relay = lane, relay
        self._jobs: queue.SimpleQueue[tuple[Ticket, Work]] = queue.SimpleQueue()
        self._idle = threading.Condition()
        self._pending = 0
        self._queued: list[Ticket] = []
        self._thread: threading.Thread | None = None

    def start(self, ticket: Ticket, work: Work) -> None:
        with self._idle:
            self._pending += 1
            self._queued.append(ticket)
            self._jobs.put((ticket, work))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name=f"station-{self.lane.value}", daemon=True
                )
                self._thread.start()

    def tickets(self) -> list[Ticket]:
        with self._idle:
            return list(self._queued)

    def wait(self, msecs: int) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, msecs / 1000)

    def _serve(self) -> None:
        while True:
            try:
                ticket, work = self._jobs.get(timeout=IDLE_EXPIRY)
            except queue.Empty:
                with self._idle:  # ``start`` queues under this lock: no job is left behind
                    if self._jobs.empty():
                        self._thread = None
                        return
                continue
            try:
                self._run(ticket, work)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._queued.remove(ticket)
                    self._idle.notify_all()

    def _run(self, ticket: Ticket, work: Work) -> None:
        if ticket.cancelled:
            # Still report back: the runner counts jobs in flight to say when it is idle.
            self._report(self.relay.done, ticket, None)
            return
        try:
            result = work(
                lambda done, total: self.relay.progress.emit(ticket, done, total),
                lambda: ticket.cancelled,
            )
        except BaseException as exc:
            # Logged here, before the GUI thread (and so any page) hears of it.
            if is_expected(exc):
                log.info("%s stopped: %s", ticket.label or "background job", type(exc).__name__)
            else:
                log_failure(log, f"background job {ticket.label!r}", exc)
            self._report(self.relay.failed, ticket, exc)
        else:
            self._report(self.relay.done, ticket, result)

    def _report(self, signal: Any, ticket: Ticket, value: object) -> None:
        try:
            signal.emit(ticket, value)
        except RuntimeError:  # the runner is gone: the app is closing, nobody waits for this
            log.debug("%s finished after its window closed", ticket.label or "background job")


class OperationRunner(QObject):
    """Runs work off the GUI thread on two lanes, one job at a time on each, and says when
    any work is in flight."""

    busy_changed = Signal(bool)
    #: A ledger (entity name) or "organisation" changed: views refresh themselves.
    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.done.connect(self._deliver_done)
        self._relay.failed.connect(self._deliver_failed)
        self._relay.progress.connect(self._deliver_progress)
        self._lanes = {lane: _LaneThread(lane, self._relay) for lane in Lane}
        self._running = 0

    def submit(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        label: str = "",
        lane: Lane = Lane.STORE,
    ) -> Ticket:
        ticket = Ticket(label, on_done, on_error, on_progress, lane)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self._lanes[lane].start(ticket, work)
        return ticket

    @property
    def busy(self) -> bool:
        return self._running > 0

    def wait(self, msecs: int = 30_000, *, lane: Lane | None = None) -> bool:
        """Block until ``lane`` (every lane by default) is idle: start-up, shutdown, tests."""
        lanes = [self._lanes[lane]] if lane is not None else list(self._lanes.values())
        return all(worker.wait(msecs) for worker in lanes)

    def cancel_all(self, lane: Lane) -> None:
        """Cancel what is queued or running on ``lane``; its results will be dropped."""
        for ticket in self._lanes[lane].tickets():
            ticket.cancel()

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
            raise exc  # already logged on the worker; the excepthook tells the clerk

    @Slot(object, int, int)
    def _deliver_progress(self, ticket: Ticket, done: int, total: int) -> None:
        if ticket.on_progress is not None and not ticket.cancelled:
            ticket.on_progress(done, total)
