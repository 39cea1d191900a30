"""Look shared by every window: readable body text (≥ 11 pt), colours set through palettes.

Palettes, not style sheets: a style sheet gives a widget its own style object and costs
milliseconds per widget at start-up (about 60 ms for the keying screen).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

BODY_POINT_SIZE = 11.0
ERROR = "#b00020"
OK = "#1b5e20"
MUTED = "#444444"
WARNING = "#8a4b00"


def apply_style(app: QApplication) -> None:
    font = app.font()
    if font.pointSizeF() < BODY_POINT_SIZE:
        font.setPointSizeF(BODY_POINT_SIZE)
        app.setFont(font)


def set_text_colour(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    palette.setColor(QPalette.ColorRole.Text, QColor(colour))
    widget.setPalette(palette)


def set_background(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(colour))
    widget.setPalette(palette)
    widget.setAutoFillBackground(True)


def set_bold(widget: QWidget, bold: bool = True, scale: float = 1.0) -> None:
    font = QFont(widget.font())
    font.setBold(bold)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
