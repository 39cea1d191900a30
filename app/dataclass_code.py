"""The methods ``@dataclass`` writes, compiled once and kept between starts (like a .pyc).

Each dataclass compiles the Python source of its ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` … when its module is imported; for the ~30 dataclasses on the
way to the keying screen that is about a tenth of the start-up (benchmarks/bench_startup.py).
The GUI start installs this cache (app/cli.py): ``dataclasses`` still builds every class
itself, only the compiling of a generated source text is looked up by that exact text (a
changed class is a different text, compiled afresh). Outside the layers, like app.paths.

The cache is written once the window is up (app/ui/app.py), next to the package's .pyc files;
where that folder cannot be written, or the file is from another Python, nothing is cached and
nothing else changes.
"""

from __future__ import annotations

import dataclasses
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType
from typing import Any

CACHE_FILE = (Path(__file__).resolve().parent / "__pycache__"
              / f"dataclass-code.{sys.implementation.cache_tag}.bin")


class DataclassCodeCache:
    """Stands in for ``exec`` inside the ``dataclasses`` module (see ``install``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.codes: dict[str, CodeType] = {}
        self.used: dict[str, CodeType] = {}
        self.compiled = 0  # texts not found in the file
        try:
            data = path.read_bytes()
        except OSError:
            return
        if not data.startswith(MAGIC_NUMBER):
            return  # another Python's bytecode
        try:
            codes = marshal.loads(data[len(MAGIC_NUMBER):])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(codes, dict):
            self.codes = {text: code for text, code in codes.items()
                          if isinstance(text, str) and isinstance(code, CodeType)}

    def exec(self, source: str, globals: dict[str, Any] | None = None,
             locals: dict[str, Any] | None = None) -> None:
        code = self.codes.get(source)
        if code is None:
            code = compile(source, "<string>", "exec")  # what exec() does with a text
            self.codes[source] = code
            self.compiled += 1
        self.used[source] = code
        exec(code, globals, locals)

    def save(self) -> None:
        """Keep what this run used, when something had to be compiled; never raises."""
        if not self.compiled:
            return
        from app.atomic_files import atomic_write

        try:
            self.path.parent.mkdir(exist_ok=True)
            with atomic_write(self.path) as out:
                out.write(MAGIC_NUMBER + marshal.dumps(self.used))
        except OSError:
            return  # a read-only installation: each start compiles, as without the cache
        self.compiled = 0


_installed: DataclassCodeCache | None = None


def install(path: Path = CACHE_FILE) -> DataclassCodeCache:
    """Route the compiling of dataclass methods through the cache (once per process)."""
    global _installed
    if _installed is None:
        _installed = DataclassCodeCache(path)
        # dataclasses looks ``exec`` up among its module globals before the builtins.
        dataclasses.exec = _installed.exec  # type: ignore[attr-defined]
    return _installed


def save() -> None:
    """Write the cache if ``install`` was called and this run compiled something."""
    if _installed is not None:
        _installed.save()
