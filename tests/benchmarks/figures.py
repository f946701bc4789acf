"""The benchmarks' headline figures: each one appended as a JSON line, then shown as one table.

Every benchmark calls ``record`` for the figures it exists to measure; the file is named by
``STATION_BENCH_FIGURES`` (set by ``python3 -m tests.benchmarks`` or, for a plain pytest run,
by tests/benchmarks/conftest.py), so benchmark subprocesses record into the same file. The
table's ratio is oriented so that >= 1 always means the target is met, whichever way the figure
improves; two runs' files side by side compare like for like.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FIGURES_ENV = "STATION_BENCH_FIGURES"
Better = Literal["higher", "lower"]


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None  # None: printed for context, no target of its own
    better: Better

    @property
    def ratio(self) -> float | None:
        """value/target for "higher", target/value for "lower": >= 1 means the target is met."""
        if self.target is None or self.value <= 0 or self.target <= 0:
            return None
        return self.value / self.target if self.better == "higher" else self.target / self.value

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None else ratio >= 1.0


def record(
    name: str, value: float, unit: str, target: float | None = None, better: Better = "lower"
) -> Figure:
    """Append one figure to the run's file (none configured: only returned)."""
    figure = Figure(name, float(value), unit, target, better)
    path = os.environ.get(FIGURES_ENV)
    if path:
        line = json.dumps(figure.__dict__, ensure_ascii=False)
        with open(path, "a", encoding="utf-8") as out:  # one write per line: atomic enough
            out.write(line + "\n")
    return figure


def load(path: Path) -> list[Figure]:
    """The figures of one run, in the order they were recorded; a figure recorded twice (a
    re-run) keeps its place and its last value."""
    figures: dict[str, Figure] = {}
    if not path.exists():
        return []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            figures[raw["name"]] = Figure(
                raw["name"], raw["value"], raw["unit"], raw.get("target"), raw["better"]
            )
    return list(figures.values())


def _number(value: float) -> str:
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _ratio(ratio: float | None) -> str:
    """Rounded down, so a figure just short of its target never shows 1.00."""
    return "—" if ratio is None else f"{math.floor(ratio * 100) / 100:.2f}"


def _target(figure: Figure) -> str:
    if figure.target is None:
        return "—"
    return ("≥ " if figure.better == "higher" else "≤ ") + _number(figure.target)


def _width(text: str) -> int:
    """Columns a terminal gives the text: CJK characters take two."""
    return sum(2 if "\u2e80" <= ch <= "\ufe4f" or "\uff00" <= ch <= "\uffef" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def table(figures: Iterable[Figure], before: Iterable[Figure] = ()) -> str:
    """The summary: figure, value, unit, target, ratio, met/short (and a previous run's value
    and ratio beside them, when given)."""
    earlier = {f.name: f for f in before}
    head = ["figure", "value", "unit", "target", "ratio", ""]
    if earlier:
        head += ["before", "ratio before"]
    rows = [head]
    met = short = 0
    for f in figures:
        ratio = f.ratio
        mark = "" if f.met is None else ("met" if f.met else "SHORT")
        met += f.met is True
        short += f.met is False
        row = [
            f.name,
            _number(f.value),
            f.unit,
            _target(f),
            _ratio(ratio),
            mark,
        ]
        if earlier:
            old = earlier.get(f.name)
            old_ratio = None if old is None else old.ratio
            row += [
                "—" if old is None else _number(old.value),
                _ratio(old_ratio),
            ]
        rows.append(row)
    if len(rows) == 1:
        return "no figures were recorded"
    widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
    numeric = {1, 4, 6, 7}
    lines = []
    for n, row in enumerate(rows):
        cells = [_pad(c, widths[i], right=i in numeric) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append(f"{met} met, {short} short, {len(rows) - 1 - met - short} without a target")
    return "\n".join(lines)
