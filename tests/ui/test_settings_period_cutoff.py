"""The report-period cut-off in the settings dialog: chosen by keyboard, saved, audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain.forms import Issue
from app.domain.settings import PERIOD_CALENDAR, PERIOD_DECREE_09
from app.services.workspace import Workspace
from app.ui.settings_dialog import SettingsDialog
from app.ui.settings_form import SettingsForm
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", lambda: NOW, unit_code="19816")
    yield ws
    ws.close()


def open_dialog(qtbot, ws: Workspace) -> SettingsDialog:  # type: ignore[no-untyped-def]
    d = SettingsDialog(ws, "Hùng")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    return d


def test_decree_09_chosen_by_keyboard_is_saved_and_shown_again(  # type: ignore[no-untyped-def]
        qtbot, ws: Workspace) -> None:
    dialog = open_dialog(qtbot, ws)
    form = dialog.form
    assert form.period_cutoff.currentData() == PERIOD_CALENDAR
    assert dialog.tabs.widget(dialog.tab_index["target"]).isAncestorOf(form.period_cutoff)
    dialog.tabs.setCurrentIndex(dialog.tab_index["target"])
    form.due_day.setFocus()
    QTest.keyClick(form.due_day, Qt.Key.Key_Return)  # Enter walks on to the cut-off
    assert QApplication.focusWidget() is form.period_cutoff
    QTest.keyClick(form.period_cutoff, Qt.Key.Key_Down)
    assert form.period_cutoff.currentData() == PERIOD_DECREE_09
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert ws.settings is not None and ws.settings.period_cutoff == PERIOD_DECREE_09
    last = list(ws.store.iter_audit("settings"))[-1]
    assert last.action == "settings.update" and last.operator == "Hùng"
    again = open_dialog(qtbot, ws)
    assert again.form.period_cutoff.currentData() == PERIOD_DECREE_09
    assert again.form.period_cutoff.currentText().startswith("Decree 09/2019")


def test_an_unknown_stored_value_is_named_next_to_the_box(  # type: ignore[no-untyped-def]
        qtbot, ws: Workspace) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    form = SettingsForm(ws, parent, with_due_day=True, with_operator=False)
    stored = ws.settings
    assert stored is not None
    form.set_settings(replace(stored, period_cutoff="weekly"))
    assert form.period_cutoff.currentData() == PERIOD_CALENDAR  # the box shows a real choice
    form.show_issues(form.check())
    assert form.errors["period_cutoff"].text() == ""  # what the box holds is valid
    form.show_issues([Issue("period_cutoff_unknown", {"value": "weekly"})])
    assert "“weekly”" in form.errors["period_cutoff"].text()


def test_the_first_run_wizard_keeps_the_default(  # type: ignore[no-untyped-def]
        qtbot, ws: Workspace) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    form = SettingsForm(ws, parent, with_due_day=False, with_operator=True)
    stored = ws.settings
    assert stored is not None
    form.set_settings(replace(stored, period_cutoff=PERIOD_DECREE_09))
    assert "period_cutoff" not in form.section_keys("target")
    assert form.settings().period_cutoff == PERIOD_DECREE_09  # not shown, so not changed
