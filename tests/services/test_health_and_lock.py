"""Start-up health check and the single-writer lock between copies of the program."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.cli import main
from app.services.health import DatabaseDamagedError, check_health
from app.services.single_writer import LOCK_FILENAME, WorkspaceLockedError
from app.services.workspace import DB_FILENAME, Workspace
from app.storage.migrations import DatabaseTooNewError

from .damage import checkpoint, damage_table, digest

HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from app.services.workspace import Workspace
    ws = Workspace.open(Path(sys.argv[1]))
    print("ready", flush=True)
    time.sleep(120)
""")


def start_holder(data_dir: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(data_dir)],
                            stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2])
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_copy_is_refused_with_the_folder_and_who_holds_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "dữ liệu"
    Workspace.open(data).close()
    proc = start_holder(data)
    try:
        with pytest.raises(WorkspaceLockedError) as raised:
            Workspace.open(data)
        assert raised.value.folder == data
        assert f"tiến trình {proc.pid}" in raised.value.holder
        assert main(["backup", "--data-dir", str(data)]) == 1
        err = capsys.readouterr().err
        assert str(data) in err and "đang được một chương trình khaosat khác mở" in err
        assert err.count("\n") == 1
    finally:
        proc.kill()  # like a crash or a power cut: the OS drops the lock with the process
        proc.wait()
    assert (data / LOCK_FILENAME).exists()  # the file stays; it blocks nothing by itself
    Workspace.open(data).close()


def test_one_process_may_open_a_folder_twice_and_close_in_any_order(tmp_path: Path) -> None:
    a = Workspace.open(tmp_path)
    b = Workspace.open(tmp_path)
    a.close()
    b.close()
    b.close()  # closing twice is harmless
    proc = start_holder(tmp_path)  # and the lock is really released
    proc.kill()
    proc.wait()


def test_lock_is_released_when_opening_fails(tmp_path: Path) -> None:
    Workspace.open(tmp_path).close()
    db = tmp_path / DB_FILENAME
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.close()
    checkpoint(db)
    before = digest(db)
    with pytest.raises(DatabaseTooNewError):
        Workspace.open(tmp_path)
    assert digest(db) == before  # refused unchanged
    proc = start_holder_expecting_failure(tmp_path)
    assert "DatabaseTooNewError" in proc  # the other copy got past the lock


def start_holder_expecting_failure(data_dir: Path) -> str:
    done = subprocess.run([sys.executable, "-c", HOLDER, str(data_dir)], capture_output=True,
                          text=True, cwd=Path(__file__).parents[2], timeout=60)
    return done.stderr


def test_health_of_a_new_sound_and_damaged_database(tmp_path: Path) -> None:
    db = tmp_path / DB_FILENAME
    assert check_health(db).ok  # nothing yet: a new database will be made
    ws = Workspace.open(tmp_path)
    ws.close()
    assert check_health(db).ok
    damage_table(db, "forms")
    report = check_health(db)
    assert not report.ok and report.problems


def test_damaged_database_without_backups_is_refused_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Workspace.open(tmp_path).close()
    db = tmp_path / DB_FILENAME
    damage_table(db, "settings")
    before = digest(db)
    with pytest.raises(DatabaseDamagedError) as raised:
        Workspace.open(tmp_path)
    assert raised.value.newest_good is None
    assert main(["audit", "verify", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bị hỏng nên không được mở để ghi" in err and "gọi cán bộ CNTT" in err
    assert digest(db) == before
    assert not (tmp_path / "backups").exists()


def test_a_garbage_file_in_place_of_the_database_is_damaged_not_replaced(tmp_path: Path) -> None:
    db = tmp_path / DB_FILENAME
    db.write_bytes(os.urandom(8192))
    before = digest(db)
    with pytest.raises(DatabaseDamagedError):
        Workspace.open(tmp_path)
    assert digest(db) == before


def test_quick_check_at_start_is_fast_on_ten_years(tmp_path: Path) -> None:
    """4 200 forms (10 years): the start-up check stays short (~0.1 s measured; 0.5 s bound)."""
    ws = Workspace.open(tmp_path)
    conn = sqlite3.connect(ws.db_path)
    with conn:
        conn.execute("INSERT INTO questionnaires VALUES ('q', '1', 'q', '{}', '2026-01-01')")
        for i in range(4200):
            cur = conn.execute(
                "INSERT INTO forms (year, serial, survey_date, questionnaire_id,"
                " questionnaire_version, opinion, status, void_reason, operator, keyed_at,"
                " updated_at, field_code) VALUES (?, ?, '2026-01-01', 'q', '1', 'ý kiến', "
                "'active', '', 'Lan', '2026-01-01 08:00:00', '2026-01-01 08:00:00', 'TP')",
                (2016 + i // 420, i % 420 + 1))
            conn.executemany("INSERT INTO answers VALUES (?, ?, ?)",
                             [(cur.lastrowid, f"C{k}", 4) for k in range(28)])
    conn.close()
    ws.close()
    started = time.perf_counter()
    assert check_health(tmp_path / DB_FILENAME).ok
    assert time.perf_counter() - started < 0.5


def test_the_early_check_is_used_for_the_same_unchanged_file_and_redone_otherwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.services import health

    Workspace.open(tmp_path).close()
    db = tmp_path / DB_FILENAME
    runs: list[Path] = []
    real = health._run_check

    def counted(path: Path) -> health.HealthReport:
        runs.append(path)
        return real(path)

    monkeypatch.setattr(health, "_run_check", counted)
    health.start_early_check(db)
    assert check_health(db).ok and len(runs) == 1  # the background result, not a second run

    # The file changes after the early check started (damaged here): the check is redone.
    health.start_early_check(db)
    health._early_checks[db].thread.join()
    damage_table(db, "forms")
    assert not check_health(db).ok and len(runs) == 3
    with pytest.raises(DatabaseDamagedError):
        Workspace.open(tmp_path)
