"""Writing a file so that it is there whole or not at all, and stays there after a power cut.

Outside the layers (like app.paths): storage, reports, bundle and services all write files the
same way. A temporary file beside the target (same disk, so ``os.replace`` is a rename) is filled,
fsynced, renamed onto the target, and the folder is fsynced so the rename itself survives.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO


def unused_path(folder: Path, name: str, numbered: Callable[[int], str]) -> Path:
    """``folder / name``, or the first of ``numbered(2)``, ``numbered(3)``… not taken yet: a new
    file (a print, a certificate) never lands on an older one."""
    candidate, n = folder / name, 2
    while candidate.exists():
        candidate, n = folder / numbered(n), n + 1
    return candidate


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_write(target: Path, *, replace_existing: bool = True) -> Iterator[IO[bytes]]:
    """Yield a temporary binary file beside ``target``; on a clean exit it becomes ``target``.

    On any error (or an exception from the caller's block) the temporary file is removed and
    ``target`` is as it was. With ``replace_existing=False`` an existing target is never
    overwritten: FileExistsError instead.
    """
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    temp = Path(handle.name)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if not replace_existing and target.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
