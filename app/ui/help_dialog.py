"""F1: the keys of the keying screen, in the order a clerk meets them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("Keys for keying forms"))
        rows = [
            ("Enter", self.tr("Accept the serial, then the date")),
            ("1 … 5", self.tr("Pick the answer and go to the next question")),
            ("0", self.tr("Left blank on the form")),
            ("9", self.tr("Unreadable, or several boxes marked")),
            ("⌫ Backspace", self.tr("Clear the answer; on an empty question go back one")),
            ("⇧ Shift+Tab, ↑, ←", self.tr("Previous question")),
            ("Tab, ↓, →", self.tr("Next question")),
            (self.tr("Enter on the opinion"), self.tr("Save the form and open the next one")),
            ("Ctrl+S", self.tr("Save the form from anywhere")),
            ("Esc", self.tr("Clear the form (asks first); while correcting: stop")),
            ("F2", self.tr("Key forms")),
            ("F3", self.tr("List of forms")),
            ("Ctrl+,", self.tr("Settings")),
            ("F1", self.tr("This help")),
        ]
        body = "".join(
            f"<tr><td style='padding:3px 18px 3px 0'><b>{escape(key)}</b></td>"
            f"<td style='padding:3px 0'>{escape(meaning)}</td></tr>"
            for key, meaning in rows)
        note = escape(self.tr(
            "Numeric keypad digits work the same. Unikey may stay on: answers take digits only."))
        label = QLabel(f"<table>{body}</table><p>{note}</p>", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        close = QPushButton(self.tr("Close"), self)
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(label)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
