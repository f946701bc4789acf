"""The background runner delivers every result to the GUI thread, in order, without crashing,
and a job held up on the network lane never holds up the store lane."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from station_app.ui.operations import Lane, OperationRunner


def test_many_results_cross_threads_safely(qtbot: QtBot) -> None:
    """Hundreds of results (lists, None, numbers) from the worker: a refcount bug in some
    PySide6 releases crashes the process here, so this guards the pinned Qt version."""
    runner = OperationRunner()
    got: list[object] = []
    gui_thread = threading.get_ident()
    seen_threads: set[int] = set()

    def deliver(value: object) -> None:
        seen_threads.add(threading.get_ident())
        got.append(value)

    for i in range(300):
        runner.submit(
            lambda _p, _c, i=i: list(range(2000)) if i % 3 == 0 else (None if i % 3 == 1 else i),
            deliver,
        )
    qtbot.waitUntil(lambda: len(got) == 300, timeout=20_000)
    assert seen_threads == {gui_thread}
    assert got[0] == list(range(2000)) and got[1] is None and got[2] == 2
    assert not runner.busy


def test_cancelled_work_is_dropped_and_errors_are_delivered(qtbot: QtBot) -> None:
    runner = OperationRunner()
    release = threading.Event()
    got: list[object] = []
    errors: list[BaseException] = []
    first = runner.submit(lambda _p, _c: release.wait(5) and "first", got.append)
    runner.submit(lambda _p, _c: 1 / 0, got.append, on_error=errors.append)
    last = runner.submit(lambda _p, _c: "last", got.append)
    first.cancel()
    release.set()
    with qtbot.waitSignal(runner.busy_changed, timeout=10_000):
        pass
    assert got == ["last"] and last.cancelled is False
    assert len(errors) == 1 and isinstance(errors[0], ZeroDivisionError)


def test_progress_reaches_the_gui_thread(qtbot: QtBot) -> None:
    runner = OperationRunner()
    steps: list[tuple[int, int]] = []
    done: list[object] = []

    def work(progress, _cancelled):  # type: ignore[no-untyped-def]
        for i in range(1, 6):
            progress(i, 5)
        return "ok"

    runner.submit(work, done.append, on_progress=lambda d, t: steps.append((d, t)))
    qtbot.waitUntil(lambda: done == ["ok"], timeout=10_000)
    assert steps == [(i, 5) for i in range(1, 6)]


def test_the_store_lane_answers_while_the_network_lane_is_held(qtbot: QtBot) -> None:
    runner = OperationRunner()
    release = threading.Event()
    got: list[object] = []
    threads: dict[str, int] = {}

    def sync(_p: object, _c: object) -> str:
        threads["network"] = threading.get_ident()
        release.wait(10)
        return "synced"

    def query(_p: object, _c: object) -> str:
        threads["store"] = threading.get_ident()
        return "rows"

    runner.submit(sync, got.append, lane=Lane.NETWORK)
    runner.submit(query, got.append)
    qtbot.waitUntil(lambda: got == ["rows"], timeout=5_000)
    assert runner.busy and not runner.wait(100, lane=Lane.NETWORK)
    assert runner.wait(1_000, lane=Lane.STORE)
    assert threads["store"] != threads["network"]
    with qtbot.waitSignal(runner.busy_changed, timeout=10_000) as idle:
        release.set()
    assert idle.args == [False] and got == ["rows", "synced"]


def test_cancel_all_drops_what_a_lane_holds(qtbot: QtBot) -> None:
    runner = OperationRunner()
    release = threading.Event()
    got: list[object] = []
    runner.submit(lambda _p, c: release.wait(10) and c(), got.append, lane=Lane.NETWORK)
    runner.submit(lambda _p, _c: "queued", got.append, lane=Lane.NETWORK)
    runner.submit(lambda _p, _c: "store", got.append)
    runner.cancel_all(Lane.NETWORK)
    release.set()
    assert runner.wait(5_000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert got == ["store"]
