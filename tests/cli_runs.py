"""`station` commands run by this process's ``main`` rather than a process of their own.

A `station` process spends a second or two of CPU on imports before it does anything; a test
runs a command as a process where starting up is part of what it checks (at least once per
command), and its further runs here.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

#: What ``station_here`` and ``county_here`` stand in for: the CLIs run by this interpreter.
STATION_CMD = (sys.executable, "-m", "station_app.cli.main")
COUNTY_SERVER_CMD = (sys.executable, "-m", "sync.server.cli")


def station_here(*args: str) -> subprocess.CompletedProcess[str]:
    """`station ARGS` by this process's ``main``: its exit status and what it printed. The
    umask the command sets for itself is put back afterwards."""
    from station_app.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    umask = os.umask(0o077)
    os.umask(umask)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        os.umask(umask)
    return subprocess.CompletedProcess([*STATION_CMD, *args], code, out.getvalue(), err.getvalue())


def county_here(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`county-server --db URL ARGS` by this process's ``main``: its exit status and what it
    printed."""
    from sync.server.cli import main

    argv = ["--db", db_url, *args]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return subprocess.CompletedProcess(
        [*COUNTY_SERVER_CMD, *argv], code, out.getvalue(), err.getvalue()
    )
