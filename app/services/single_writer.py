"""Only one copy of the program writes a data folder at a time.

A lock file ``khaosat.lock`` in the data folder is held with an operating-system lock
(``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) for as long as the workspace is
open. The OS drops the lock when the process ends, however it ends, so a crash or a power cut
never leaves a stale lock behind; the file itself may stay and means nothing on its own.

Within one process the lock is shared: opening the same folder twice (the CLI and a test, a
demo run then its window) counts references instead of locking the process out by itself.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

LOCK_FILENAME = "khaosat.lock"
# Windows locks are mandatory: the locked byte sits past the holder's note so that a second
# copy can still read who holds the folder.
_LOCK_OFFSET = 4096


class WorkspaceLockedError(Exception):
    """Another running copy of the program has this data folder open."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(f"{folder}: {holder}")
        self.folder = folder
        self.holder = holder  # "máy PC-MOTCUA, tiến trình 4242, từ 22/11/2026 08:01" or ""


def _try_os_lock(handle: IO[bytes]) -> bool:
    if os.name == "nt":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(handle: IO[bytes]) -> None:
    if os.name == "nt":
        import msvcrt

        handle.seek(_LOCK_OFFSET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _host_name() -> str:
    """This computer's name, as ``socket.gethostname()`` gives it, without importing socket
    (~16 M instructions of the start-up, benchmarks/bench_startup.py)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "?")  # Windows


def _holder_note(now: datetime) -> bytes:
    text = (f"máy {_host_name()}, tiến trình {os.getpid()}, "
            f"từ {now.strftime('%d/%m/%Y %H:%M')}")
    return text.encode("utf-8")[: _LOCK_OFFSET - 1]


def _read_holder(handle: IO[bytes]) -> str:
    try:
        handle.seek(0)
        return handle.read(_LOCK_OFFSET - 1).split(b"\0", 1)[0].decode("utf-8", "replace")
    except OSError:
        return ""


@dataclass
class _Held:
    handle: IO[bytes]
    count: int


_held: dict[Path, _Held] = {}
_held_guard = threading.Lock()


class WriterLock:
    """The right to write one data folder; ``release`` (or process exit) gives it up."""

    def __init__(self, key: Path) -> None:
        self._key: Path | None = key

    @classmethod
    def acquire(cls, data_dir: Path) -> WriterLock:
        """Take the folder's lock; raises WorkspaceLockedError, or OSError if it cannot write."""
        path = (data_dir / LOCK_FILENAME).resolve()
        with _held_guard:
            held = _held.get(path)
            if held is not None:
                held.count += 1
                return cls(path)
            handle = open(path, "a+b")  # noqa: SIM115 (held until release)
            if not _try_os_lock(handle):
                holder = _read_holder(handle)
                handle.close()
                raise WorkspaceLockedError(data_dir, holder)
            try:
                handle.seek(0)
                handle.truncate()
                handle.write(_holder_note(datetime.now()))
                handle.flush()
            except OSError:
                pass  # the note only helps the message of a second copy
            _held[path] = _Held(handle, 1)
            return cls(path)

    def release(self) -> None:
        if self._key is None:
            return
        with _held_guard:
            held = _held.get(self._key)
            if held is not None:
                held.count -= 1
                if held.count == 0:
                    del _held[self._key]
                    _os_unlock(held.handle)
                    held.handle.close()
        self._key = None


@contextlib.contextmanager
def writer_lock(data_dir: Path) -> Iterator[WriterLock]:
    lock = WriterLock.acquire(data_dir)
    try:
        yield lock
    finally:
        lock.release()
