"""Build the Windows installer, or on Linux everything that can be checked of it.

    python installer/build.py [--dist DIR] [--work DIR]

1. PyInstaller makes the one-folder bundle `DIST/StationLedger/` (installer/station_ledger.spec);
2. the bundle runs its own `--self-test` in a clean environment (no Python on PATH, no
   PYTHONPATH, offscreen Qt): store, migrations, report, main window;
3. makensis compiles installer/station_ledger.nsi against the bundle, warnings as errors.

On Windows step 3 produces `DIST/StationLedger-Setup-<version>.exe`, the file a clerk
double-clicks. Elsewhere the same script is compiled against the Linux bundle into the work
folder: not an installable program, but proof that the script and its defines are valid;
uncompressed (CHECK_ONLY) unless --compress, since LZMA over the bundle takes minutes there.
Exit status 0 when every step passed; otherwise 1 and one line saying which step failed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "installer"))
from app_icon import write_ico  # noqa: E402

APP_ID = "StationLedger"
IS_WINDOWS = sys.platform == "win32"
APP_EXE = f"{APP_ID}.exe" if IS_WINDOWS else APP_ID
SPEC = ROOT / "installer" / "station_ledger.spec"
NSIS_SCRIPT = ROOT / "installer" / "station_ledger.nsi"
SELF_TEST_TIMEOUT_S = 300


class BuildError(Exception):
    pass


def project_version() -> str:
    """The one place the version is written: pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared: str = tomllib.load(f)["project"]["version"]
    try:
        installed = version("station-ledger")
    except PackageNotFoundError:
        installed = None
    if installed != declared:
        # The bundle reads its version from the installed metadata (the About line, sync).
        raise BuildError(
            f"已安装的版本 {installed} 与 pyproject.toml 的 {declared} 不一致，"
            '请先运行 pip install -e ".[build]" / reinstall the package first'
        )
    return declared


def version_quad(text: str) -> str:
    """`0.1.0` or `1.2rc1` -> `0.1.0.0` / `1.2.0.0`: Windows file versions are four numbers."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    if match is None:
        raise BuildError(f"版本号无法识别 / unusable version: {text}")
    return ".".join(part or "0" for part in match.groups()) + ".0"


def clean_env() -> dict[str, str]:
    """Only what the bundle needs: no PATH to a Python, no PYTHONPATH, offscreen Qt."""
    env = {"QT_QPA_PLATFORM": "offscreen"}
    if IS_WINDOWS:
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env["SYSTEMROOT"] = system_root
        env["PATH"] = rf"{system_root}\System32;{system_root}"
        for name in ("TEMP", "TMP", "USERPROFILE", "LOCALAPPDATA", "APPDATA"):
            if name in os.environ:
                env[name] = os.environ[name]
    else:
        env["LANG"] = "C.UTF-8"
    return env


def find_makensis() -> str:
    found = shutil.which("makensis")
    if found is None and IS_WINDOWS:
        for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
            candidate = Path(base or r"C:\Program Files (x86)") / "NSIS" / "makensis.exe"
            if candidate.exists():
                found = str(candidate)
                break
    if found is None:
        hint = "winget install NSIS.NSIS" if IS_WINDOWS else "apt-get install nsis"
        raise BuildError(f"找不到 makensis，请先安装 NSIS（{hint}）/ makensis not found")
    return found


def run(
    step: str,
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    capture: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    print(f"== {step}", flush=True)
    result = subprocess.run(
        command, env=env, cwd=cwd, capture_output=capture, timeout=timeout, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or "").strip().splitlines()[-1:] if capture else []
        raise BuildError(f"{step} 失败（退出码 {result.returncode}）{' '.join(detail)}")
    return result


def folder_size(folder: Path) -> int:
    """Bytes on disk; PyInstaller's Linux bundles link some libraries twice by symlink."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path, *, compress: bool = IS_WINDOWS) -> Path:
    timings: dict[str, float] = {}
    release = project_version()
    icon = write_ico(ROOT / "resources" / "icons" / "app.svg", work / f"{APP_ID}.ico")

    started = time.monotonic()
    run(
        "PyInstaller",
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(SPEC),
        ],
    )
    timings["PyInstaller bundle"] = time.monotonic() - started
    bundle = dist / APP_ID

    started = time.monotonic()
    result = run(
        "self-test",
        [str(bundle / APP_EXE), "--self-test"],
        env=clean_env(),
        cwd=work,
        capture=True,
        timeout=SELF_TEST_TIMEOUT_S,
    )
    if "自检通过" not in result.stdout and not IS_WINDOWS:  # a windowed exe may print nothing
        raise BuildError(
            f"自检没有给出结果 / the self-test printed nothing: {result.stderr[-500:]}"
        )
    timings["bundle self-test"] = time.monotonic() - started

    setup_name = f"{APP_ID}-Setup-{release}.exe"
    # Only a Windows bundle makes an installable setup; elsewhere the output only proves the
    # script compiles, so it stays in the work folder, away from anything that gets shipped.
    setup = dist / setup_name if IS_WINDOWS else work / "nsis-check" / setup_name
    setup.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    run(
        "makensis",
        [
            find_makensis(),
            "-WX",  # a warning fails the build
            "-V2",
            f"-DVERSION={release}",
            f"-DVERSION_QUAD={version_quad(release)}",
            f"-DBUNDLE_DIR={bundle}",
            f"-DAPP_EXE={APP_EXE}",
            f"-DICON={icon}",
            f"-DOUT_FILE={setup}",
            *([] if compress else ["-DCHECK_ONLY"]),
            str(NSIS_SCRIPT),
        ],
    )
    timings["makensis"] = time.monotonic() - started

    for step, seconds in timings.items():
        print(f"{step}: {seconds:.0f} s")
    print(f"bundle {bundle}: {folder_size(bundle) / 2**20:.0f} MiB")
    print(f"installer {setup}: {setup.stat().st_size / 2**20:.0f} MiB")
    if not IS_WINDOWS:
        print("(Linux: the installer script compiles; the installable setup is built on Windows)")
    return setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Windows installer (see README).")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="bundle and setup")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "installer")
    parser.add_argument(
        "--compress",
        action="store_true",
        default=IS_WINDOWS,
        help="LZMA-compress the setup (always on Windows; elsewhere it only costs minutes)",
    )
    args = parser.parse_args(argv)
    try:
        build(args.dist.resolve(), args.work.resolve(), compress=args.compress)
    except (BuildError, subprocess.TimeoutExpired) as exc:
        print(f"构建失败 / build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
