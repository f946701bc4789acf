"""The layering and the static checks the developers' guide promises, enforced by the suite."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = [ROOT / "station_app" / d for d in ("domain", "storage", "services", "reports", "cli")] + [
    ROOT / "sync"
]
CORE_FILES = [ROOT / "station_app" / f for f in ("settings.py", "app_logging.py")]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_core_never_imports_qt() -> None:
    files = [p for d in CORE if d.exists() for p in d.rglob("*.py")] + CORE_FILES
    assert len(files) > 20
    offenders = [
        str(p.relative_to(ROOT))
        for p in files
        if any(m == "PySide6" or m.startswith("PySide6.") for m in _imports(p))
    ]
    assert offenders == []


def test_no_sql_outside_storage() -> None:
    """Widgets and services ask repositories; raw SQL text lives in storage only."""
    outside = [ROOT / "station_app" / d for d in ("domain", "services", "reports", "cli", "ui")]
    offenders = []
    for d in outside:
        for p in d.rglob("*.py") if d.exists() else []:
            if "sqlalchemy" in " ".join(_imports(p)) and "text(" in p.read_text(encoding="utf-8"):
                offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_ruff_lint_is_clean() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]


def test_mypy_is_clean_on_the_core() -> None:
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout[-3000:]
