"""What kind of trouble an exception from the disk or the database is, as a code.

The UI and the CLI turn the code into a sentence that says what to do (free space, choose a
writable folder, close the other program, plug the drive back in). The code is decided from
errno and SQLite's own error code, never from message text, which differs between versions.
"""

from __future__ import annotations

import errno
import sqlite3

DISK_FULL = "disk_full"
READ_ONLY = "read_only"
DATABASE_LOCKED = "database_locked"
DEVICE_GONE = "device_gone"
DATABASE_DAMAGED = "database_damaged"
IO_ERROR = "io_error"

_ERRNO_CODES = {
    errno.ENOSPC: DISK_FULL,
    getattr(errno, "EDQUOT", -1): DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.ENOENT: DEVICE_GONE,
    errno.ENODEV: DEVICE_GONE,
    errno.ENXIO: DEVICE_GONE,
    errno.EIO: IO_ERROR,
}

_SQLITE_CODES = {
    sqlite3.SQLITE_FULL: DISK_FULL,
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_PERM: READ_ONLY,
    sqlite3.SQLITE_BUSY: DATABASE_LOCKED,
    sqlite3.SQLITE_LOCKED: DATABASE_LOCKED,
    sqlite3.SQLITE_CORRUPT: DATABASE_DAMAGED,
    sqlite3.SQLITE_NOTADB: DATABASE_DAMAGED,
    sqlite3.SQLITE_IOERR: IO_ERROR,
    sqlite3.SQLITE_CANTOPEN: DEVICE_GONE,
}


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what it wraps (SQLAlchemy keeps the driver's error in ``orig``)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (
            current.__cause__ or current.__context__)
    return chain


def fault_code(exc: BaseException) -> str | None:
    """A code from this module for disk and database trouble; None for anything else."""
    for cause in _causes(exc):
        if isinstance(cause, OSError) and cause.errno in _ERRNO_CODES:
            return _ERRNO_CODES[cause.errno]
        if isinstance(cause, sqlite3.Error):
            # The extended code's low byte is the primary code (SQLITE_IOERR_WRITE -> IOERR).
            code = getattr(cause, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF in _SQLITE_CODES:
                return _SQLITE_CODES[code & 0xFF]
    return None
