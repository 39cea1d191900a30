"""The SQLite engine with the durability settings every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + FULL: a committed transaction is fsync'd before commit returns, so "saved" is on disk.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SQLAlchemy's
    # documented recipe), so that every transaction can start as BEGIN IMMEDIATE below.
    dbapi_connection.isolation_level = None
    _set_pragmas(dbapi_connection, record)


def _begin_immediate(connection: Any) -> None:
    # Take the write lock at the start: reading the audit chain's last hash and appending to it
    # must not interleave with another writer. WAL readers are not blocked by this.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(db_path: Path) -> Engine:
    # URL.create, not an f-string: a folder named "Phòng #2" or "100%" must not be parsed.
    engine = create_engine(URL.create("sqlite", database=str(db_path)))
    event.listen(engine, "connect", _connect)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def connect_raw(db_path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the same pragmas (start-up checks, backups)."""
    conn = sqlite3.connect(db_path)
    _set_pragmas(conn, None)
    return conn
