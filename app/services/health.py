"""The start-up health check: a damaged database is not opened for writing.

``PRAGMA quick_check`` runs on a read-only connection before anything writes (migrations
included). A database that fails it is refused with DatabaseDamagedError, which names the
problems and the newest backup that passes every check, so the clerk can be offered it
(app/services/backup.restore_damaged). The damaged file is never changed or deleted here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.storage.sqlite_copy import check_problems

if TYPE_CHECKING:
    from app.services.backup import BackupInfo


@dataclass(frozen=True)
class HealthReport:
    db_path: Path
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


class DatabaseDamagedError(Exception):
    """The database failed its check; ``newest_good`` is the backup to offer (or None)."""

    def __init__(self, db_path: Path, problems: tuple[str, ...],
                 newest_good: BackupInfo | None) -> None:
        super().__init__(f"{db_path}: {'; '.join(problems)}")
        self.db_path = db_path
        self.problems = problems
        self.newest_good = newest_good


def _run_check(db_path: Path) -> HealthReport:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return HealthReport(db_path, ())
    return HealthReport(db_path, tuple(check_problems(db_path, quick=True)[:10]))


def _file_state(db_path: Path) -> tuple[tuple[int, int] | None, ...]:
    """Size and change time of the database and its WAL: a check made before stays valid only
    while these are unchanged."""
    states: list[tuple[int, int] | None] = []
    for path in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            st = path.stat()
        except OSError:
            states.append(None)
        else:
            # The check's own read-only connection may create an empty WAL: same as none.
            states.append((st.st_size, st.st_mtime_ns) if st.st_size else None)
    return tuple(states)


class _EarlyCheck:
    """quick_check started on a thread while the GUI is still importing Qt.

    SQLite releases the GIL while it reads, so on a two-core office PC the check (16 ms for a
    year, ~100 ms for ten) overlaps the ~150 ms of Qt imports instead of adding to them.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.state = _file_state(db_path)
        self.report: HealthReport | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="khaosat-health", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.report = _run_check(self.db_path)
        except BaseException as exc:  # handed to the caller of check_health, never lost
            self.error = exc


_early_checks: dict[Path, _EarlyCheck] = {}
_early_lock = threading.Lock()


def start_early_check(db_path: Path) -> None:
    """Begin the start-up check of ``db_path`` in the background; check_health collects it."""
    with _early_lock:
        if db_path not in _early_checks:
            _early_checks[db_path] = _EarlyCheck(db_path)


def check_health(db_path: Path) -> HealthReport:
    """A missing or empty file is healthy (a new database is about to be made).

    Uses the early check of the same file when one was started and the file has not changed
    since (the writer lock is held by now, so nothing else changes it afterwards).
    """
    with _early_lock:
        early = _early_checks.pop(db_path, None)
    if early is not None:
        early.thread.join()
        if early.error is None and early.report is not None and (
                early.state == _file_state(db_path)):
            return early.report
    return _run_check(db_path)


def require_healthy(db_path: Path, data_dir: Path) -> None:
    """Raise DatabaseDamagedError (with the backup to offer) unless the database is sound."""
    report = check_health(db_path)
    if not report.ok:
        # Only a damaged database needs the backups (their module is not loaded at start-up).
        from app.services.backup import newest_good_backup

        raise DatabaseDamagedError(db_path, report.problems, newest_good_backup(data_dir))
