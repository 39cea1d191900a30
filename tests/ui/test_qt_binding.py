"""The Qt binding in use must not drain None's reference count.

PySide6 6.12.0 returns None from void methods (QPainter.setPen, drawEllipse, ...) without a
reference: every call decrements None's refcount, and after some thousand repaints of the
keying screen the interpreter aborts ("none_dealloc"). pyproject.toml excludes that release;
this test fails on any binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen


def test_void_painter_calls_keep_none_alive(qapp: object) -> None:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    colour = QColor("#1f4e79")
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPoint(8, 8), 4, 4)
            painter.drawText(QRect(0, 0, 40, 20), Qt.AlignmentFlag.AlignCenter, "4")
        drained = before - sys.getrefcount(None)
    finally:
        painter.end()
    assert drained < 100, f"None lost {drained} references in 2 000 painter calls"
