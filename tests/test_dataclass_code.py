"""The dataclass code cache (app/dataclass_code.py): same classes, compiled once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.dataclass_code import DataclassCodeCache


def define(cache: DataclassCodeCache, monkeypatch: pytest.MonkeyPatch) -> type:
    monkeypatch.setattr(dataclasses, "exec", cache.exec, raising=False)

    @dataclasses.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0

    monkeypatch.delattr(dataclasses, "exec")
    return Point


def test_a_second_start_compiles_nothing_and_builds_the_same_class(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.bin"
    first = DataclassCodeCache(path)
    point = define(first, monkeypatch)
    assert first.compiled > 0
    first.save()
    assert path.exists()

    second = DataclassCodeCache(path)
    again = define(second, monkeypatch)
    assert second.compiled == 0 and second.used
    p = again(1)
    assert p == again(1, 0) and p != again(2) and hash(p) == hash(again(1))
    assert repr(p) == repr(point(1)).replace(point.__qualname__, again.__qualname__)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3  # type: ignore[misc]


@pytest.mark.parametrize("content", [b"", b"not marshal data", b"\x00\x00\r\n" + b"x" * 40])
def test_a_damaged_or_foreign_file_is_ignored(tmp_path: Path, content: bytes,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.bin"
    path.write_bytes(content)
    cache = DataclassCodeCache(path)
    assert cache.codes == {}
    assert define(cache, monkeypatch)(1).x == 1
    cache.save()  # rewritten whole
    assert DataclassCodeCache(path).codes


def test_a_folder_that_cannot_be_written_caches_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    cache = DataclassCodeCache(blocked / "sub" / "cache.bin")  # parent is a file
    define(cache, monkeypatch)
    cache.save()  # no exception
    assert cache.compiled > 0


def test_the_build_cache_covers_every_dataclass_of_the_gui_start(tmp_path: Path) -> None:
    """scripts/make_dataclass_cache.py (run by build_installer.spec) leaves nothing to compile:
    run again on its own output, the same start path compiles nothing."""
    import os
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "nested" / "dataclass-code.bin"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    counts = []
    for _ in range(2):
        made = subprocess.run([sys.executable, str(root / "scripts" / "make_dataclass_cache.py"),
                               str(out)], cwd=root, env=env, capture_output=True, text=True,
                              timeout=120)
        assert made.returncode == 0, made.stderr[-2000:]
        found = re.search(r"(\d+) methods, (\d+) compiled now", made.stdout)
        assert found, made.stdout
        counts.append((int(found[1]), int(found[2])))
    (used, first_compiled), again = counts
    assert used > 100 and first_compiled == used
    assert again == (used, 0)
