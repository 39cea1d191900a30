"""The SQLite engine with the durability settings every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event

from app.storage.sqlite import BUSY_TIMEOUT_MS, connect_raw, set_pragmas

__all__ = ["BUSY_TIMEOUT_MS", "connect_raw", "make_engine"]


def _connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (SQLAlchemy's
    # documented recipe), so that every transaction can start as BEGIN IMMEDIATE below.
    dbapi_connection.isolation_level = None
    set_pragmas(dbapi_connection, record)


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
