"""Back up now (Ctrl+B), the restore dialog, the status line, and start-up refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.entry import FormEntry
from app.services import backup as backups
from app.services.keying import KeyingService
from app.services.workspace import DB_FILENAME, Workspace
from app.ui import app as ui_app
from app.ui import backup_dialog, messages
from app.ui.backup_dialog import RestoreDialog
from app.ui.main_window import MainWindow
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ws(tmp_path, clock):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", clock)
    yield ws
    ws.close()


@pytest.fixture
def said(monkeypatch):  # type: ignore[no-untyped-def]
    """Messages shown to the clerk, recorded instead of blocking: (kind, title, text)."""
    out: list[tuple[str, str, str]] = []
    monkeypatch.setattr(backup_dialog, "_inform",
                        lambda parent, title, text: out.append(("info", title, text)))
    monkeypatch.setattr(backup_dialog, "inform_error",
                        lambda parent, title, text, close: out.append(("error", title, text)))
    monkeypatch.setattr(messages, "inform_error",
                        lambda parent, title, text, close: out.append(("error", title, text)))
    return out


def key(ws: Workspace, count: int) -> None:
    keying = KeyingService(ws, "Lan")
    q = keying.questionnaire()
    for _ in range(count):
        entry = FormEntry(q, serial=keying.next_expected_serial(), survey_date=NOW.date())
        while entry.current is not None:
            entry.answer_current(1)
        assert not isinstance(keying.save(entry), list)


def form_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM forms").fetchone()[0])
    finally:
        conn.close()


def test_ctrl_b_backs_up_and_the_status_line_says_when(qtbot, ws, said) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ws, "Lan")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    label = window.findChild(QLabel, "backupLabel")
    qtbot.waitUntil(lambda: label.text() != "")  # filled in just after the first paint
    assert "none yet" in label.text()
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    ((kind, _, text),) = said
    (made,) = backups.list_backups(ws)
    assert kind == "info" and str(made.path) in text and made.ok
    assert label.text() == "Last backup: 22/11/2026 10:00"


def test_ctrl_b_on_a_full_disk_says_so_and_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, ws, said, monkeypatch) -> None:
    def full(source: Path, target: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backups, "backup_database", full)
    assert backup_dialog.backup_now(ws, None) is None
    ((kind, _, text),) = said
    assert kind == "error" and "is full" in text and "unchanged" in text


def test_restore_dialog_lists_checks_and_restores(qtbot, ws, clock, said, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key(ws, 2)
    backups.backup_now(ws)
    clock.now = NOW.replace(hour=11)
    key(ws, 3)
    bad = backups.backup_now(ws)
    with open(bad.path, "r+b") as f:  # the newest backup went bad on the disk
        f.seek(4096 * 2)
        f.write(b"\xa5" * 200)
    asked: list[str] = []
    monkeypatch.setattr(backup_dialog, "confirm",
                        lambda parent, title, text, yes, no, **kw: asked.append(text) or True)
    dialog = RestoreDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]
    assert rows[0][0] == "22/11/2026 11:00" and rows[0][4] == "DAMAGED"
    assert rows[1][:3] == ["22/11/2026 10:00", "backed up by hand", "2"] and rows[1][4] == "good"
    assert dialog.selected() == dialog.backups[1]  # the newest good one is preselected
    table.selectRow(0)
    assert not dialog.restore_button.isEnabled() and "cannot be restored" in dialog.message.text()
    table.selectRow(1)
    dialog.restore_button.click()
    assert "22/11/2026 10:00 (2 forms)" in asked[0]
    assert form_count(ws.db_path) == 2
    assert dialog.result() == dialog.DialogCode.Accepted
    assert said and "restored" in said[-1][2]
    assert KeyingService(ws, "Lan").next_expected_serial() == 3


def test_restore_declined_changes_nothing(qtbot, ws, said, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    key(ws, 1)
    backups.backup_now(ws)
    key(ws, 1)
    monkeypatch.setattr(backup_dialog, "confirm", lambda *a, **k: False)
    dialog = RestoreDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    dialog.restore_selected()
    assert form_count(ws.db_path) == 2
    assert len(backups.list_backups(ws)) == 1  # not even the safety backup was made


def test_restore_dialog_without_backups(qtbot, ws) -> None:  # type: ignore[no-untyped-def]
    dialog = RestoreDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    assert "no backup yet" in dialog.message.text()
    assert not dialog.restore_button.isEnabled()


def test_start_on_a_damaged_database_offers_the_newest_good_backup(  # type: ignore[no-untyped-def]
        qapp, ws, said, monkeypatch) -> None:
    key(ws, 2)
    backups.backup_now(ws)
    data = ws.data_dir
    ws.close()
    db = data / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='forms'").fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * 4096)
        f.write(b"\xa5" * 64)
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(backup_dialog, "confirm",
                        lambda parent, title, text, yes, no, **kw: asked.append((text, yes))
                        or True)
    opened = ui_app._open_workspace(data)
    try:
        assert opened is not None and form_count(db) == 2
        text, yes = asked[0]
        assert "is damaged" in text and "2 forms" in text
        assert yes == "Restore the backup of 22/11/2026 10:00"
        assert list((data / "backups").glob("damaged-khaosat-*.sqlite3"))
    finally:
        opened.close()


def test_start_while_another_copy_has_the_folder(qapp, ws, said) -> None:  # type: ignore[no-untyped-def]
    holder = textwrap.dedent("""
        import sys, time
        from pathlib import Path
        from app.services.workspace import Workspace
        ws = Workspace.open(Path(sys.argv[1]))
        print("ready", flush=True)
        time.sleep(60)
    """)
    data = ws.data_dir
    ws.close()
    proc = subprocess.Popen([sys.executable, "-c", holder, str(data)], stdout=subprocess.PIPE,
                            text=True, cwd=Path(__file__).parents[2])
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        assert ui_app._open_workspace(data) is None
        ((kind, _, text),) = said
        assert kind == "error" and str(data) in text and "another copy of khaosat" in text
    finally:
        proc.kill()
        proc.wait()


def test_settings_dialog_keeps_the_second_backup_location(qtbot, ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ws, "Lan")
    qtbot.addWidget(dialog)
    usb = str(tmp_path / "usb")
    dialog.form.backup_mirror_dir.setText(f"  {usb} ")
    assert dialog.form.settings().backup_mirror_dir == usb
