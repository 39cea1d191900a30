"""The main window: named actions with shortcuts, pages, tally wiring, draft offer, start-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolBar

from app.domain.entry import FormEntry
from app.services.keying import KeyingService
from app.services.setup import apply_settings, default_settings
from app.services.workspace import Workspace
from app.ui import messages
from app.ui.main_window import MainWindow
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)
UNIT = "Ủy ban nhân dân xã Nam Đông"


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path, lambda: NOW, unit_name=UNIT)
    yield ws
    ws.close()


def make_window(qtbot, ws, **kwargs) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, "Lan", **kwargs)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def window(qtbot, ws) -> MainWindow:  # type: ignore[no-untyped-def]
    return make_window(qtbot, ws)


def full_entry(ws, serial: int) -> FormEntry:  # type: ignore[no-untyped-def]
    entry = FormEntry(ws.keying_questionnaire(), serial=serial, survey_date=NOW.date())
    for q in entry.questions:
        entry.answers[q.code] = 1
    return entry


@pytest.mark.parametrize(("name", "shortcut"), [
    ("action_keying", "F2"),
    ("action_forms", "F3"),
    ("action_settings", "Ctrl+,"),
    ("action_help", "F1"),
    ("action_quit", "Ctrl+Q"),
])
def test_actions_named_with_shortcuts_on_the_toolbar(window, name, shortcut) -> None:
    action = window.findChild(QAction, name)
    assert action is not None
    assert action.shortcut() == QKeySequence(shortcut)
    assert action.text()
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert action in toolbar.actions()


def test_title_and_operator(window, qtbot, ws) -> None:
    assert UNIT in window.windowTitle()
    assert "2026" in window.windowTitle()
    assert "Lan" in window.operator_label.text()
    demo = make_window(qtbot, ws, demo=True)
    assert demo.windowTitle().startswith(window.windowTitle())
    assert demo.windowTitle() != window.windowTitle()


def test_keying_page_ready_on_start(window) -> None:
    assert window.stack.currentWidget() is window.keying_page
    assert QApplication.focusWidget() is window.keying_page.serial_edit
    assert window.keying_page.serial_edit.text() == "0001"


def test_save_moves_the_tally(qtbot, window) -> None:
    page = window.keying_page
    qtbot.keyClick(page.serial_edit, Qt.Key.Key_Return)
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    for _ in page.entry.questions:
        qtbot.keyClick(page.grid, Qt.Key.Key_1)
    qtbot.keyClick(page.opinion_edit, Qt.Key.Key_Return)
    assert window.tally_panel.year_count.text() == "1/420"
    assert "0001" in window.tally_panel.last_saved.text()


def test_f1_opens_help(qtbot, window, monkeypatch) -> None:
    from app.ui import help_dialog

    shown = []
    monkeypatch.setattr(help_dialog.HelpDialog, "exec",
                        lambda self: shown.append(self.windowTitle()) or 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    assert shown


def test_help_dialog_lists_the_keys(qtbot) -> None:
    from app.ui.help_dialog import HelpDialog

    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    for key in ("Enter", "Ctrl+S", "Esc", "F2", "F3", "9", "0"):
        assert key in text


def test_f3_lists_forms_and_correction_comes_back(qtbot, window, ws) -> None:
    pytest.importorskip("app.ui.forms_page")
    saved = KeyingService(ws, "Lan").save(full_entry(ws, 7))
    assert not isinstance(saved, list)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F3)
    forms = window.forms_page()
    assert window.stack.currentWidget() is forms
    assert window.action_forms.isChecked()

    forms.correctRequested.emit(saved.id)
    assert window.stack.currentWidget() is window.keying_page
    assert window.keying_page.correcting
    assert window.keying_page.banner.isVisible()
    assert window.keying_page.serial_edit.text() == "0007"

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F2)
    assert window.stack.currentWidget() is window.keying_page


def test_settings_refresh_the_tally_and_title(qtbot, window, ws, monkeypatch) -> None:
    from app.ui import settings_dialog

    def change(self) -> int:  # type: ignore[no-untyped-def]
        settings = replace(ws.settings, yearly_target=500, unit_name="UBND xã Hòa Bình")
        assert apply_settings(ws, settings, "Lan") == []
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", change)
    window.action_settings.trigger()
    assert window.tally_panel.year_count.text() == "0/500"
    assert "Hòa Bình" in window.windowTitle()


def test_pending_draft_offered_when_shown(qtbot, ws, monkeypatch) -> None:
    service = KeyingService(ws, "Lan")
    entry = FormEntry(ws.keying_questionnaire(), serial=5, survey_date=NOW.date())
    entry.answers.update({"LV": 2, "GT": 1})
    entry.go_to(2)
    service.save_draft(entry)
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    window = make_window(qtbot, ws)
    qtbot.waitUntil(lambda: bool(asked))
    assert "0005" in asked[0]
    assert window.keying_page.entry.answers == {"LV": 2, "GT": 1}
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.keying_page.grid)
    # The line under the grid follows the keyboard, not the field that had it before the box.
    assert window.keying_page.question_text.text().startswith("Độ tuổi")


def test_whole_form_visible_at_1366x768(qtbot, ws) -> None:
    app = QApplication.instance()
    old = app.font()
    font = QFont(old)
    font.setPointSizeF(11)
    app.setFont(font)
    try:
        window = make_window(qtbot, ws)
        # 1366×768 less a window frame/title bar (about 30 px on Windows 10/11).
        window.resize(1366, 738)
        qtbot.wait(10)
        grid = window.keying_page.grid
        assert grid.font().pointSizeF() >= 11
        visible = grid.visibleRegion().boundingRect()
        rects = [grid.row_rect(i) for i in range(len(window.keying_page.entry.questions))]
        assert len(rects) == 28
        for rect in rects:
            assert not rect.isEmpty()
            assert visible.contains(rect), (rect, visible)
            assert rect.height() >= grid.fontMetrics().height()
        opinion = window.keying_page.opinion_edit
        assert opinion.isVisible() and not opinion.visibleRegion().isEmpty()
        assert opinion.visibleRegion().boundingRect().height() == opinion.height()
    finally:
        app.setFont(old)


def test_run_gui_opens_the_window_and_returns(qtbot, ws, monkeypatch, tmp_path) -> None:
    from app.ui import app as app_module
    from app.ui import operator_dialog

    ws.close()
    monkeypatch.setattr(operator_dialog, "ask_operator", lambda ws, parent=None: "Lan")
    seen = []

    def close_main() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append(widget.windowTitle())
                widget.close()
                return
        QTimer.singleShot(20, close_main)

    QTimer.singleShot(0, close_main)
    assert app_module.run_gui(Path(tmp_path)) == 0
    assert seen and UNIT in seen[0]


def test_run_gui_without_setup_runs_the_wizard(qtbot, monkeypatch, tmp_path) -> None:
    from app.ui import app as app_module
    from app.ui import setup_wizard

    ran = []
    monkeypatch.setattr(setup_wizard.SetupWizard, "exec",
                        lambda self: ran.append(True) or QDialog.DialogCode.Rejected)
    assert app_module.run_gui(tmp_path / "new") == 0
    assert ran


def test_operator_dialog_preselects_the_last_and_enter_accepts(qtbot) -> None:
    from app.ui.operator_dialog import OperatorDialog

    dialog = OperatorDialog(["Lan", "Hùng"], "Hùng")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.name() == "Hùng"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.combo.lineEdit(), Qt.Key.Key_Return)


def test_operator_dialog_needs_a_name(qtbot) -> None:
    from app.ui.operator_dialog import OperatorDialog

    dialog = OperatorDialog([], None)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.combo.lineEdit(), Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    for ch in "Nguyễn Thị Mai":
        QTest.sendKeyEvent(QTest.KeyAction.Click, dialog.combo.lineEdit(), Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
    assert dialog.ok_button.isEnabled()
    assert dialog.name() == "Nguyễn Thị Mai"


def test_ask_operator_remembers_the_name(qtbot, ws, monkeypatch) -> None:
    from app.services.setup import known_operators, last_operator
    from app.ui import operator_dialog

    def typed(self) -> int:  # type: ignore[no-untyped-def]
        self.combo.setEditText("  Trần   Văn Bình ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(operator_dialog.OperatorDialog, "exec", typed)
    assert operator_dialog.ask_operator(ws) == "Trần Văn Bình"
    assert last_operator(ws) == "Trần Văn Bình"
    assert "Trần Văn Bình" in known_operators(ws)


def test_run_gui_after_the_wizard_opens_the_window(qtbot, monkeypatch, tmp_path) -> None:
    from app.ui import app as app_module
    from app.ui import operator_dialog, setup_wizard

    opened: list[Workspace] = []
    real_init = setup_wizard.SetupWizard.__init__

    def remember(self, ws, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(ws)
        real_init(self, ws, *args, **kwargs)

    def finish(self) -> int:  # type: ignore[no-untyped-def]
        settings = replace(default_settings(2026), unit_name=UNIT, unit_code="12345")
        assert apply_settings(opened[-1], settings, "Lan") == []
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(setup_wizard.SetupWizard, "__init__", remember)
    monkeypatch.setattr(setup_wizard.SetupWizard, "exec", finish)
    monkeypatch.setattr(operator_dialog, "ask_operator", lambda ws, parent=None: "Lan")
    titles = []

    def close_main() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                titles.append(widget.windowTitle())
                widget.close()
                return
        QTimer.singleShot(20, close_main)

    QTimer.singleShot(0, close_main)
    assert app_module.run_gui(tmp_path / "fresh", demo=True) == 0
    assert titles and UNIT in titles[0] and titles[0] != UNIT
