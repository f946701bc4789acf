"""Real county-server processes on 127.0.0.1, PostgreSQL test databases, station helpers."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.reference import seed_defaults
from tests.cli_runs import station_here as station_here  # for the sync tests

#: The CLIs run as modules of the interpreter running the tests, so they are this worktree's
#: code (PYTHONPATH is inherited) and an unactivated venv runs them rather than skipping.
COUNTY_SERVER_CMD = (sys.executable, "-m", "sync.server.cli")
STATION_CMD = (sys.executable, "-m", "station_app.cli.main")
#: The installed ``station`` script, for the few tests that exercise the script itself.
STATION = shutil.which("station")
PG_URL_ENV = "STATION_TEST_PG_URL"

#: Kept so test modules need not change: the CLIs no longer depend on installed scripts.
needs_scripts = pytest.mark.skipif(False, reason="the CLIs run as modules: nothing to skip")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def county(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COUNTY_SERVER_CMD, "--db", db_url, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def station(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STATION_CMD, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def enrollment_code(
    db_url: str, station_name: str, village: str | None = None, *, cli: bool = False
) -> str:
    """A one-time code, issued as `county-server enroll` issues it: in this process (a
    second interpreter costs a second or two of CPU), or with ``cli`` by the command itself
    (tests/sync/test_sync_devices.py keeps one such run per test)."""
    if cli:
        args = ["enroll", "--station", station_name, "--county", "渝北区"]
        if village:
            args += ["--village", village]
        done = county(db_url, *args)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()
    db = CountyDatabase.open(db_url, upgrade=False)
    try:
        with db.write() as session:
            seed_defaults(session)
            return issue_code(session, station_name, village, county="渝北区", kind="town").code
    finally:
        db.close()


_county_template: dict[str, Path] = {}


def county_init(db_url: str) -> None:
    """What `county-server init` does (migrate, seed the defaults), in this process; the
    command itself runs in tests/sync/test_sync_server.py. A SQLite county is a copy of one
    made once per test process: migrating costs a second, a copy milliseconds."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        db = CountyDatabase.open(db_url)
        try:
            with db.write() as session:
                seed_defaults(session)
        finally:
            db.close()
        return
    if "db" not in _county_template:
        folder = Path(tempfile.mkdtemp(prefix="county-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        made = folder / "county.db"
        db = CountyDatabase.open(f"sqlite:///{made}")
        try:
            with db.write() as session:
                seed_defaults(session)
        finally:
            db.close()
        # the last connection closed checkpoints the WAL: the one file is the whole database
        assert [p.name for p in folder.iterdir()] == ["county.db"]
        _county_template["db"] = made
    target = Path(url.database)
    assert not target.exists(), "county_init makes a new county database"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_county_template["db"], target)


class CountyServer:
    """`county-server serve` as a real process; restartable on the same port."""

    def __init__(
        self,
        db_url: str,
        log_dir: Path,
        serve_args: tuple[str, ...] = (),
        *,
        tls: tuple[Path, Path] | None = None,  # (certificate, key)
        env: dict[str, str] | None = None,  # e.g. the lock-out limits
    ) -> None:
        self.db_url = db_url
        self.env = env or {}
        self.tls = tls
        self.serve_args = serve_args
        if tls is not None:
            self.serve_args += ("--certfile", str(tls[0]), "--keyfile", str(tls[1]))
        self.port = free_port()
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def start(self) -> CountyServer:
        self.starts += 1
        log = open(self.log_dir / f"county-{self.starts}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                *COUNTY_SERVER_CMD,
                "--db",
                self.db_url,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *self.serve_args,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env},
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log_text = (self.log_dir / f"county-{self.starts}.log").read_text()
                raise RuntimeError(f"county-server exited: {log_text}")
            try:
                verify: str | bool = str(self.tls[0]) if self.tls else True
                health = requests.get(self.url + "/v1/health", timeout=1, verify=verify)
                if health.status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("county-server did not come up within 30 s")

    def kill(self) -> None:
        """Power cut: SIGKILL, no clean shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()


@contextmanager
def running_county(db_url: str, log_dir: Path) -> Iterator[CountyServer]:
    county_init(db_url)
    server = CountyServer(db_url, log_dir).start()
    try:
        yield server
    finally:
        server.stop()


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'county.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(
            f"PostgreSQL not configured: set {PG_URL_ENV}=postgresql+psycopg://user:pass@host/db "
            "(.ci/run starts one and sets it)"
        )
    name = f"county_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


STATION_NAME = "龙兴镇公共法律服务工作站"
#: `station init`'s arguments for 龙兴镇 (two villages, the head 王站长), after --data-dir.
INIT_ARGS = (
    "--station",
    STATION_NAME,
    "--county",
    "渝北区",
    "--type",
    "town",
    "--village",
    "青石村",
    "--village",
    "滨江社区:street",
    "--head",
    "王站长",
)


_station_template: dict[str, Path] = {}


def init_station(data_dir: Path) -> None:
    """龙兴镇 as `station init` makes it. The command runs once per test process (its own
    tests are in tests/cli/test_cli.py); each later station is a copy of that folder: the same
    data key (STATION_KEY_DIR, inherited by the commands), the same identities, a folder and
    an audit mark of its own. No test puts two such copies on one county."""
    if "folder" not in _station_template:
        parent = tempfile.mkdtemp(prefix="station-template-")
        atexit.register(shutil.rmtree, parent, ignore_errors=True)
        folder = Path(parent) / "data"
        _run_station_init(folder)
        _station_template["folder"] = folder
    shutil.copytree(_station_template["folder"], data_dir, dirs_exist_ok=True)


def _run_station_init(data_dir: Path) -> None:
    done = station("init", "--data-dir", str(data_dir), *INIT_ARGS)
    assert done.returncode == 0, done.stderr


#: Retry pauses of a twentieth of a second: a faulty link is retried at once in tests.
FAST_RETRY = {"STATION_SYNC_BACKOFF": "0.05"}


def sync_until_clean(data_dir: Path, url: str, runs: int = 6) -> subprocess.CompletedProcess[str]:
    done = None
    for _ in range(runs):
        done = station(
            "sync",
            "--data-dir",
            str(data_dir),
            "--server",
            url,
            "--max-batch",
            "20",
            "--time-limit",
            "120",
            env=FAST_RETRY,
        )
        if done.returncode == 0:
            return done
    assert done is not None
    pytest.fail(f"sync never came clean: {done.stdout}\n{done.stderr}")
