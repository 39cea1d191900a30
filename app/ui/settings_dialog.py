"""The unit settings after the first run: the wizard's inputs on tabs, plus the due day.

Saved with ``apply_settings``, which audits the change (``settings.update``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace
from app.ui.settings_form import EnterMovesOn, SettingsForm, format_int, section_of


class SettingsDialog(QDialog):
    SECTIONS = ("unit", "target", "fields", "questionnaire", "signing")

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.operator = operator
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings of the unit"))
        self.form = SettingsForm(ws, self, with_due_day=True, with_operator=False)

        self.tabs = QTabWidget()
        titles = {
            "unit": self.tr("Unit"),
            "target": self.tr("Year and target"),
            "fields": self.tr("Fields of service"),
            "questionnaire": self.tr("Questionnaire"),
            "signing": self.tr("Signer"),
        }
        self.tab_index: dict[str, int] = {}
        self._enter: list[EnterMovesOn] = []
        for section in self.SECTIONS:
            page = self.form.build_section(section)
            self.tab_index[section] = self.tabs.addTab(page, titles[section])
            ends_early = self.form.fields if section == "fields" else None
            self._enter.append(EnterMovesOn(self.form.enter_order(section), self, ends_early))

        self.tabs.currentChanged.connect(self._focus_first_input)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save"))
        save.setDefault(True)
        # "Hủy" would read as "void" next to forms: the button says what it does.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Close without saving"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)

        current = ws.settings or default_settings(ws.today().year)
        self.form.set_settings(current)
        self.resize(860, 620)
        self.form.unit_name.setFocus()

    def _focus_first_input(self, index: int) -> None:
        # Ctrl+Tab / Ctrl+PgDown switch tabs; the keys then go to the tab's first box.
        if 0 <= index < len(self._enter):
            self._enter[index].order[0].setFocus(Qt.FocusReason.TabFocusReason)

    def accept(self) -> None:
        """Save if everything is valid; otherwise show the issues and stay open."""
        issues = self.form.check()
        if not issues and not self.confirm_removed_fields():
            return
        if not issues:
            self.form.store_chosen_questionnaire()
            issues = apply_settings(self.ws, self.form.settings(), self.operator)
        if issues:
            shown = self.form.show_issues(issues)
            if shown:
                self.tabs.setCurrentIndex(self.tab_index[section_of(shown[0]) or "unit"])
                self.form.focus_input(shown[0])
            return
        self.form.clear_issues()
        super().accept()

    def removed_fields_in_use(self) -> list[tuple[str, int]]:
        """Fields of service dropped from the list although this year's forms use them."""
        old = self.ws.settings
        if old is None:
            return []
        new_codes = {f.code for f in self.form.settings().fields}
        counts = self.ws.store.tally_counts(old.year).field_counts
        return [(f.label or f.code, counts[f.code]) for f in old.fields
                if f.code not in new_codes and counts.get(f.code)]

    def confirm_removed_fields(self) -> bool:
        removed = self.removed_fields_in_use()
        if not removed:
            return True
        names = "; ".join(self.tr("{name} ({n} forms)").format(name=name, n=format_int(n))
                          for name, n in removed)
        answer = QMessageBox.warning(
            self, self.tr("Field of service in use"),
            self.tr("Forms of this year were keyed under: {names}. Without these fields the forms "
                    "show only the code. Save anyway?").format(names=names),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Save
