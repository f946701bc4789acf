"""The packaging, built for real: installer/build.py makes the one-folder bundle, runs its
self-test, and compiles the NSIS script with warnings as errors; then the bundle runs with
nothing from this machine's Python (no PATH, no PYTHONPATH) and upgrades a first-release store.

Slow (about three minutes on two cores, most of it makensis compressing the bundle), built once
per run. Needs PyInstaller (the test extra) and makensis (Debian package nsis; .ci/run installs
it). On a developer machine without them the tests skip; in CI (CI=true) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from station_app.security.field_sealer import is_sealed
from station_app.security.key_store import KEY_DIR_ENV, KeyStore
from station_app.storage.column_types import sealer_of
from station_app.storage.schema_versions import head_revision
from station_app.storage.store import Store
from tests.old_store import (
    FIXTURE,
    copy_old_store,
    dump,
    lost_rows,
    migration_backups,
    revision,
)

ROOT = Path(__file__).resolve().parents[2]
APP = "StationLedger"
EXE = APP + (".exe" if sys.platform == "win32" else "")
BUILD_TIMEOUT_S = 1200

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT_S + 120)]


@dataclass(frozen=True)
class Build:
    bundle: Path
    setup: Path
    output: str


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def clean_env() -> dict[str, str]:
    """`env -i` plus the two things a headless run needs: no PATH, no Python anywhere."""
    return {"QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    missing = [tool for tool in ("makensis",) if shutil.which(tool) is None]
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        missing.append("pyinstaller")
    if missing:
        message = (
            f"{', '.join(missing)} not installed (apt-get install nsis; pip install -e .[test])"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("installer")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "installer" / "build.py"),
            *("--dist", str(out / "dist"), "--work", str(out / "work")),
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    print(output[output.find("PyInstaller bundle:") :])  # timings and sizes, with -s
    yield Build(
        bundle=out / "dist" / APP,
        setup=out / "work" / "nsis-check" / f"{APP}-Setup-{project_version()}.exe",
        output=output,
    )


def test_build_makes_the_bundle_and_compiles_the_installer_script(build: Build) -> None:
    assert (build.bundle / EXE).is_file()
    # makensis ran with -WX: any warning would have failed the build. Its output is a
    # Windows program (PE header), named after the version in pyproject.toml.
    assert build.setup.read_bytes()[:2] == b"MZ"
    assert "makensis 失败" not in build.output


def test_bundle_ships_the_migrations_and_resources_and_leaves_out_unused_qt(
    build: Build,
) -> None:
    internal = build.bundle / "_internal"
    source_versions = ROOT / "station_app" / "storage" / "migrations" / "versions"
    shipped_versions = internal / "station_app" / "storage" / "migrations" / "versions"
    assert sorted(p.name for p in shipped_versions.glob("*.py")) == sorted(
        p.name for p in source_versions.glob("*.py")
    )
    assert (internal / "resources" / "icons" / "app.svg").is_file()
    assert (internal / "resources" / "fonts" / "uming.ttc").is_file()  # the PDFs' 宋体
    names = {p.name for p in internal.rglob("*")}
    assert "qtbase_zh_CN.qm" in names
    assert not [n for n in names if n.startswith("qtbase_") and not n.endswith("_zh_CN.qm")]
    for unused in ("QtQml", "QtQuick", "Qt3DCore", "QtWebEngineCore", "QtMultimedia", "QtPdf"):
        assert not [n for n in names if unused in n], unused
    for unused in ("tkinter", "pygments", "pytest"):
        assert not (internal / unused).exists(), unused
    assert (internal / "cryptography").is_dir()  # seals ID and phone numbers


def test_bundle_self_test_passes_with_no_python_in_the_environment(
    build: Build, tmp_path: Path
) -> None:
    result = subprocess.run(
        [str(build.bundle / EXE), "--self-test"],
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "自检通过 / self-test passed"
    assert "Traceback" not in result.stderr


def test_bundle_upgrades_a_first_release_store_keeping_every_record(
    build: Build, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    db = copy_old_store(data_dir)
    keys = tmp_path / "keys"  # where the bundle keeps the new data key (not the tester's)
    result = subprocess.run(
        [str(build.bundle / EXE), "--data-dir", str(data_dir), "--exit-when-shown"],
        # A store from before sign-in: the smoke run signs its head in (setting the first
        # password), as `station` does, instead of waiting at the first-password dialog.
        env={
            **clean_env(),
            KEY_DIR_ENV: str(keys),
            "STATION_USER": "admin",
            "STATION_PASSWORD": "smoke2026run",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert revision(db) == head_revision()
    (backup,) = migration_backups(data_dir)
    assert dump(backup) == dump(FIXTURE)
    store = Store.open(data_dir, keys=KeyStore(keys, use_keyring=False))
    try:
        sealer = sealer_of(store.engine.dialect)
    finally:
        store.close()

    def unseal(column: str, value: object) -> object:
        if column == "password_hash" and isinstance(value, str) and value.startswith("scrypt$"):
            return None  # the smoke run's sign-in chose the head's first password
        sealed = isinstance(value, str) and is_sealed(value)
        return sealer.open(column, str(value)) if sealed else value

    assert lost_rows(FIXTURE, db, unseal) == []
    assert (data_dir / "logs" / "station.log").is_file()
