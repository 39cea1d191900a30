"""CLI: khaosat backup [--to DIR] [--list], restore FILE [--yes], audit verify."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.domain.entry import FormEntry
from app.services.keying import KeyingService
from app.services.workspace import DB_FILENAME, Workspace

SETUP = ["setup", "--unit-name", "Ủy ban nhân dân xã Nam Đông", "--unit-code", "10234",
         "--year", "2026", "--operator", "Nguyễn Thị Lan"]


def key_forms(data: Path, count: int) -> None:
    ws = Workspace.open(data)
    try:
        keying = KeyingService(ws, "Lan")
        q = keying.questionnaire()
        for _ in range(count):
            entry = FormEntry(q, serial=keying.next_expected_serial(),
                              survey_date=date(2026, 3, 2))
            while entry.current is not None:
                entry.answer_current(1)
            assert not isinstance(keying.save(entry), list)
    finally:
        ws.close()


def form_count(data: Path) -> int:
    conn = sqlite3.connect(data / DB_FILENAME)
    try:
        return int(conn.execute("SELECT count(*) FROM forms").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert main([*SETUP, "--data-dir", str(folder)]) == 0
    key_forms(folder, 3)
    return folder


def backups(data: Path) -> list[Path]:
    return sorted((data / "backups").glob("khaosat-*.sqlite3"))


def test_backup_and_list(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["backup", "--data-dir", str(data)]) == 0
    (made,) = backups(data)
    assert f"Đã sao lưu vào {made}" in capsys.readouterr().out
    assert main(["backup", "--data-dir", str(data), "--to", str(tmp_path / "usb")]) == 0
    assert len(list((tmp_path / "usb").glob("khaosat-manual-*.sqlite3"))) == 1
    capsys.readouterr()
    assert main(["backup", "--list", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Các bản sao lưu trong")
    assert "sao lưu thủ công" in out[1] and "tốt, 3 phiếu" in out[1] and made.name in out[1]
    assert out[1][2] == "/" and out[1][5] == "/"  # dd/mm/yyyy


def test_list_names_a_damaged_backup(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--data-dir", str(data)]) == 0
    (made,) = backups(data)
    with open(made, "r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xa5" * 64)
    assert main(["backup", "--list", "--data-dir", str(data)]) == 0
    assert "HỎNG" in capsys.readouterr().out


def test_list_without_backups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--list", "--data-dir", str(tmp_path)]) == 0
    assert "Chưa có bản sao lưu nào" in capsys.readouterr().out


def test_backup_to_a_folder_that_cannot_be_written(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["backup", "--data-dir", str(data), "--to", str(blocker / "sub")]) == 1
    err = capsys.readouterr().err
    assert str(blocker) in err and "Dữ liệu hiện tại không bị thay đổi" in err
    assert err.count("\n") == 1


def test_restore_asks_for_yes_then_restores(data: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    assert main(["backup", "--data-dir", str(data)]) == 0
    (made,) = backups(data)
    key_forms(data, 2)
    assert form_count(data) == 5
    assert main(["restore", str(made), "--data-dir", str(data)]) == 1
    assert "thêm --yes" in capsys.readouterr().err
    assert form_count(data) == 5
    assert main(["restore", str(made), "--yes", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Đã khôi phục" in out and "khaosat-before-restore-" in out
    assert form_count(data) == 3
    assert main(["audit", "verify", "--data-dir", str(data)]) == 0


def test_restore_refuses_a_file_that_is_not_a_backup(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "anh.jpg"
    junk.write_bytes(b"\xff\xd8\xff" + b"\0" * 5000)
    assert main(["restore", str(junk), "--yes", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "anh.jpg" in err and "không khôi phục" in err
    assert form_count(data) == 3
    assert not (data / "backups").exists()


def test_restore_over_a_damaged_database(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--data-dir", str(data)]) == 0
    (made,) = backups(data)
    db = data / DB_FILENAME
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='forms'").fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * 4096)
        f.write(b"\xa5" * 64)
    assert main(["audit", "verify", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "bị hỏng" in err and f'khaosat restore "{made}"' in err
    assert main(["restore", str(made), "--yes", "--data-dir", str(data)]) == 0
    assert "Tệp hỏng được giữ tại" in capsys.readouterr().out
    assert form_count(data) == 3
    assert len(list((data / "backups").glob("damaged-khaosat-*.sqlite3"))) == 1


def test_audit_verify_names_the_first_broken_entry(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--data-dir", str(data)]) == 0
    assert "nguyên vẹn: 4 mục" in capsys.readouterr().out  # the settings and 3 forms
    conn = sqlite3.connect(data / DB_FILENAME)
    with conn:  # someone edits the log behind the program's back
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET operator = 'Kẻ gian' WHERE id = 3")
    conn.close()
    assert main(["audit", "verify", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "từ mục số 3" in err and "Kẻ gian" in err and err.count("\n") == 1
