"""Before Qt starts on a Linux desktop: are the X11 (xcb) libraries Qt's window plugin needs there?

A fresh Debian desktop lacks a few of them (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1).
Without them Qt prints a plugin error in English and aborts; the clerk gets instead one Chinese
line and the one ``apt-get`` command that fixes it. (Windows: the installer carries everything.)
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from station_app.ui.i18n import tr

#: The libraries Qt's xcb platform plugin loads (``ldd libqxcb.so``), each with the Debian and
#: Ubuntu package that holds it. Those every desktop has (libc, GL, fontconfig) are left out.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
}


def loads(soname: str) -> bool:
    """The dynamic loader finds and loads ``soname`` (as Qt's plugin would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Qt would start on X11 here: Linux, and no other platform plugin asked for."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    # A Wayland session: Qt tries its Wayland plugin first.
    return not (environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland")


def missing_packages(load: Callable[[str], bool] = loads) -> list[str]:
    """The packages whose xcb libraries ``load`` cannot load, in install order."""
    return [package for soname, package in XCB_LIBRARIES.items() if not load(soname)]


def install_hint(packages: list[str]) -> str:
    """Two lines for the terminal: what is missing, and the command that installs it."""
    return tr(
        "无法启动图形界面：本机缺少 Qt 需要的系统库。请先运行下面这条命令，再重新启动台账：\n"
        "sudo apt-get install -y {0}"
    ).format(" ".join(packages))


def check_platform_libraries(
    environ: Mapping[str, str] | None = None,
    load: Callable[[str], bool] = loads,
    platform: str = sys.platform,
) -> str | None:
    """None when Qt can start its window here, else the message that says how to fix it."""
    if not uses_xcb(os.environ if environ is None else environ, platform):
        return None
    packages = missing_packages(load)
    return install_hint(packages) if packages else None
