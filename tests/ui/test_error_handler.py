"""The application-wide error handler: logged, explained in Vietnamese, the form stays."""

from __future__ import annotations

import sqlite3
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from app.services import errorlog
from app.services.errorlog import Incident, record_unexpected, setup_logging
from app.services.keying import KeyingService
from app.storage.repository import FormFilter
from app.ui import error_dialog
from app.ui.error_dialog import ErrorDialog, install_exception_handler
from app.ui.keying_page import KeyingPage
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", lambda: NOW)
    yield ws
    ws.close()


@pytest.fixture
def shown(monkeypatch):  # type: ignore[no-untyped-def]
    """The dialogs the handler would show (recorded instead of blocking the test)."""
    dialogs: list[ErrorDialog] = []

    def record(self: ErrorDialog) -> int:
        dialogs.append(self)
        return 1

    monkeypatch.setattr(ErrorDialog, "exec", record)
    return dialogs


@pytest.fixture
def handler(ws, qapp, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    return install_exception_handler(ws.data_dir)


def texts(dialog: ErrorDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def disk_full() -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("database or disk is full")
    exc.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[misc]
    return exc


def test_unexpected_error_is_logged_and_explained(handler, ws, shown) -> None:  # type: ignore[no-untyped-def]
    try:
        raise KeyError("câu hỏi không có")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    (dialog,) = shown
    incident = handler.incidents[-1]
    log = ws.data_dir / "logs" / "khaosat.log"
    assert incident.log_path == log
    content = log.read_text(encoding="utf-8")
    assert f"unexpected error {incident.number}" in content
    assert "Traceback" in content and "câu hỏi không có" in content
    words = texts(dialog)
    assert "Every form already saved is kept" in words
    assert incident.number in words and str(log) in words
    assert "Traceback" not in words  # the clerk never sees a traceback


@pytest.mark.parametrize(("exc", "headline", "todo"), [
    (disk_full(), "The disk is full", "Ctrl+S"),
    (PermissionError(13, "Permission denied"), "may not write", "Ask IT support"),
    (sqlite3.OperationalError("database is locked"), None, None),
    (OSError(5, "Input/output error"), "read or write error", "disk may be failing"),
    (RuntimeError("lỗi lập trình"), "unexpected", "go on working"),
])
def test_each_fault_has_its_own_sentence(qapp, exc, headline, todo) -> None:  # type: ignore[no-untyped-def]
    if headline is None:  # sqlite's "locked" carries its code only when raised by sqlite
        exc.sqlite_errorcode = sqlite3.SQLITE_BUSY
        headline, todo = "busy", "Close the other program"
    incident = record_unexpected(type(exc), exc, None)
    dialog = ErrorDialog(incident, Path("/data"))
    assert headline in dialog.headline()
    assert todo in dialog.advice(Path("/data"))


@pytest.mark.qt_no_exception_capture
def test_disk_full_while_saving_keeps_the_form_on_screen(  # type: ignore[no-untyped-def]
        qtbot, ws, handler, shown, monkeypatch) -> None:
    page = KeyingPage(KeyingService(ws, "Lan"))
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    QTest.keyClick(page.focusWidget(), Qt.Key.Key_Return)
    QTest.keyClick(page.focusWidget(), Qt.Key.Key_Return)
    for _ in page.entry.questions:
        QTest.keyClick(page.focusWidget(), Qt.Key.Key_1)
    answers = dict(page.entry.answers)
    real_add = ws.store.add_form

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise disk_full()

    monkeypatch.setattr(ws.store, "add_form", full)
    QTest.keyClick(page.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    (dialog,) = shown
    assert dialog.incident.fault == "disk_full"
    assert page.entry.answers == answers and page.serial_edit.text() == "0001"
    assert ws.store.list_forms(FormFilter()) == []
    monkeypatch.setattr(ws.store, "add_form", real_add)  # space freed: the same keys save it
    QTest.keyClick(page.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert [r.serial for r, _ in ws.store.list_forms(FormFilter())] == [1]
    assert page.serial_edit.text() == "0002"


def test_error_in_a_worker_thread_is_shown_on_the_gui_thread(  # type: ignore[no-untyped-def]
        qtbot, handler, shown) -> None:
    def work() -> None:
        raise ValueError("trong luồng phụ")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert "trong luồng phụ" in shown[0].incident.summary


def test_a_second_error_while_the_dialog_is_up_is_logged_not_stacked(  # type: ignore[no-untyped-def]
        handler, monkeypatch) -> None:
    nested: list[Incident] = []

    def exec_raising_again(self: ErrorDialog) -> int:
        nested.append(self.incident)
        try:
            raise RuntimeError("lỗi thứ hai")
        except RuntimeError as exc:
            handler.handle(type(exc), exc, exc.__traceback__)
        return 1

    monkeypatch.setattr(ErrorDialog, "exec", exec_raising_again)
    try:
        raise RuntimeError("lỗi thứ nhất")
    except RuntimeError as exc:
        handler.handle(type(exc), exc, exc.__traceback__)
    assert len(nested) == 1 and len(handler.incidents) == 2


def test_log_falls_back_to_the_temporary_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.mkdir()
    (blocked / "logs").write_text("not a folder", encoding="utf-8")
    used = setup_logging(blocked)
    assert used is not None and used.parent.name == "khaosat-logs"
    assert errorlog.log_path() == used
    incident = record_unexpected(ValueError, ValueError("x"), None)
    assert incident.log_path == used


def test_installing_sets_both_hooks(ws, qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    handler = install_exception_handler(ws.data_dir)
    assert sys.excepthook == handler.handle
    assert threading.excepthook == handler.handle_thread
    assert handler.parent() is QApplication.instance()
    assert error_dialog.ExceptionHandler is type(handler)
