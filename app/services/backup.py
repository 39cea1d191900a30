"""Backups of the database: made, checked, listed, rotated, mirrored and restored.

Every backup is a single SQLite file written with the online backup API under a temporary
name, checked with ``PRAGMA integrity_check`` and only then given its name
``khaosat-<reason>-<yyyymmdd-hhmmss-ffffff>.sqlite3`` in ``<data dir>/backups/`` (the name
the pre-migration copy of app/storage/migrations.py uses too). Automatic backups (daily, at
exit) rotate the folder: 7 daily, 8 weekly, 12 monthly (app/domain/backup_rotation.py).
When the unit set a second location (``backup_mirror_dir``: a USB drive, a network folder)
each new backup is copied there as well; a missing or failing second location is reported
as an Issue and never costs the primary backup.

Nothing here deletes a user's data: rotation only removes files carrying a backup's name,
and restoring keeps a backup of the current database (or a copy of a damaged one) first.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.audit import AuditEntry
from app.domain.backup_rotation import backups_to_remove, daily_backup_due
from app.domain.forms import Issue
from app.services.faults import fault_code
from app.services.single_writer import writer_lock
from app.storage.migrations import (
    BACKUP_STAMP_FORMAT,
    KNOWN_REVISIONS,
    NotAKhaosatDatabaseError,
    current_revision,
    upgrade_to_head,
)
from app.storage.sqlite_copy import (
    CopyCheckError,
    backup_database,
    check_problems,
    copy_file_checked,
    fsync_file,
    open_read_only,
    read_only_uri,
)

if TYPE_CHECKING:
    from app.services.workspace import Workspace

DB_FILENAME = "khaosat.sqlite3"  # app.services.workspace.DB_FILENAME (imported lazily there)
BACKUP_SUBDIR = "backups"
AUTOMATIC_REASONS = ("daily", "exit")
_NAME = re.compile(r"^khaosat-(?P<reason>[a-z]+(?:-[a-z]+)*)-(?P<stamp>\d{8}-\d{6}-\d{6})"
                   r"\.sqlite3$")

# BackupInfo.status
OK = "ok"
DAMAGED = "damaged"
NOT_KHAOSAT = "not_khaosat"
TOO_NEW = "too_new"
UNCHECKED = "unchecked"


class BackupError(Exception):
    """A backup or restore was refused or failed; nothing was changed. ``issue`` says why."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.code, dict(issue.params))
        self.issue = issue


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: str  # manual, daily, exit, before-migration, before-import, before-restore, …
    created_at: datetime
    size: int
    status: str = UNCHECKED  # ok | damaged | not_khaosat | too_new | unchecked
    problems: tuple[str, ...] = ()
    forms: int | None = None  # forms in the backup (void ones included)
    last_keyed_at: datetime | None = None
    mirror_path: Path | None = None  # the copy in the second location, when one was made
    mirror_issue: Issue | None = None  # why the second location got no copy
    removed: tuple[Path, ...] = field(default=())  # old backups rotated away

    @property
    def ok(self) -> bool:
        return self.status == OK


def backup_folder(data_dir: Path) -> Path:
    return data_dir / BACKUP_SUBDIR


def parse_backup_name(path: Path) -> tuple[str, datetime] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        return match["reason"], datetime.strptime(match["stamp"], BACKUP_STAMP_FORMAT)
    except ValueError:
        return None


def _named_backups(folder: Path) -> list[tuple[Path, str, datetime]]:
    """Files in ``folder`` carrying a backup's name, newest first (no file is opened)."""
    try:
        candidates = list(folder.iterdir())
    except OSError:  # no folder yet, or a removed drive
        return []
    found = []
    for path in candidates:
        parsed = parse_backup_name(path)
        if parsed is not None and path.is_file():
            found.append((path, parsed[0], parsed[1]))
    found.sort(key=lambda item: item[2], reverse=True)
    return found


def last_backup_time(data_dir: Path) -> datetime | None:
    """When the newest backup in the data folder was made (cheap: names only)."""
    named = _named_backups(backup_folder(data_dir))
    return named[0][2] if named else None


# -- inspecting a backup file ------------------------------------------------------------------
def inspect_backup(path: Path) -> BackupInfo:
    """Check a file as a backup: readable, a khaosat database not from a newer version, sound.

    The full ``integrity_check`` runs; forms are counted so a clerk can tell backups apart.
    """
    parsed = parse_backup_name(path)
    reason, created = parsed if parsed else ("", _mtime(path))
    size = path.stat().st_size if path.exists() else 0
    info = BackupInfo(path, reason, created, size)
    problems = check_problems(path)
    if problems:
        return _with(info, status=DAMAGED, problems=tuple(problems[:5]))
    try:
        revision = current_revision(path)
    except NotAKhaosatDatabaseError:
        return _with(info, status=NOT_KHAOSAT)
    if revision is None:
        return _with(info, status=NOT_KHAOSAT)
    if revision not in KNOWN_REVISIONS:
        return _with(info, status=TOO_NEW, problems=(revision,))
    forms, last = _form_summary(path)
    return _with(info, status=OK, forms=forms, last_keyed_at=last)


def _with(info: BackupInfo, **changes: object) -> BackupInfo:
    from dataclasses import replace

    return replace(info, **changes)  # type: ignore[arg-type]


def _mtime(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return datetime.min


def _form_summary(path: Path) -> tuple[int | None, datetime | None]:
    try:
        with open_read_only(path) as conn:
            count, last = conn.execute("SELECT count(*), max(keyed_at) FROM forms").fetchone()
    except sqlite3.DatabaseError:
        return None, None
    return int(count), datetime.fromisoformat(last) if last else None


def list_backups(source: Workspace | Path, *, check: bool = True) -> list[BackupInfo]:
    """Backups in the data folder's ``backups/``, newest first, each checked unless told not."""
    data_dir = source if isinstance(source, Path) else source.data_dir
    out = []
    for path, reason, created in _named_backups(backup_folder(data_dir)):
        if check:
            out.append(_with(inspect_backup(path), reason=reason, created_at=created))
        else:
            out.append(BackupInfo(path, reason, created, _size(path)))
    return out


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes every check (checks stop at the first good one)."""
    for path, reason, created in _named_backups(backup_folder(data_dir)):
        info = inspect_backup(path)
        if info.ok:
            return _with(info, reason=reason, created_at=created)
    return None


# -- making backups ----------------------------------------------------------------------------
def _free_target(folder: Path, reason: str, when: datetime) -> Path:
    # A clock that stands still (tests, or two backups in one microsecond) must not overwrite.
    while True:
        target = folder / f"khaosat-{reason}-{when.strftime(BACKUP_STAMP_FORMAT)}.sqlite3"
        if not target.exists():
            return target
        when += timedelta(microseconds=1)


def _refusal(exc: BaseException, folder: Path) -> Issue:
    if isinstance(exc, CopyCheckError):
        return Issue("backup_check_failed", {"folder": str(folder),
                                             "problem": exc.problems[0] if exc.problems else ""})
    code = fault_code(exc) or "io_error"
    reason = getattr(exc, "strerror", None) or str(exc)
    return Issue(f"backup_{code}", {"folder": str(folder), "reason": reason})


def backup_now(ws: Workspace, *, to: Path | None = None, reason: str = "manual") -> BackupInfo:
    """Back the database up now; raises BackupError (nothing written) when it cannot.

    Without ``to`` the backup goes to ``<data dir>/backups/`` and, when set, to the second
    location too; automatic reasons also rotate both folders. With ``to`` one copy is written
    there and nothing is rotated.
    """
    if not re.fullmatch(r"[a-z]+(-[a-z]+)*", reason):
        raise ValueError(f"backup reason {reason!r}")
    folder = to if to is not None else ws.backup_dir
    created = ws.now()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_target(folder, reason, created)
        backup_database(ws.db_path, target)
    except (OSError, sqlite3.Error, CopyCheckError) as exc:
        raise BackupError(_refusal(exc, folder)) from exc
    info = BackupInfo(target, reason, created, _size(target), status=OK)
    if to is not None:
        return info
    removed: list[Path] = []
    if reason in AUTOMATIC_REASONS:
        removed += rotate(folder)
    mirror_path, mirror_issue = _mirror(ws, target)
    if mirror_path is not None and reason in AUTOMATIC_REASONS:
        removed += rotate(mirror_path.parent)
    return _with(info, mirror_path=mirror_path, mirror_issue=mirror_issue,
                 removed=tuple(removed))


def _mirror(ws: Workspace, backup: Path) -> tuple[Path | None, Issue | None]:
    settings = ws.settings
    mirror = settings.backup_mirror_dir.strip() if settings else ""
    if not mirror:
        return None, None
    folder = Path(mirror)
    if not folder.is_dir():  # a USB drive not plugged in, a network folder not reachable
        return None, Issue("mirror_missing", {"folder": mirror})
    try:
        return copy_file_checked(backup, folder / backup.name), None
    except (OSError, CopyCheckError) as exc:
        issue = _refusal(exc, folder)
        return None, Issue("mirror_failed", {**issue.params, "fault": issue.code})


def rotate(folder: Path) -> list[Path]:
    """Remove the backups the 7/8/12 policy does not keep; returns what was removed."""
    named = _named_backups(folder)
    by_stamp = {created: path for path, _, created in named}
    removed = []
    for stamp in backups_to_remove(by_stamp):
        path = by_stamp[stamp]
        try:
            path.unlink()
        except OSError:
            continue  # kept another day; rotation is tidiness, not safety
        removed.append(path)
    return removed


def backup_before(ws: Workspace, reason: str) -> BackupInfo:
    """The backup taken before an import, a restore…: ``reason`` "import" -> before-import."""
    return backup_now(ws, reason=f"before-{reason}")


def maybe_daily_backup(ws: Workspace, now: datetime | None = None) -> BackupInfo | None:
    """At start: a backup when the newest is a day old or there is none; else None."""
    moment = now or ws.now()
    if ws.settings is None:  # nothing keyed before the first-run wizard
        return None
    if not daily_backup_due(last_backup_time(ws.data_dir), moment):
        return None
    return backup_now(ws, reason="daily")


def changed_since(ws: Workspace, moment: datetime) -> bool:
    """Whether the database files were written after ``moment`` (by their modification time)."""
    newest = 0.0
    for suffix in ("", "-wal"):
        try:
            newest = max(newest, Path(str(ws.db_path) + suffix).stat().st_mtime)
        except OSError:
            continue
    return datetime.fromtimestamp(newest) > moment


def backup_at_exit(ws: Workspace) -> BackupInfo | None:
    """At exit: a backup unless nothing changed since the newest one."""
    if ws.settings is None:
        return None
    last = last_backup_time(ws.data_dir)
    if last is not None and not changed_since(ws, last):
        return None
    return backup_now(ws, reason="exit")


# -- restoring ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RestoreResult:
    restored_from: BackupInfo
    safety_copy: Path  # the database as it was just before (a backup, or the damaged file)


def check_restorable(file: Path) -> BackupInfo:
    """The file's inspection if it can be restored; raises BackupError naming the reason."""
    if not file.is_file():
        raise BackupError(Issue("restore_missing", {"file": str(file)}))
    info = inspect_backup(file)
    if info.status == DAMAGED:
        raise BackupError(Issue("restore_damaged", {"file": str(file),
                                                    "problem": info.problems[0]}))
    if info.status == NOT_KHAOSAT:
        raise BackupError(Issue("restore_not_khaosat", {"file": str(file)}))
    if info.status == TOO_NEW:
        raise BackupError(Issue("restore_too_new", {"file": str(file),
                                                    "revision": info.problems[0]}))
    return info


def restore(ws: Workspace, file: Path, operator: str) -> RestoreResult:
    """Replace the open database's content with a backup, in one SQLite transaction.

    The file is checked first, then the current database is backed up (``before-restore``);
    if either fails nothing is changed. The content is copied with the backup API into the
    live database file, so a crash midway leaves the old content (SQLite rolls the
    transaction back), never a mix. A backup from an older program version is upgraded.
    """
    info = check_restorable(file)
    safety = backup_before(ws, "restore")
    ws.close_connections()
    try:
        source = sqlite3.connect(read_only_uri(file), uri=True)
        try:
            dest = sqlite3.connect(ws.db_path)
            try:
                dest.execute("PRAGMA busy_timeout=5000")
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(_refusal(exc, ws.data_dir)) from exc
    upgrade_to_head(ws.db_path, ws.backup_dir)
    ws.store.append_audit(AuditEntry(
        ws.now(), operator, "database.restore", "database", file.name, None,
        {"file": str(file), "forms": info.forms, "made_at": info.created_at.isoformat(),
         "safety_copy": safety.path.name}))
    return RestoreResult(info, safety.path)


def restore_damaged(data_dir: Path, file: Path) -> RestoreResult:
    """Put a backup in place of a database that cannot be opened (start-up health check).

    The damaged file is copied byte for byte to ``backups/damaged-khaosat-<stamp>.sqlite3``
    (its -wal/-shm moved beside it) before a checked copy of the backup is renamed over it.
    Holds the folder's writer lock; raises WorkspaceLockedError or BackupError.
    """
    info = check_restorable(file)
    db_path = data_dir / DB_FILENAME
    folder = backup_folder(data_dir)
    with writer_lock(data_dir):
        stamp = datetime.now().strftime(BACKUP_STAMP_FORMAT)
        kept = folder / f"damaged-khaosat-{stamp}.sqlite3"
        incoming = data_dir / f"khaosat-restoring-{stamp}.sqlite3"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            backup_database(file, incoming)
            if db_path.exists():
                shutil.copyfile(db_path, kept)
                fsync_file(kept)
            for suffix in ("-wal", "-shm"):
                side = Path(str(db_path) + suffix)
                if side.exists():
                    side.replace(Path(str(kept) + suffix))
            incoming.replace(db_path)
        except (OSError, sqlite3.Error, CopyCheckError) as exc:
            incoming.unlink(missing_ok=True)
            raise BackupError(_refusal(exc, data_dir)) from exc
    return RestoreResult(info, kept)



def format_size(size: int) -> str:
    """Vietnamese style: "845 KB", "12,4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB".replace(",", ".")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
