"""A free name for a new file (app/atomic_files.unused_path)."""

from __future__ import annotations

from pathlib import Path

from app.atomic_files import unused_path


def test_the_plain_name_then_the_first_number_not_taken(tmp_path: Path) -> None:
    def numbered(n: int) -> str:
        return f"in ({n}).pdf"

    assert unused_path(tmp_path, "in.pdf", numbered) == tmp_path / "in.pdf"
    (tmp_path / "in.pdf").write_bytes(b"old")
    (tmp_path / "in (2).pdf").write_bytes(b"old")
    assert unused_path(tmp_path, "in.pdf", numbered) == tmp_path / "in (3).pdf"
    assert (tmp_path / "in.pdf").read_bytes() == b"old"  # looked at, never touched
