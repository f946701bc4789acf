"""Packages depend one way: the rules of the architecture, checked on every import in the tree.

Imports inside functions count: they are how the old two-way knots hid. A failure names the
module, the import and the rule it breaks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("station_app", "sync")


@cache
def modules() -> dict[str, Path]:
    """Every module of the app and the sync package by dotted name (migration scripts aside)."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


@cache
def imports_of(module: str) -> frozenset[str]:
    """Every absolute module name `module` imports, at any depth of its code."""
    path = modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            # `from package import module` imports the module too
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def internal_imports(module: str) -> set[str]:
    return {m for m in imports_of(module) if m in modules() and m != module}


def under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def offenders(sources: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    forbidden = tuple(forbidden)
    return sorted(
        f"{m} -> {target}"
        for m in modules()
        if under(m, sources)
        for target in imports_of(m)
        if under(target, forbidden)
    )


def test_the_tree_is_found() -> None:
    assert len(modules()) > 100
    assert "sync.protocol" in modules() and "station_app.domain" in modules()


def test_the_domain_imports_only_the_domain() -> None:
    app_parts = {m.split(".")[1] for m in modules() if m.startswith("station_app.")}
    assert (
        offenders(
            ["station_app.domain"],
            [f"station_app.{p}" for p in app_parts - {"domain"}] + ["sync", "PySide6"],
        )
        == []
    )


def test_the_wire_knows_only_the_domain() -> None:
    wire = ["sync.protocol", "sync.payload"]
    bad = [
        f"{m} -> {t}"
        for m in wire
        for t in internal_imports(m)
        if not under(t, ["station_app.domain", *wire, "sync"]) or under(t, ["sync.server"])
    ]
    assert bad == []


def test_the_county_server_never_loads_the_station_store_or_services() -> None:
    """Not even indirectly: everything the server reaches is wire, domain, security, writers."""
    seen: set[str] = set()
    todo = [m for m in modules() if under(m, ["sync.server"])]
    path: dict[str, str] = {}
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        for t in internal_imports(m):
            path.setdefault(t, m)
            todo.append(t)
    station_side = [
        "station_app.storage",
        "station_app.services",
        "station_app.ui",
        "station_app.cli",
        "station_app.sync_client",
        "station_app.importer",
        "station_app.tools",
        "station_app.app",
    ]
    reached = sorted(f"{path[m]} -> {m}" for m in seen if under(m, station_side))
    assert reached == []


def test_ui_and_cli_reach_the_store_only_through_services() -> None:
    assert (
        offenders(["station_app.ui", "station_app.cli", "station_app.app"], ["station_app.storage"])
        == []
    )


def test_lower_layers_never_import_upper_ones() -> None:
    above_storage = [
        "station_app.services",
        "station_app.reports",
        "station_app.importer",
        "station_app.ui",
        "station_app.cli",
        "station_app.sync_client",
        "station_app.tools",
        "station_app.app",
        "sync",
    ]
    assert offenders(["station_app.storage", "station_app.security"], above_storage) == []
    assert (
        offenders(
            ["station_app.services"],
            [
                "station_app.ui",
                "station_app.cli",
                "station_app.sync_client",
                "station_app.tools",
                "station_app.app",
                "sync.server",
            ],
        )
        == []
    )
    assert (
        offenders(
            ["station_app.sync_client"],
            ["station_app.ui", "station_app.cli", "station_app.tools", "sync.server"],
        )
        == []
    )


def test_the_core_never_imports_qt() -> None:
    core = [
        f"station_app.{p}"
        for p in (
            "domain",
            "security",
            "storage",
            "services",
            "reports",
            "importer",
            "cli",
            "sync_client",
        )
    ] + ["sync"]
    assert offenders(core, ["PySide6", "shiboken6"]) == []


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over the module graph: each must be one module."""
    graph = {m: internal_imports(m) for m in modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []
