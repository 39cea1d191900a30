"""The program's log file and the record of unexpected errors (the non-Qt half of the handler).

``<data dir>/logs/khaosat.log``, rotated at 1 MB, five old files kept. An unexpected error is
written there with its traceback and an incident number the clerk can read out to IT support;
the dialog (app/ui/error_dialog.py) shows the number and the path, never the traceback.
When the data folder cannot be written (read-only, disk full) the log goes to the temporary
folder instead, so reporting an error never raises another one.
"""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from app.services.faults import fault_code

LOGGER_NAME = "khaosat"
LOG_SUBDIR = "logs"
LOG_FILENAME = "khaosat.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

log = logging.getLogger(LOGGER_NAME)


@dataclass(frozen=True)
class Incident:
    number: str  # "20261122-093012": the time, easy to read out on the phone
    fault: str | None  # a code of app.services.faults, or None for a programming error
    log_path: Path | None  # where the details are (None if no log file could be opened)
    summary: str  # the exception's type and message, one line, for the log and IT


_current_log: Path | None = None


def log_path() -> Path | None:
    return _current_log


def setup_logging(data_dir: Path) -> Path | None:
    """Send the ``khaosat`` logger to ``<data dir>/logs/khaosat.log`` (rotating).

    Returns the file in use; falls back to the temporary folder, or to no file at all.
    Calling it again for another folder moves the log there.
    """
    global _current_log
    for handler in list(log.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()
    log.setLevel(logging.INFO)
    for folder in (data_dir / LOG_SUBDIR, Path(tempfile.gettempdir()) / "khaosat-logs"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(
                folder / LOG_FILENAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT,
                encoding="utf-8")
        except OSError:
            continue
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        _current_log = folder / LOG_FILENAME
        return _current_log
    _current_log = None
    return None


def record_unexpected(exc_type: type[BaseException], exc: BaseException,
                      tb: TracebackType | None, *, now: datetime | None = None) -> Incident:
    """Log an unexpected error with its traceback; never raises."""
    moment = now or datetime.now()
    number = moment.strftime("%Y%m%d-%H%M%S")
    summary = f"{exc_type.__name__}: {exc}".replace("\n", " ")[:500]
    code = fault_code(exc)
    try:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error %s (%s)\n%s", number, code or "program error", details)
        for handler in log.handlers:
            handler.flush()
    except Exception:  # the report of an error must not become another error
        pass
    return Incident(number, code, _current_log, summary)
