"""Whole-database copies and checks with plain sqlite3 (no SQLAlchemy, start-up stays fast).

A copy is written under a temporary name in the target's own folder, checked with
``PRAGMA integrity_check`` and only then renamed to its final name (``os.replace`` is atomic
on one file system): a half-written or damaged copy never carries a backup's name.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from app.atomic_files import fsync_folder

TEMP_SUFFIX = ".part"


class CopyCheckError(Exception):
    """The copy was written but failed its integrity check; it was removed, the source kept."""

    def __init__(self, target: Path, problems: list[str]) -> None:
        super().__init__(f"{target}: {'; '.join(problems)}")
        self.target = target
        self.problems = problems


def read_only_uri(path: Path) -> str:
    # as_uri() percent-encodes the path: a raw "#", "?" or "%" would cut or change it.
    return f"{path.resolve().as_uri()}?mode=ro"


@contextlib.contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        yield conn
    finally:
        conn.close()


def check_problems(path: Path, *, quick: bool = False) -> list[str]:
    """What SQLite finds wrong with a database file (empty list: sound).

    ``quick`` runs ``quick_check`` (no index cross-checks: fast enough for every start);
    otherwise the full ``integrity_check``. A file SQLite cannot read at all is a problem too.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with open_read_only(path) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    problems = [str(r[0]) for r in rows]
    return [] if problems == ["ok"] else problems


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def temp_name(target: Path) -> Path:
    return target.with_name(target.name + TEMP_SUFFIX)


def remove_quietly(path: Path) -> None:
    # The folder may be gone (a USB drive pulled out): there is nothing left to tidy then.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def finish_checked_copy(temp: Path, target: Path) -> Path:
    """Sync, check and rename a copy written at ``temp``; raises CopyCheckError if unsound."""
    fsync_file(temp)
    problems = check_problems(temp)
    if problems:
        remove_quietly(temp)
        raise CopyCheckError(target, problems)
    os.replace(temp, target)
    fsync_folder(target.parent)
    return target


def backup_database(source: Path, target: Path) -> Path:
    """A consistent, checked single-file copy of a live database (SQLite online backup API).

    Safe while the program writes (WAL): the copy holds every committed transaction. The copy
    is switched to rollback-journal mode so it is one self-contained file. On any error the
    temporary file is removed and ``target`` does not exist; the source is only read.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(target)
    remove_quietly(temp)
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dest = sqlite3.connect(temp)
            try:
                src.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            src.close()
        return finish_checked_copy(temp, target)
    except BaseException:
        remove_quietly(temp)
        raise


def copy_file_checked(source: Path, target: Path, chunk_size: int = 1 << 20) -> Path:
    """Copy a (closed, sound) backup file byte for byte, then check and rename it.

    Used for the second location (a USB drive or a network folder), where a removed drive or
    a full disk shows up as an OSError in the middle of the copy: the partial file is removed
    (if the folder still exists) and the error raised; nothing under ``target``'s name.
    """
    temp = temp_name(target)
    try:
        with open(source, "rb") as src, open(temp, "wb") as dst:
            while chunk := src.read(chunk_size):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        return finish_checked_copy(temp, target)
    except BaseException:
        remove_quietly(temp)
        raise
