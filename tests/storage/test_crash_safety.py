"""Kill the writing process (SIGKILL) at random points, 50 times on one store: every save that
returned success is there after the restart, and the store passes its integrity checks.

The child (tests/crash_writer.py) prints one line after each save returns; the parent reads
those lines, kills the child after a random delay, reopens the store and checks each reported
save. The delays come from one seed, printed (and settable with CRASH_SEED) so a failure can be
replayed exactly as far as the kill timing goes.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select

from station_app.cli.main import main as station_main
from station_app.domain.choices import Role
from station_app.services.station_services import StationServices

WRITER = Path(__file__).parents[1] / "crash_writer.py"
#: The `station` command in a fresh process, from this interpreter (no installed script needed).
STATION = [sys.executable, "-m", "station_app.cli.main"]
KILLS = 50
MAX_DELAY = 0.6  # seconds after the child is ready; some kills land before it is ready


@dataclass
class Reported:
    """What the children said they saved, across all runs."""

    revisions: dict[tuple[str, str], int] = field(default_factory=dict)  # (entity, uuid)
    voided: set[tuple[str, str]] = field(default_factory=set)
    confirmed: set[str] = field(default_factory=set)
    batches: dict[tuple[str, str], int] = field(default_factory=dict)  # (entity, tag) -> n
    saves: int = 0

    def add(self, line: str) -> None:
        kind, entity, key, number = line.split()
        self.saves += 1
        if kind == "M":
            self.batches[(entity, key)] = int(number)
            return
        rec = (entity, key)
        self.revisions[rec] = max(self.revisions.get(rec, 0), int(number))
        if kind == "V":
            self.voided.add(rec)
        if kind == "F":
            self.confirmed.add(key)


class Writers:
    """The writer's fork server: one process imports the app once and forks a writer per run,
    which is killed as a fresh process would be (the kill, the store and the checks are the
    same; only the interpreter's start-up is not paid 50 times)."""

    def __init__(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, str(WRITER), "--fork-server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.server.stdin is not None and self.server.stdout is not None
        self.stdin, self.stdout = self.server.stdin, self.server.stdout
        assert self.stdout.readline() == "SERVING\n", self.failure()

    def failure(self) -> str:
        self.server.kill()
        assert self.server.stderr is not None
        return self.server.stderr.read().strip()

    def close(self) -> None:
        self.stdin.close()
        self.server.wait(30)
        for pipe in (self.stdout, self.server.stderr):
            if pipe is not None:
                pipe.close()

    def run_and_kill(
        self, data_dir: Path, seed: int, tag: str, delay: float, early: bool
    ) -> list[str]:
        """Start a writer, kill it ``delay`` s after it is ready (or after it starts, if
        ``early``); return the reports it printed (each a whole line, one write(2) each)."""
        self.stdin.write(f"{data_dir}\t{seed}\t{tag}\n")
        self.stdin.flush()
        lines: list[str] = []
        started, ready, ended = threading.Event(), threading.Event(), threading.Event()
        pid: list[int] = []
        code: list[int] = []

        def read() -> None:
            for line in self.stdout:
                if line.startswith("PID "):
                    pid.append(int(line.split()[1]))
                    started.set()
                elif line == "READY\n":
                    ready.set()
                elif line.startswith("EXIT "):
                    code.append(int(line.split()[1]))
                    break
                else:
                    assert line.endswith("\n") and len(line.split()) == 4, "a cut report"
                    lines.append(line.strip())
            ended.set()
            started.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert started.wait(60), "the writer did not start"
        if not early:
            assert ready.wait(60), "writer never became ready"
        time.sleep(delay)
        stopped_by_itself = ended.is_set()
        if not stopped_by_itself and pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid[0], signal.SIGKILL)
        reader.join(30)
        assert not stopped_by_itself and code == [-signal.SIGKILL], (
            f"writer stopped by itself (exit {code}): {self.failure()}"
        )
        return lines


def note_tags(services: StationServices, entity: str, prefix: str) -> set[str]:
    service = services.ledger(entity)
    note = service.spec.column("note")
    with services.store.read() as session:
        return set(session.scalars(select(note).where(note.like(f"{prefix}%"))))


def verify(data_dir: Path, reported: Reported) -> None:
    services = StationServices.open(data_dir)
    try:
        assert services.store.integrity_problems() == []
        for (entity, uuid), revision in reported.revisions.items():
            stored = services.ledger(entity).get_by_uuid(uuid)
            assert stored.meta.revision >= revision, (entity, uuid, revision)
            if (entity, uuid) in reported.voided:
                assert stored.meta.voided, (entity, uuid)
            if uuid in reported.confirmed:
                assert stored.confirmation is not None, uuid
        for (entity, tag), n in reported.batches.items():
            found = note_tags(services, entity, f"{tag}-")
            assert found == {f"{tag}-{k}" for k in range(n)}, (entity, tag)
    finally:
        services.close()


def cli_check(data_dir: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = station_main(["check", "--data-dir", str(data_dir)])
    assert code == 0, out.getvalue()


@pytest.mark.slow
def test_every_reported_save_survives_50_kills(services: StationServices, data_dir: Path) -> None:
    assert any(u.role is Role.STATION_HEAD for u in services.organisation.users())
    services.close()
    seed = int(os.environ.get("CRASH_SEED", random.randrange(10**6)))
    print(f"\ncrash-safety seed: {seed} (replay with CRASH_SEED={seed})")
    rng = random.Random(seed)
    reported = Reported()
    started = time.monotonic()
    writers = Writers()
    try:
        for i in range(KILLS):
            early = rng.random() < 0.1  # kill while it opens the store
            delay = rng.uniform(0, 1.5) if early else rng.uniform(0, MAX_DELAY)
            this_run = Reported()
            for line in writers.run_and_kill(data_dir, seed + i, f"k{i}", delay, early):
                reported.add(line)
                this_run.add(line)
            # This run's saves now; every earlier one again at the end (a later kill must not
            # have lost it either), so the check does not grow with the number of kills.
            verify(data_dir, this_run)
            cli_check(data_dir)
            if i % 10 == 9:  # the console script itself, in a fresh process, now and then
                done = subprocess.run(
                    [*STATION, "check", "--data-dir", str(data_dir)],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                assert done.returncode == 0, done.stdout + done.stderr
    finally:
        writers.close()
    verify(data_dir, reported)
    assert reported.saves > KILLS  # the kills landed amid real work, not before it
    print(
        f"crash-safety: {KILLS} kills, {reported.saves} reported saves verified "
        f"({len(reported.revisions)} records, {len(reported.batches)} batches) "
        f"in {time.monotonic() - started:.0f} s"
    )
