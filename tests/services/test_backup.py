"""Backups: checked copies, listing, daily/exit policy and rotation, second location, restore."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.domain.audit import first_broken_entry
from app.services import backup as backup_module
from app.services.backup import (
    BackupError,
    backup_at_exit,
    backup_before,
    backup_now,
    format_size,
    last_backup_time,
    list_backups,
    maybe_daily_backup,
    newest_good_backup,
    restore,
    restore_damaged,
)
from app.services.health import DatabaseDamagedError
from app.services.keying import KeyingService
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage import sqlite_copy

from .conftest import Clock, FillEntry, unit_settings
from .damage import damage_table, digest


def key(keying: KeyingService, fill: FillEntry, count: int) -> list[int]:
    out = []
    for _ in range(count):
        saved = keying.save(fill(keying))
        assert not isinstance(saved, list), saved
        out.append(saved.serial)
    return out


def serials_in(db: Path) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT serial FROM forms ORDER BY serial")]
    finally:
        conn.close()


def test_backup_now_is_a_checked_single_file_with_every_saved_form(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    saved = key(keying, fill, 3)
    info = backup_now(ws)
    assert info.ok and info.reason == "manual"
    assert info.path.parent == ws.data_dir / "backups"
    assert info.path.name.startswith("khaosat-manual-20261122-")
    assert serials_in(info.path) == saved  # the forms still in the WAL are in the copy
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no .part
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # self-contained
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    listed = list_backups(ws)
    assert [(b.path, b.status, b.forms) for b in listed] == [(info.path, "ok", 3)]
    assert listed[0].created_at == info.created_at
    assert last_backup_time(ws.data_dir) == info.created_at


def test_two_backups_in_the_same_instant_do_not_overwrite(tmp_path: Path) -> None:
    frozen = datetime(2026, 11, 22, 9, 0)
    ws = Workspace.open(tmp_path, now=lambda: frozen)
    try:
        a, b = backup_now(ws), backup_now(ws)
        assert a.path != b.path and a.path.exists() and b.path.exists()
    finally:
        ws.close()


def test_backup_to_another_folder_and_before_an_import(ws: Workspace, tmp_path: Path) -> None:
    usb = tmp_path / "usb" / "khaosat"
    info = backup_now(ws, to=usb)
    assert info.path.parent == usb and info.ok
    before = backup_before(ws, "import")
    assert before.reason == "before-import" and before.path.parent == ws.backup_dir
    assert [b.reason for b in list_backups(ws)] == ["before-import"]  # --to is elsewhere


def test_a_copy_that_fails_its_check_gets_no_backup_name(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_copy, "check_problems",
                        lambda path, quick=False: ["Page 7: btreeInitPage() returns error code 11"])
    with pytest.raises(BackupError) as raised:
        backup_now(ws)
    assert raised.value.issue.code == "backup_check_failed"
    assert "Page 7" in raised.value.issue.params["problem"]
    assert list(ws.backup_dir.iterdir()) == []


def test_daily_backup_once_a_day_and_rotation(ws: Workspace, clock: Clock) -> None:
    day0 = datetime(2026, 1, 1, 8, 0)
    clock.set(day0)
    first = maybe_daily_backup(ws)
    assert first is not None and first.reason == "daily"
    clock.set(day0 + timedelta(hours=5))
    assert maybe_daily_backup(ws) is None  # less than a day since the last one
    for d in range(1, 400):
        clock.set(day0 + timedelta(days=d))
        assert maybe_daily_backup(ws) is not None
    kept = list_backups(ws, check=False)
    assert 18 <= len(kept) <= 7 + 8 + 12  # slots overlap (a month's last day is a daily)
    newest = kept[0].created_at
    assert newest.date() == (day0 + timedelta(days=399)).date()
    days = {b.created_at.date() for b in kept}
    assert {(newest - timedelta(days=d)).date() for d in range(7)} <= days
    # The oldest kept is the last backup of the month 11 months back (12 monthly slots).
    oldest = kept[-1].created_at
    assert (newest.year * 12 + newest.month) - (oldest.year * 12 + oldest.month) == 11
    assert (oldest + timedelta(days=1)).day == 1


def test_rotation_leaves_manual_backups_and_other_files_alone_until_automatic(
        ws: Workspace, clock: Clock) -> None:
    stranger = ws.backup_dir / "ghi-chu.txt"
    ws.backup_dir.mkdir(parents=True, exist_ok=True)
    stranger.write_text("của cán bộ", encoding="utf-8")
    for _ in range(3):
        backup_now(ws)  # manual backups the same day: none rotated away by a manual one
    assert len(list_backups(ws, check=False)) == 3
    info = backup_now(ws, reason="exit")
    assert len(info.removed) == 3  # same day: only the newest of the day stays
    assert [b.path for b in list_backups(ws, check=False)] == [info.path]
    assert stranger.read_text(encoding="utf-8") == "của cán bộ"


def test_backup_at_exit_only_when_something_changed(
        ws: Workspace, keying: KeyingService, fill: FillEntry, clock: Clock) -> None:
    clock.set(datetime.now() + timedelta(minutes=1))
    first = backup_at_exit(ws)
    assert first is not None and first.reason == "exit"
    assert backup_at_exit(ws) is None  # the files are older than the newest backup
    key(keying, fill, 1)
    written = (first.created_at + timedelta(seconds=30)).timestamp()
    for suffix in ("", "-wal"):
        os.utime(str(ws.db_path) + suffix, (written, written))
    second = backup_at_exit(ws)
    assert second is not None and serials_in(second.path) == [1]


def test_second_location_gets_a_checked_copy(ws: Workspace, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert apply_settings(ws, unit_settings(backup_mirror_dir=str(usb)), "Lan") == []
    info = backup_now(ws)
    assert info.mirror_issue is None and info.mirror_path == usb / info.path.name
    assert digest(info.mirror_path) == digest(info.path)


def test_second_location_missing_keeps_the_primary_backup(ws: Workspace, tmp_path: Path) -> None:
    assert apply_settings(ws, unit_settings(backup_mirror_dir=str(tmp_path / "E:")),
                          "Lan") == []
    info = backup_now(ws)
    assert info.ok and info.path.exists()
    assert info.mirror_path is None
    assert info.mirror_issue is not None and info.mirror_issue.code == "mirror_missing"


def test_second_location_removed_mid_copy(ws: Workspace, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    assert apply_settings(ws, unit_settings(backup_mirror_dir=str(usb)), "Lan") == []
    real_open = open

    class PulledOut:
        """A file on the USB drive that vanishes after the first chunk is written."""

        def __init__(self, path: Path) -> None:
            self.inner = real_open(path, "wb")
            self.path = path

        def __enter__(self) -> PulledOut:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

        def write(self, data: bytes) -> int:
            self.inner.write(data[:10])
            self.inner.close()
            for child in usb.iterdir():
                child.unlink()
            usb.rmdir()
            raise OSError(5, "Input/output error")

        def fileno(self) -> int:
            return self.inner.fileno()

        def flush(self) -> None:
            pass

    def fake_open(path: object, mode: str = "r", *args: object, **kw: object) -> object:
        if str(path).startswith(str(usb)) and "w" in mode:
            return PulledOut(Path(str(path)))
        return real_open(path, mode, *args, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", fake_open)
    info = backup_now(ws)
    monkeypatch.undo()
    assert info.ok and info.path.exists() and not usb.exists()
    assert info.mirror_issue is not None
    assert (info.mirror_issue.code, info.mirror_issue.params["fault"]) == (
        "mirror_failed", "backup_io_error")
    assert [b.status for b in list_backups(ws)] == ["ok"]


def test_restore_replaces_the_content_after_backing_up_the_current(
        ws: Workspace, keying: KeyingService, fill: FillEntry) -> None:
    key(keying, fill, 2)
    old = backup_now(ws)
    key(keying, fill, 3)
    result = restore(ws, old.path, "Lan")
    assert serials_in(ws.db_path) == [1, 2]
    assert serials_in(result.safety_copy) == [1, 2, 3, 4, 5]  # nothing lost: kept aside
    assert result.safety_copy.name.startswith("khaosat-before-restore-")
    # The program goes on with the restored data through the same workspace.
    assert keying.next_expected_serial() == 3
    entries = list(ws.store.iter_audit())
    assert entries[-1].action == "database.restore" and entries[-1].operator == "Lan"
    assert first_broken_entry(entries) is None


@pytest.mark.parametrize("kind", ["damaged", "foreign", "too_new", "missing", "text"])
def test_restore_refuses_a_bad_file_and_changes_nothing(
        ws: Workspace, keying: KeyingService, fill: FillEntry, tmp_path: Path, kind: str) -> None:
    key(keying, fill, 2)
    bad = tmp_path / "bad.sqlite3"
    if kind == "damaged":
        good = backup_now(ws, to=tmp_path / "elsewhere").path
        damage_table(good)
        bad = good
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.commit()
        conn.close()
    elif kind == "too_new":
        bad = backup_now(ws, to=tmp_path / "elsewhere").path
        conn = sqlite3.connect(bad)
        with conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
        conn.close()
    elif kind == "text":
        bad.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    before = serials_in(ws.db_path)
    backups_before = list(ws.backup_dir.glob("*")) if ws.backup_dir.exists() else []
    with pytest.raises(BackupError) as raised:
        restore(ws, bad, "Lan")
    expected = {"damaged": "restore_damaged", "foreign": "restore_not_khaosat",
                "too_new": "restore_too_new", "missing": "restore_missing",
                "text": "restore_damaged"}[kind]
    assert raised.value.issue.code == expected
    assert serials_in(ws.db_path) == before
    assert (list(ws.backup_dir.glob("*")) if ws.backup_dir.exists() else []) == backups_before


def test_damaged_database_is_refused_and_restored_from_the_newest_good_backup(
        tmp_path: Path, clock: Clock, fill: FillEntry) -> None:
    data = tmp_path / "data"
    ws = Workspace.open(data, now=clock)
    assert apply_settings(ws, unit_settings(), "Lan") == []
    keying = KeyingService(ws, "Lan")
    key(keying, fill, 4)
    older = backup_now(ws)
    key(keying, fill, 1)
    newer = backup_now(ws)
    ws.close()
    damage_table(newer.path)  # the newest backup went bad on disk too
    db = data / "khaosat.sqlite3"
    damage_table(db)
    damaged_digest = digest(db)

    with pytest.raises(DatabaseDamagedError) as raised:
        Workspace.open(data, now=clock)
    err = raised.value
    assert err.problems and err.newest_good is not None
    assert err.newest_good.path == older.path and err.newest_good.forms == 4
    assert digest(db) == damaged_digest  # not opened for writing, not changed

    result = restore_damaged(data, err.newest_good.path)
    assert digest(result.safety_copy) == damaged_digest  # the damaged file is kept
    assert result.safety_copy.parent == data / "backups"
    again = Workspace.open(data, now=clock)
    try:
        assert serials_in(db) == [1, 2, 3, 4]
        assert first_broken_entry(again.store.iter_audit()) is None
        assert newest_good_backup(data) is not None
        names = [b.path.name for b in list_backups(again)]
        assert result.safety_copy.name not in names  # a damaged copy is not offered
    finally:
        again.close()


def test_restore_of_a_backup_from_an_older_schema_upgrades_it(
        ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    old = backup_now(ws)
    calls: list[Path] = []
    monkeypatch.setattr(backup_module, "upgrade_to_head",
                        lambda db, folder: calls.append(db))
    restore(ws, old.path, "Lan")
    assert calls == [ws.db_path]


def test_format_size() -> None:
    assert format_size(1) == "1 KB"
    assert format_size(845 * 1024) == "845 KB"
    assert format_size(13_002_342) == "12,4 MB"

