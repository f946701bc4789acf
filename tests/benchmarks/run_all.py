"""Run every benchmark, then print one summary table of their figures.

    python3 -m tests.benchmarks [-k EXPR] [--figures FILE] [--compare EARLIER.jsonl] [pytest args]
    python3 -m tests.benchmarks --show FILE [--compare EARLIER.jsonl]

pytest runs in one process (-n0, undisturbed timings; -s prints each benchmark's own lines),
with this checkout first on PYTHONPATH so its subprocesses run the same code. The figures land
in a JSON-lines file (kept; its path is printed) that a later run can be compared against.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.benchmarks import figures

ROOT = Path(__file__).resolve().parents[2]
# No per-test time limit: the 200k fill alone can pass the normal suite's 300 s on a busy machine.
PYTEST_ARGS = ("-n0", "-s", "-p", "no:cacheprovider", "--timeout=0")


def pytest_command(extra: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "tests/benchmarks", *PYTEST_ARGS, *extra]


def summary(path: Path, compare: Path | None) -> str:
    earlier = figures.load(compare) if compare else []
    return figures.table(figures.load(path), earlier)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tests.benchmarks", description=__doc__)
    parser.add_argument("-k", dest="keyword", help="run only the benchmarks matching EXPR")
    parser.add_argument("--figures", type=Path, help="where to write the figures (JSON lines)")
    parser.add_argument("--compare", type=Path, help="an earlier run's figures, shown beside")
    parser.add_argument("--show", type=Path, help="only print the table of this figures file")
    args, extra = parser.parse_known_args(argv)
    if args.show:
        print(summary(args.show, args.compare))
        return 0
    path: Path = (
        args.figures
        or Path(tempfile.mkdtemp(prefix="station-bench-figures-"))
        / f"figures-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("", encoding="utf-8")
    env = {
        **os.environ,
        figures.FIGURES_ENV: str(path.resolve()),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    if args.keyword:
        extra = ["-k", args.keyword, *extra]
    start = time.perf_counter()
    code = subprocess.run(pytest_command(extra), cwd=ROOT, env=env, check=False).returncode
    minutes = (time.perf_counter() - start) / 60
    print(f"\n=== benchmark summary ({minutes:.0f} min; pytest exit {code}) ===")
    print(summary(path, args.compare))
    print(f"(figures in {path}; compare a later run with --compare {path})")
    return code


if __name__ == "__main__":
    sys.exit(main())
