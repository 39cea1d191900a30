"""Migrations: an empty database upgraded to head matches the models; backups come first;
databases this program must not touch are refused unchanged."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from app import paths
from app.storage import migrations
from app.storage.engine import make_engine
from app.storage.migrations import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    DatabaseTooNewError,
    NotAKhaosatDatabaseError,
    alembic_config,
    backup_copy,
    current_revision,
    upgrade_to_head,
)
from app.storage.models import Base


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_upgraded_empty_database_matches_the_models(db_path: Path) -> None:
    engine = make_engine(db_path)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True})
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_head_revision_is_alembic_head(tmp_path: Path) -> None:
    script = ScriptDirectory.from_config(alembic_config(tmp_path / "x.sqlite3"))
    assert script.get_current_head() == HEAD_REVISION
    assert set(KNOWN_REVISIONS) == {r.revision for r in script.walk_revisions()}


def test_new_database_is_stamped_at_head_without_backup(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite3"
    assert current_revision(db) is None
    assert upgrade_to_head(db, tmp_path / "backups") is None
    assert current_revision(db) == HEAD_REVISION
    assert not (tmp_path / "backups").exists()


def test_database_at_head_is_left_alone(db_path: Path, tmp_path: Path) -> None:
    before = digest(db_path)
    assert upgrade_to_head(db_path, tmp_path / "backups") is None
    assert digest(db_path) == before
    assert not (tmp_path / "backups").exists()


def test_triggers_survive_migration(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    conn.close()
    assert names == {"audit_log_no_update", "audit_log_no_delete"}


def test_downgrade_to_base_and_up_again(db_path: Path) -> None:
    command.downgrade(alembic_config(db_path), "base")
    assert current_revision(db_path) is None
    command.upgrade(alembic_config(db_path), "head")
    assert current_revision(db_path) == HEAD_REVISION


@pytest.mark.parametrize("folder", ["Dữ liệu 2026", "Phòng #2", "100% xong", "a?b"])
def test_folder_names_that_look_like_url_syntax(tmp_path: Path, folder: str) -> None:
    db = tmp_path / folder / "khaosat.sqlite3"
    db.parent.mkdir()
    upgrade_to_head(db, tmp_path / "backups")
    assert current_revision(db) == HEAD_REVISION
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]  # nothing stray beside it


# -- backup before migrating ---------------------------------------------------------------

SECOND_REVISION = '''
"""A later schema used only by the test.

Revision ID: 0099_probe
Revises: {head}
"""
import sqlalchemy as sa
from alembic import op

revision = "0099_probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("probe")
'''


def test_older_database_is_backed_up_before_upgrade(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend this program is one release ahead: a copy of db/ with a second revision.
    alembic_dir = tmp_path / "db"
    shutil.copytree(paths.ALEMBIC_DIR, alembic_dir,
                    ignore=shutil.ignore_patterns("__pycache__"))
    # The probe follows whatever the real head is, so this test survives every new revision.
    (alembic_dir / "versions" / "0099_probe.py").write_text(
        SECOND_REVISION.replace("{head}", HEAD_REVISION), encoding="utf-8")
    monkeypatch.setattr(paths, "ALEMBIC_DIR", alembic_dir)
    monkeypatch.setattr(migrations, "HEAD_REVISION", "0099_probe")
    monkeypatch.setattr(migrations, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "0099_probe"))

    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO settings VALUES ('marker', '\"giữ nguyên\"')")
    conn.close()

    backup = upgrade_to_head(db_path, tmp_path / "backups")

    assert backup is not None and backup.parent == tmp_path / "backups"
    assert "before-migration" in backup.name
    assert revision_of(backup) == HEAD_REVISION
    assert revision_of(db_path) == "0099_probe"
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT value FROM settings WHERE key='marker'").fetchone() == (
        '"giữ nguyên"',)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_backup_copy_includes_commits_still_in_the_wal(db_path: Path, tmp_path: Path) -> None:
    engine = make_engine(db_path)
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO settings VALUES ('k', '1')")
    # The engine is still open, so the commit may sit in the -wal file, not the main file.
    target = backup_copy(db_path, tmp_path / "bk", "manual")
    engine.dispose()
    assert target.exists() and target.parent == tmp_path / "bk"
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT value FROM settings WHERE key='k'").fetchone() == ("1",)
    copy.close()
    assert current_revision(target) == HEAD_REVISION


def test_two_backups_in_a_row_do_not_overwrite(db_path: Path, tmp_path: Path) -> None:
    a = backup_copy(db_path, tmp_path / "bk", "manual")
    b = backup_copy(db_path, tmp_path / "bk", "manual")
    assert a != b and a.exists() and b.exists()


# -- databases this program must refuse, unchanged ----------------------------------------------


def test_database_from_a_newer_program_is_refused_unchanged(db_path: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(db_path)
    with pytest.raises(DatabaseTooNewError) as info:
        upgrade_to_head(db_path, tmp_path / "backups")
    assert info.value.revision == "0099_future"
    assert digest(db_path) == before
    assert revision_of(db_path) == "0099_future"


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Nguyễn Văn A')")
    conn.close()
    before = digest(other)
    with pytest.raises(NotAKhaosatDatabaseError):
        upgrade_to_head(other, tmp_path / "backups")
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite3"]


def test_file_that_is_not_sqlite_is_refused_unchanged(tmp_path: Path) -> None:
    junk = tmp_path / "khaosat.sqlite3"
    junk.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 100)
    before = digest(junk)
    with pytest.raises(NotAKhaosatDatabaseError):
        upgrade_to_head(junk, tmp_path / "backups")
    assert digest(junk) == before


def test_empty_file_is_a_new_database(tmp_path: Path) -> None:
    empty = tmp_path / "khaosat.sqlite3"
    empty.touch()
    assert current_revision(empty) is None
    upgrade_to_head(empty, tmp_path / "backups")
    assert current_revision(empty) == HEAD_REVISION
