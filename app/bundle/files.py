"""Writing a file so that it is either there whole or not there at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.atomic_files import atomic_write
from app.bundle.errors import BundleError


@contextlib.contextmanager
def new_file(target: Path) -> Iterator[IO[bytes]]:
    """Yield a temporary file beside ``target``; on a clean exit it becomes ``target``.

    Refuses (``file_exists``) when ``target`` already exists: nothing the user has is ever
    overwritten. Written through app.atomic_files (fsync, rename, folder fsync); on any error
    the temporary file is removed and ``target`` does not exist.
    """
    folder = target.parent
    if target.exists():
        raise BundleError("file_exists", path=str(target))
    if not folder.is_dir():
        raise BundleError("folder_missing", path=str(folder))
    try:
        with atomic_write(target, replace_existing=False) as handle:
            yield handle
    except FileExistsError:
        raise BundleError("file_exists", path=str(target)) from None
    except OSError as exc:
        raise BundleError("write_failed", path=str(target), reason=exc.strerror or "") from None


def write_new_file(target: Path, data: bytes) -> None:
    with new_file(target) as handle:
        handle.write(data)
