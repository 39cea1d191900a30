"""The start-up health check: a damaged database is not opened for writing.

``PRAGMA quick_check`` runs on a read-only connection before anything writes (migrations
included). A database that fails it is refused with DatabaseDamagedError, which names the
problems and the newest backup that passes every check, so the clerk can be offered it
(app/services/backup.restore_damaged). The damaged file is never changed or deleted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.backup import BackupInfo, newest_good_backup
from app.storage.sqlite_copy import check_problems


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


def check_health(db_path: Path) -> HealthReport:
    """A missing or empty file is healthy (a new database is about to be made)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return HealthReport(db_path, ())
    return HealthReport(db_path, tuple(check_problems(db_path, quick=True)[:10]))


def require_healthy(db_path: Path, data_dir: Path) -> None:
    """Raise DatabaseDamagedError (with the backup to offer) unless the database is sound."""
    report = check_health(db_path)
    if not report.ok:
        raise DatabaseDamagedError(db_path, report.problems, newest_good_backup(data_dir))
