"""The benchmarks stay runnable: they are not part of the normal run, so nothing else would
notice a benchmark that no longer imports or asks for a fixture nobody provides; and their
summary table says met/short the right way round for figures that improve upwards and
downwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import figures, run_all

ROOT = Path(__file__).resolve().parents[1]


def test_every_benchmark_collects_with_the_fixtures_it_asks_for(tmp_path: Path) -> None:
    """``--setup-plan`` resolves every benchmark's fixtures without running one, so a fixture
    taken from another conftest without the fixtures it needs fails here, not in the next full
    benchmark run (the keyboard benchmark's window once lacked its styled application)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        figures.FIGURES_ENV: str(tmp_path / "figures.jsonl"),
    }
    out = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "tests/benchmarks", "--setup-plan", "-q"),
            *("-n0", "-p", "no:cacheprovider"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    collected = {line.split("::")[0].strip() for line in out.stdout.splitlines() if "::" in line}
    files = {f"tests/benchmarks/{p.name}" for p in (ROOT / "tests/benchmarks").glob("test_*.py")}
    assert files and collected == files


def _write(path: Path, *rows: tuple[str, float, str, float | None, str]) -> None:
    path.write_text(
        "".join(
            json.dumps(dict(zip(("name", "value", "unit", "target", "better"), r, strict=True)))
            + "\n"
            for r in rows
        ),
        encoding="utf-8",
    )


def test_recorded_figures_make_a_table_with_ratios_oriented_to_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "now.jsonl"
    monkeypatch.setenv(figures.FIGURES_ENV, str(path))
    figures.record("fill rate", 12_000, "records/s", 10_000, "higher")
    figures.record("kind filter", 100.0, "ms", 50.0, "lower")
    figures.record("kind filter", 40.0, "ms", 50.0, "lower")  # a re-run: the last value counts
    figures.record("bare window", 300.0, "ms")
    earlier = tmp_path / "before.jsonl"
    _write(earlier, ("fill rate", 5_000, "records/s", 10_000, "higher"))

    assert run_all.main(["--show", str(path), "--compare", str(earlier)]) == 0
    lines = capsys.readouterr().out.splitlines()
    fill = next(line for line in lines if line.startswith("fill rate"))
    kind = next(line for line in lines if line.startswith("kind filter"))
    bare = next(line for line in lines if line.startswith("bare window"))
    # figure, value, unit, target, ratio (>= 1: met), mark, the earlier run's value and ratio
    assert fill.split()[2:] == [
        "12,000",
        "records/s",
        "≥",
        "10,000",
        "1.20",
        "met",
        "5,000",
        "0.50",
    ]
    assert kind.split()[2:] == ["40.0", "ms", "≤", "50.0", "1.25", "met", "—", "—"]
    assert bare.split()[2:] == ["300", "ms", "—", "—", "—", "—"]
    assert lines[-1] == "2 met, 0 short, 1 without a target"


def test_a_figure_just_short_of_its_target_is_marked_short() -> None:
    just_short = figures.Figure("open", 50.2, "ms", 50.0, "lower")
    text = figures.table([just_short])
    assert "SHORT" in text and "1.00" not in text
