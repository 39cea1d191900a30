"""Asks why a form is voided. The reason is required: it goes into the audit log."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.settings_form import ErrorLabel, one_line


class VoidDialog(QDialog):
    def __init__(self, serial_text: str, date_text: str = "", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("void_dialog")
        self.setWindowTitle(self.tr("Void form {serial}").format(serial=serial_text))
        if date_text:
            what = self.tr("Void form no. {serial} of {date}?").format(serial=serial_text,
                                                                     date=date_text)
        else:
            what = self.tr("Void form no. {serial}?").format(serial=serial_text)
        question = QLabel(what)
        question.setStyleSheet("font-weight: bold;")
        explain = QLabel(self.tr("The form stays in the list marked “void” and is no longer "
                                 "counted. It can be restored later."))
        explain.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("void_reason")
        self.reason_edit.setMaxLength(300)
        self.reason_edit.setPlaceholderText(self.tr("e.g. keyed twice; form filled in by staff"))
        reason_label = QLabel(self.tr("Reason (required):"))
        reason_label.setBuddy(self.reason_edit)
        self.error = ErrorLabel()
        self.error.setObjectName("void_error")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Void the form"))
        ok.setDefault(True)
        # Not "Hủy": in Vietnamese that is also the word for "void".
        keep = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        keep.setText(self.tr("Keep the form"))
        for button in (ok, keep):  # a red cross on "keep" would read as "delete"
            button.setIcon(QIcon())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.reason_edit.setFocus()

    def reason(self) -> str:
        return one_line(self.reason_edit.text())

    def accept(self) -> None:
        if not self.reason():
            self.error.set_message(self.tr("Write why the form is voided."))
            self.reason_edit.setFocus()
            return
        super().accept()
