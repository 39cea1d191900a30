"""Look shared by every window: readable body text (≥ 11 pt) in a font with Vietnamese letters."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

BODY_POINT_SIZE = 11.0


def apply_style(app: QApplication) -> None:
    font = app.font()
    if font.pointSizeF() < BODY_POINT_SIZE:
        font.setPointSizeF(BODY_POINT_SIZE)
        app.setFont(font)
