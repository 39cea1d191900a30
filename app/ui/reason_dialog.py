"""The frame of a dialog that asks one required reason (voiding, changing an exported period).

The reason goes into the audit log, so it cannot be empty: Enter confirms once one is typed,
Esc goes back. Subclasses give the translated words and what is said above and below the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.settings_form import one_line
from app.ui.style import ERROR, set_bold, set_text_colour

MAX_REASON_LENGTH = 300


class ReasonDialog(QDialog):
    """``name`` prefixes the object names (``<name>_reason``, ``<name>_error``); ``missing`` is
    said in red when the clerk confirms without a reason."""

    def __init__(self, parent: QWidget | None, *, name: str, label: str, placeholder: str,
                 missing: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_dialog")
        self._missing = missing
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName(f"{name}_reason")
        self.reason_edit.setMaxLength(MAX_REASON_LENGTH)
        self.reason_edit.setPlaceholderText(placeholder)
        self.reason_label = QLabel(label)
        self.reason_label.setBuddy(self.reason_edit)
        # Always there, one line high: a dialog does not grow when a hidden label appears,
        # and wrapped sentences above would be squeezed.
        self.error = QLabel()
        self.error.setObjectName(f"{name}_error")
        set_text_colour(self.error, ERROR)
        set_bold(self.error)
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing())

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setDefault(True)
        for button in (self.ok_button, self.back_button):
            button.setIcon(QIcon())  # a red cross on "back" would read as "delete"
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def back_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

    def lay_out(self, above: Sequence[QWidget], below: Sequence[QWidget] = ()) -> None:
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addSpacing(6)
        for widget in (self.reason_label, self.reason_edit, self.error, *below, self.buttons):
            layout.addWidget(widget)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return one_line(self.reason_edit.text())

    def accept(self) -> None:
        if not self.reason():
            self.error.setText(self._missing)
            self.reason_edit.setFocus()
            return
        super().accept()
