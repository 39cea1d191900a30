"""Ways to damage a database file the way a bad disk or a virus does (tests only)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def checkpoint(db: Path) -> None:
    """Move everything into the main file so that damaging it damages committed data."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def damage_table(db: Path, table: str = "answers") -> None:
    """Overwrite the root page of ``table`` with garbage: quick_check fails, the file opens."""
    checkpoint(db)
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                           (table,)).fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xa5" * 64)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
