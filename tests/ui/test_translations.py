"""Every user-visible string of the UI goes through Qt's translation machinery."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = [*sorted((ROOT / "station_app" / "ui").rglob("*.py")), ROOT / "station_app" / "app.py"]
CJK = re.compile(r"[\u4e00-\u9fff]")
MARKERS = {"tr", "QT_TRANSLATE_NOOP", "translate"}
NOT_UI_TEXT = {"style.py"}  # font family names in the stylesheet
#: pyside6-lupdate, run from this interpreter's PySide6 (which ships the tool): no PATH needed.
LUPDATE = [
    sys.executable,
    "-c",
    "import sys; from PySide6.scripts.pyside_tool import lupdate; sys.exit(lupdate())",
]


def _bare_chinese_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked: set[int] = set()
    docstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in MARKERS:
                for arg in ast.walk(node):
                    marked.add(id(arg))
        if isinstance(node, ast.Dict):
            for key in node.keys:  # lookup keys, not shown text
                if key is not None:
                    marked.add(id(key))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))
    bare = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CJK.search(node.value)
            and id(node) not in marked
            and id(node) not in docstrings
        ):
            bare.append(f"{path.name}:{node.lineno}")
    return bare


def test_no_chinese_literal_escapes_tr() -> None:
    bare = [hit for p in UI_FILES if p.name not in NOT_UI_TEXT for hit in _bare_chinese_literals(p)]
    assert bare == []


def test_linguist_extracts_the_ui_strings(tmp_path: Path) -> None:
    ts = tmp_path / "station.ts"
    files = [str(p) for p in UI_FILES if p.name not in NOT_UI_TEXT]
    out = subprocess.run(
        [*LUPDATE, *files, "-ts", str(ts)], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    text = ts.read_text(encoding="utf-8")
    for source in (
        "新建",
        "作废",
        "共 {0} 条",
        "日期",
        "保存并新建 (Ctrl+Enter)",
        "首次使用：创建本站台账",
    ):
        assert f"<source>{source}</source>" in text
    assert text.count("<source>") > 120
