"""Who is keying today: the name goes into every form and audit entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import nfc
from app.services.setup import known_operators, last_operator, remember_operator
from app.services.workspace import Workspace


class OperatorDialog(QDialog):
    """An editable list of known names, the last one preselected: Enter accepts."""

    def __init__(self, names: list[str], current: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operatorDialog")
        self.setWindowTitle(self.tr("Who is keying"))
        self.combo = QComboBox(self)
        self.combo.setObjectName("operatorCombo")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(names)
        self.combo.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 30))
        if current:
            index = self.combo.findText(current)
            if index >= 0:
                self.combo.setCurrentIndex(index)
            else:
                self.combo.setEditText(current)
        label = QLabel(self.tr("Name of the person keying forms:"), self)
        label.setBuddy(self.combo)
        self.ok_button = QPushButton(self.tr("Start keying"), self)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._accept_if_named)
        cancel = QPushButton(self.tr("Quit"), self)
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        line = self.combo.lineEdit()
        assert line is not None
        line.textChanged.connect(self._update_ok)
        line.returnPressed.connect(self._accept_if_named)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        self._update_ok()
        self.combo.setFocus(Qt.FocusReason.OtherFocusReason)
        line.selectAll()

    def name(self) -> str:
        return " ".join(nfc(self.combo.currentText()).split())

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(bool(self.name()))

    def _accept_if_named(self) -> None:
        if self.name() and self.result() != QDialog.DialogCode.Accepted:
            self.accept()


def ask_operator(ws: Workspace, parent: QWidget | None = None) -> str | None:
    """Ask who is keying; remember the name. None when the clerk quits."""
    dialog = OperatorDialog(known_operators(ws), last_operator(ws), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    name = dialog.name()
    remember_operator(ws, name)
    return name
