"""Plain sqlite3 connections with the pragmas every connection needs.

Kept free of SQLAlchemy so that start-up (migration check, first reads) does not pay for
importing it; app/storage/engine.py uses the same pragmas for the ORM engine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 5000


def set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any = None) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + FULL: a committed transaction is fsync'd before commit returns, so "saved" is on disk.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def connect_raw(db_path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """An autocommit sqlite3 connection (isolation_level=None) with the same pragmas."""
    conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=check_same_thread)
    set_pragmas(conn)
    return conn
