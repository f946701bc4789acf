"""The Windows .ico for the exe, the shortcuts and the installer, rendered from `app.svg`.

Rendered at build time with Qt (already a dependency) so no binary icon is kept in git and the
icon never drifts from the one the window shows. Sizes up to 64 px are stored as 32-bit DIBs,
which every Windows version and NSIS read; 256 px as PNG, as Windows expects for large icons.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

DIB_SIZES = (16, 20, 24, 32, 40, 48, 64)
PNG_SIZES = (256,)


def write_ico(svg: Path, target: Path) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"图标无法读取 / cannot read icon: {svg}")
    entries = [(size, _dib(_render(renderer, size))) for size in DIB_SIZES]
    entries += [(size, _png(_render(renderer, size))) for size in PNG_SIZES]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_ico(entries))
    return target


def _render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"png")).write(image):
        raise SystemExit("图标无法保存为 PNG / cannot write the icon as PNG")
    buffer.close()
    return bytes(data.data())


def _dib(image: QImage) -> bytes:
    """BITMAPINFOHEADER, bottom-up BGRA rows, then the (unused, all-zero) 1-bit AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    # Format_ARGB32 lies in memory as B, G, R, A on little-endian machines: a DIB's order.
    bits, stride = bytes(image.constBits()), image.bytesPerLine()
    rows = [bits[y * stride : y * stride + size * 4] for y in reversed(range(size))]
    mask_row = b"\0" * (((size + 31) // 32) * 4)
    return header + b"".join(rows) + mask_row * size


def _ico(entries: list[tuple[int, bytes]]) -> bytes:
    directory = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, blob in entries:
        side = 0 if size >= 256 else size  # 0 stands for 256 in an ICONDIRENTRY
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return directory + b"".join(blob for _, blob in entries)
