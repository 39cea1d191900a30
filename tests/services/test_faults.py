"""Faults a commune office meets: disk full, read-only folder, database locked.

Each is produced for real where the machine allows (a tiny tmpfs for a full disk, a read-only
bind mount, a second connection holding the write lock) and must give a clear fault code
(the UI and CLI turn it into a sentence), keep everything already stored, and let the same
form be saved once the cause is gone. The backup target removed in mid-copy is in
test_backup.py (second location).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.services import faults
from app.services.backup import BackupError, backup_now
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace

from .conftest import Clock, FillEntry, unit_settings


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    if os.geteuid() != 0 or not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                      str(folder)):
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


@contextlib.contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    view.mkdir()
    if os.geteuid() != 0 or not _run("mount", "--bind", str(source), str(view)):
        pytest.skip("needs root for a read-only bind mount")
    try:
        if not _run("mount", "-o", "remount,ro,bind", str(view)):
            pytest.skip("read-only remount refused")
        yield view
    finally:
        _run("umount", "-l", str(view))


def fill_disk(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\0" * 4096)
    return filler


def serials(ws: Workspace) -> list[int]:
    conn = sqlite3.connect(ws.db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0] for r in conn.execute("SELECT serial FROM forms ORDER BY serial")]
    finally:
        conn.close()


def test_disk_full_while_saving(tmp_path: Path, clock: Clock, fill: FillEntry) -> None:
    with tiny_disk(tmp_path / "disk", "3m") as disk:
        ws = Workspace.open(disk / "data", now=clock)
        try:
            assert apply_settings(ws, unit_settings(), "Lan") == []
            keying = KeyingService(ws, "Lan")
            for _ in range(3):
                assert not isinstance(keying.save(fill(keying)), list)
            entry = fill(keying)
            filler = fill_disk(disk)
            failures = 0
            for _ in range(50):  # until the WAL's free pages are used up too
                try:
                    saved = keying.save(fill(keying))
                except (sqlite3.Error, OSError) as exc:
                    assert faults.fault_code(exc) == faults.DISK_FULL, exc
                    failures += 1
                    break
                assert not isinstance(saved, list)
            assert failures == 1, "the disk never filled up"
            kept = serials(ws)
            assert kept[:3] == [1, 2, 3]
            with pytest.raises(BackupError) as raised:
                backup_now(ws)
            assert raised.value.issue.code == "backup_disk_full"
            assert not [p for p in ws.backup_dir.glob("*") if p.suffix == ".part"]
            filler.unlink()  # the clerk frees space; the same form is saved
            entry.serial = keying.next_expected_serial()
            assert not isinstance(keying.save(entry), list)
            assert serials(ws) == [*kept, entry.serial]
            assert backup_now(ws).ok
        finally:
            ws.close()


def test_read_only_data_folder(tmp_path: Path, clock: Clock, fill: FillEntry,
                               capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    ws = Workspace.open(data, now=clock)
    assert apply_settings(ws, unit_settings(), "Lan") == []
    keying = KeyingService(ws, "Lan")
    assert not isinstance(keying.save(fill(keying)), list)
    ws.close()
    with read_only_view(data, tmp_path / "ro") as view:
        with pytest.raises(OSError) as raised:
            Workspace.open(view, now=clock)
        assert faults.fault_code(raised.value) == faults.READ_ONLY
        assert main(["backup", "--data-dir", str(view)]) == 1
        err = capsys.readouterr().err
        assert "Không ghi được vào thư mục dữ liệu" in err and str(view) in err
        assert err.count("\n") == 1
        # A backup to a read-only place is refused with its own code; the data is untouched.
        ws = Workspace.open(data, now=clock)
        try:
            with pytest.raises(BackupError) as refused:
                backup_now(ws, to=view / "backups")
            assert refused.value.issue.code == "backup_read_only"
            assert serials(ws) == [1]
        finally:
            ws.close()


def test_database_locked_by_another_connection(ws: Workspace, keying: KeyingService,
                                               fill: FillEntry) -> None:
    assert not isinstance(keying.save(fill(keying)), list)
    entry = fill(keying)
    other = sqlite3.connect(ws.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a copy tool or a second program writing
    try:
        with pytest.raises(sqlite3.OperationalError) as raised:
            keying.save(entry)
        assert faults.fault_code(raised.value) == faults.DATABASE_LOCKED
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert serials(ws) == [1]
    saved = keying.save(entry)  # the lock is gone: the same form saves
    assert not isinstance(saved, list) and serials(ws) == [1, 2]


@pytest.mark.parametrize(("exc", "code"), [
    (OSError(28, "No space left on device"), faults.DISK_FULL),
    (PermissionError(13, "Permission denied"), faults.READ_ONLY),
    (OSError(30, "Read-only file system"), faults.READ_ONLY),
    (FileNotFoundError(2, "No such file"), faults.DEVICE_GONE),
    (OSError(5, "Input/output error"), faults.IO_ERROR),
    (ValueError("x"), None),
])
def test_fault_codes(exc: BaseException, code: str | None) -> None:
    assert faults.fault_code(exc) == code
    try:
        raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert faults.fault_code(wrapped) == code
