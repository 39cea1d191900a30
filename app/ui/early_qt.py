"""Qt enum values and drawing for the code that runs before the keying window's first paint.

PySide builds its whole ``Qt`` namespace, about ninety enum classes, the first time any code
touches ``Qt``, receives a ``Qt`` enum, or calls a method one of whose overloads takes one
(``setPen``, ``setBrush``, ``fillRect``, ``QBrush(colour)``, ``setShortcut``, ``setAlignment``,
``setAttribute`` …). That is ~110 M instructions (30–50 ms here), a third of what the keying
window cost beyond a bare window (benchmarks/bench_startup.py, budget 1.5 ×; decision 27).

So the modules on the start path (app.ui.app, main_window, keying_page, answer_grid,
tally_panel, style, startup) never touch ``Qt`` while building and first painting the window:
they set enum-typed properties with the plain numbers below through ``QObject.setProperty``,
and paint with ``Ink`` on a ``QStylePainter``: pixmaps for areas and circles, ``drawItemText``
for coloured text (not ``QStyle.drawItemText``: importing QStyle builds its own enums, ~47 M
instructions). Key handlers and later screens use ``Qt`` freely: the window builds
the namespace right after its first paint (``KeyingPage.finish_start``), before a clerk can
press a key. tests/ui/test_early_qt.py checks every number against Qt's, and that the keying
window paints without the namespace.
"""

from __future__ import annotations

import math
import struct
import zlib

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStylePainter

# Qt::AlignmentFlag
ALIGN_LEFT = 0x0001
ALIGN_RIGHT = 0x0002
ALIGN_HCENTER = 0x0004
ALIGN_TOP = 0x0020
ALIGN_BOTTOM = 0x0040
ALIGN_VCENTER = 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER
# Qt::FocusPolicy
NO_FOCUS = 0x0
STRONG_FOCUS = 0xB
# Qt::ShortcutContext
WIDGET_WITH_CHILDREN_SHORTCUT = 3
# Qt::ToolButtonStyle
TOOL_BUTTON_TEXT_ONLY = 1

ELLIPSIS = "…"


def elided(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` cut at the right with "…" to fit ``width`` pixels (``elidedText`` needs ``Qt``)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    fits, too_long = 0, len(text)
    while too_long - fits > 1:  # the longest prefix that fits with the ellipsis
        middle = (fits + too_long) // 2
        if metrics.horizontalAdvance(text[:middle].rstrip() + ELLIPSIS) <= width:
            fits = middle
        else:
            too_long = middle
    if fits == 0 and metrics.horizontalAdvance(ELLIPSIS) > width:
        return ""
    return text[:fits].rstrip() + ELLIPSIS


def circle_pixmap(radius: float, colour: QColor, ring_width: float | None = None) -> QPixmap:
    """An antialiased disc, or a ring of ``ring_width``, centred in a square pixmap.

    Coverage is the pixel centre's distance to the edge, which is what QPainter's
    antialiasing gives for shapes this small. The pixels go to Qt as a PNG: painting the shape
    needs a brush (``Qt``), and a QImage from raw bytes makes PySide build QImage's enums.
    """
    size = math.ceil(2 * radius + (ring_width or 0) + 2)
    offsets = [i + 0.5 - size / 2 for i in range(size)]  # pixel centres from the middle
    edge = radius + 0.5 if ring_width is None else ring_width / 2 + 0.5
    template = bytes((colour.red(), colour.green(), colour.blue(), 0)) * size
    rows = bytearray()
    for dy in offsets:  # kept to plain arithmetic: min(), max(), round() cost ~5x more here
        alphas = bytearray()
        for dx in offsets:
            distance = math.hypot(dx, dy)
            cover = edge - (distance if ring_width is None else abs(distance - radius))
            alphas.append(0 if cover <= 0 else 255 if cover >= 1 else int(255 * cover + 0.5))
        row = bytearray(template)
        row[3::4] = alphas  # straight (not premultiplied) alpha
        rows += b"\x00" + row  # PNG row filter: none
    pixmap = QPixmap()
    pixmap.loadFromData(_png(size, size, bytes(rows)), "PNG")
    return pixmap


def _png(width: int, height: int, rgba_rows: bytes) -> bytes:
    """An 8-bit RGBA PNG of already filtered rows (each starts with its filter byte)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rgba_rows)) + chunk(b"IEND", b""))


class Ink:
    """Colours on a painter without pens or brushes (see the module's note)."""

    def __init__(self) -> None:
        self._palettes: dict[str, QPalette] = {}
        self._swatches: dict[str, QPixmap] = {}

    def fill(self, painter: QPainter, rect: QRect, colour: QColor) -> None:
        swatch = self._swatches.get(colour.name())
        if swatch is None:
            swatch = QPixmap(1, 1)
            swatch.fill(colour)
            self._swatches[colour.name()] = swatch
        painter.drawPixmap(rect, swatch)

    def text(self, painter: QStylePainter, rect: QRect, flags: int, text: str,
             colour: QColor) -> None:
        palette = self._palettes.get(colour.name())
        if palette is None:
            palette = QPalette()
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self._palettes[colour.name()] = palette
        painter.drawItemText(rect, flags, palette, True, text, QPalette.ColorRole.WindowText)
