"""Bring a database to the schema this program needs: back up first, then Alembic upgrade.

Start-up stays fast: the revision is read with plain sqlite3 and Alembic is imported only
when an upgrade is needed. A database stamped with a revision this program does not know was
written by a newer version and is refused unchanged.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from app import paths
from app.storage.sqlite_copy import backup_database

HEAD_REVISION = "0003_exports"  # tests assert this equals Alembic's head
KNOWN_REVISIONS = ("0001_initial", "0002_issued_batches", "0003_exports")


class DatabaseTooNewError(Exception):
    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class NotAKhaosatDatabaseError(Exception):
    pass


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    # as_uri() percent-encodes the path: a raw "#", "?" or "%" would cut or change it.
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise NotAKhaosatDatabaseError(str(db_path))
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise NotAKhaosatDatabaseError(str(exc)) from exc
    finally:
        conn.close()


BACKUP_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"


def backup_copy(db_path: Path, backup_dir: Path, reason: str) -> Path:
    """A consistent, checked copy through SQLite's online backup API (safe with WAL).

    Named like every backup (app/services/backup.py lists and rotates them by this name).
    """
    stamp = datetime.now().strftime(BACKUP_STAMP_FORMAT)
    target = backup_dir / f"{db_path.stem}-{reason}-{stamp}.sqlite3"
    return backup_database(db_path, target)


def alembic_config(db_path: Path):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.ALEMBIC_DIR))
    # ConfigParser interpolation: a literal "%" in the folder name must be doubled.
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}".replace("%", "%%"))
    return cfg


def upgrade_to_head(db_path: Path, backup_dir: Path) -> Path | None:
    """Upgrade if needed; return the pre-migration backup path (None for a new database)."""
    revision = current_revision(db_path)
    if revision == HEAD_REVISION:
        return None
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseTooNewError(revision)
    backup = backup_copy(db_path, backup_dir, "before-migration") if revision else None
    from alembic import command

    db_path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(db_path), "head")
    return backup
