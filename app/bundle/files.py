"""Writing a file so that it is either there whole or not there at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.bundle.errors import BundleError


def _fsync_folder(folder: Path) -> None:
    # A folder cannot be opened for fsync on Windows; the rename is durable there anyway.
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def new_file(target: Path) -> Iterator[IO[bytes]]:
    """Yield a temporary file beside ``target``; on a clean exit it becomes ``target``.

    Refuses (``file_exists``) when ``target`` already exists: nothing the user has is ever
    overwritten. The content is fsynced before the rename and the folder after it; on any
    error the temporary file is removed and ``target`` does not exist.
    """
    folder = target.parent
    if target.exists():
        raise BundleError("file_exists", path=str(target))
    if not folder.is_dir():
        raise BundleError("folder_missing", path=str(folder))
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
            dir=folder, prefix=f".{target.name}.", suffix=".tmp", delete=False)
    except OSError as exc:
        raise BundleError("write_failed", path=str(target), reason=exc.strerror or "") from None
    temp = Path(handle.name)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            raise BundleError("file_exists", path=str(target))
        os.replace(temp, target)
        _fsync_folder(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise BundleError("write_failed", path=str(target), reason=exc.strerror or "") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_new_file(target: Path, data: bytes) -> None:
    with new_file(target) as handle:
        handle.write(data)
