"""The settings dialog: pre-filled from the stored settings, saved (audited) via apply_settings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.domain.entry import FormEntry
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui.settings_dialog import SettingsDialog
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", lambda: NOW, unit_code="19816",
                          place_name="Nam Đông", signer_name="Trần Văn Bình",
                          extra={"kept": "yes"})
    yield ws
    ws.close()


@pytest.fixture
def dialog(qtbot, ws: Workspace) -> SettingsDialog:  # type: ignore[no-untyped-def]
    d = SettingsDialog(ws, "Hùng")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    return d


def settings_audit(ws: Workspace) -> list:  # type: ignore[type-arg]
    return list(ws.store.iter_audit("settings"))


def test_prefilled_from_the_stored_settings(dialog: SettingsDialog) -> None:
    f = dialog.form
    assert f.unit_name.text() == "Ủy ban nhân dân xã Nam Đông"
    assert f.unit_code.text() == "19816"
    assert f.place_name.text() == "Nam Đông"
    assert f.signer_name.text() == "Trần Văn Bình"
    assert f.yearly_target.value() == 420
    assert f.due_day.value() == 20
    tabs = [dialog.tabs.widget(i) for i in range(dialog.tabs.count())]
    assert dialog.tabs.widget(dialog.tab_index["target"]).isAncestorOf(f.due_day)
    assert not any(tab.isAncestorOf(f.operator) for tab in tabs)  # not a unit setting
    assert [e.text() for e in f.fields.code_edits[:4]] == ["TP", "TNMT", "LDTBXH", ""]
    assert f.questionnaire.current_key() == ("xa-22-tieu-chi", "2017.1")


def test_changing_the_target_by_keyboard_is_stored_and_audited(dialog: SettingsDialog,
                                                               ws: Workspace) -> None:
    dialog.tabs.setCurrentIndex(dialog.tab_index["target"])
    target = dialog.form.yearly_target
    target.setFocus()
    target.selectAll()
    QTest.keyClicks(target, "300")
    QTest.keyClick(target, Qt.Key.Key_Return)  # moves on to the due day
    assert QApplication.focusWidget() is dialog.form.due_day
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    s = ws.settings
    assert s is not None and s.yearly_target == 300
    assert s.extra == {"kept": "yes"}  # what the dialog does not show is kept
    last = settings_audit(ws)[-1]
    assert last.action == "settings.update"
    assert last.operator == "Hùng"
    assert last.before["yearly_target"] == 420 and last.after["yearly_target"] == 300


def test_due_day_is_saved(dialog: SettingsDialog, ws: Workspace) -> None:
    dialog.form.due_day.setValue(15)
    dialog.accept()
    assert ws.settings is not None and ws.settings.due_day == 15


def test_unchanged_settings_add_no_audit_entry(dialog: SettingsDialog, ws: Workspace) -> None:
    before = len(settings_audit(ws))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(settings_audit(ws)) == before


def test_invalid_values_keep_the_dialog_open_and_store_nothing(dialog: SettingsDialog,
                                                               ws: Workspace) -> None:
    stored = ws.settings
    dialog.tabs.setCurrentIndex(dialog.tab_index["signing"])
    dialog.form.unit_name.setText("   ")
    dialog.form.fields.code_edits[1].setText("TP")  # duplicate code
    dialog.form.yearly_target.setValue(50)
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.tabs.currentIndex() == dialog.tab_index["unit"]  # the first problem
    assert "unit's name" in dialog.form.errors["unit_name"].text()
    assert "same code" in dialog.form.errors["fields"].text()
    assert ws.settings == stored


def test_an_invalid_field_code_is_named(dialog: SettingsDialog, ws: Workspace) -> None:
    dialog.form.fields.label_edits[3].setText("Chứng thực")
    dialog.form.fields.code_edits[3].setText("1CT")
    dialog.accept()
    assert dialog.tabs.currentIndex() == dialog.tab_index["fields"]
    assert "1CT" in dialog.form.errors["fields"].text()
    code = dialog.form.fields.code_edits[3]
    assert dialog.form.fields.first_bad is code and "border" in code.styleSheet()
    assert QApplication.focusWidget() is code
    assert ws.settings is not None and len(ws.settings.fields) == 3
    code.setText("CT")
    dialog.accept()
    assert code.styleSheet() == ""
    assert ws.settings is not None and ws.settings.fields[3].code == "CT"


def test_dropping_a_field_in_use_asks_first(dialog: SettingsDialog, ws: Workspace) -> None:
    q = ws.keying_questionnaire()
    answers = {qq.code: 1 for qq in q.questions}
    answers[q.field_question.code] = 2  # TNMT
    saved = KeyingService(ws, "Lan").save(
        FormEntry(q, serial=1, survey_date=date(2026, 3, 2), answers=answers))
    assert not isinstance(saved, list)
    dialog.form.fields.label_edits[1].setText("")
    dialog.form.fields.code_edits[1].setText("")
    assert dialog.removed_fields_in_use() == [("Tài nguyên và Môi trường", 1)]
    asked: list[bool] = []
    dialog.confirm_removed_fields = lambda: asked.append(True) or False  # type: ignore[method-assign]
    dialog.accept()
    assert asked
    assert ws.settings is not None and len(ws.settings.fields) == 3
    dialog.confirm_removed_fields = lambda: True  # type: ignore[method-assign]
    dialog.accept()
    assert ws.settings is not None
    assert [f.code for f in ws.settings.fields] == ["TP", "LDTBXH"]


def test_ctrl_tab_moves_to_the_next_tab_and_its_first_box(dialog: SettingsDialog) -> None:
    assert QApplication.focusWidget() is dialog.form.unit_name
    QTest.keyClick(dialog.form.unit_name, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == dialog.tab_index["target"]
    assert QApplication.focusWidget() is dialog.form.year
