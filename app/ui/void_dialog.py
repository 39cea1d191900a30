"""Asks why a form is voided. The reason is required: it goes into the audit log (and, in an
exported period, into the change list of the next export, which the dialog then says)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.ui.lock_reason_dialog import PURPOSE_VOID, lock_text
from app.ui.reason_dialog import ReasonDialog
from app.ui.style import WARNING, set_bold, set_text_colour


class VoidDialog(ReasonDialog):
    """``locked``: the ``period_locked`` issue parameters when the form's period was exported."""

    def __init__(self, serial_text: str, date_text: str = "", parent: QWidget | None = None,
                 locked: Mapping[str, Any] | None = None) -> None:
        super().__init__(parent, name="void", label=self.tr("Reason (required):"),
                         placeholder=self.tr("e.g. keyed twice; form filled in by staff"),
                         missing=self.tr("Write why the form is voided."))
        self.setWindowTitle(self.tr("Void form {serial}").format(serial=serial_text))
        if date_text:
            what = self.tr("Void form no. {serial} of {date}?").format(serial=serial_text,
                                                                     date=date_text)
        else:
            what = self.tr("Void form no. {serial}?").format(serial=serial_text)
        question = QLabel(what)
        set_bold(question)
        explain = QLabel(self.tr("The form stays in the list marked “void” and is no longer "
                                 "counted. It can be restored later."))
        explain.setWordWrap(True)
        self.lock_note = QLabel(lock_text(locked, PURPOSE_VOID) if locked else "")
        self.lock_note.setObjectName("void_lock_note")
        self.lock_note.setWordWrap(True)
        set_text_colour(self.lock_note, WARNING)
        self.lock_note.setVisible(bool(locked))
        self.ok_button.setText(self.tr("&Void the form"))
        # Not "Hủy": in Vietnamese that is also the word for "void".
        self.back_button.setText(self.tr("Keep the form"))
        self.lay_out([question, explain, self.lock_note])
        self.setMinimumWidth(480)
