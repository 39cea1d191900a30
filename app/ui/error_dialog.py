"""The application-wide handler of unexpected errors and the dialog a clerk sees.

Every exception that reaches the event loop (a slot, a timer, a worker thread) is logged with
its traceback (app/services/errorlog.py) and explained in Vietnamese: what happened, that the
data is kept, and what to do. Nothing is closed: the window and the form on screen stay as
they were, so after freeing disk space or closing the other program the clerk presses Ctrl+S
again. Disk and database troubles get their own sentence (app/services/faults.py).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.services import faults
from app.services.errorlog import Incident, record_unexpected, setup_logging
from app.ui.style import set_bold


class ErrorDialog(QDialog):
    def __init__(self, incident: Incident, data_dir: Path | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.incident = incident
        self.setWindowTitle(self.tr("khaosat: something went wrong"))
        headline = QLabel(self.headline(), self)
        headline.setObjectName("errorHeadline")
        headline.setWordWrap(True)
        set_bold(headline)
        advice = QLabel(self.advice(data_dir), self)
        advice.setObjectName("errorAdvice")
        advice.setWordWrap(True)
        advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = (str(incident.log_path) if incident.log_path is not None
                 else self.tr("(no log file could be written)"))
        details = QLabel(self.tr("Incident {number}. Details for IT support are in {log}.")
                         .format(number=incident.number, log=where), self)
        details.setObjectName("errorDetails")
        details.setWordWrap(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton(self.tr("Back to work"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (headline, advice, details, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 70)

    def headline(self) -> str:
        headlines = {
            faults.DISK_FULL: self.tr("The disk is full: the last change was not saved."),
            faults.READ_ONLY: self.tr("The program may not write to the data folder: the last "
                                      "change was not saved."),
            faults.DATABASE_LOCKED: self.tr("The database is busy: another program is writing "
                                            "to it."),
            faults.DEVICE_GONE: self.tr("A drive or folder the program uses can no longer be "
                                        "reached."),
            faults.DATABASE_DAMAGED: self.tr("The database reported damage."),
            faults.IO_ERROR: self.tr("The disk reported a read or write error."),
        }
        return headlines.get(self.incident.fault or "",
                             self.tr("Something unexpected went wrong in the program."))

    def advice(self, data_dir: Path | None) -> str:
        kept = self.tr("Every form already saved is kept, and the form on the screen stays "
                       "as it is.")
        todos = {
            faults.DISK_FULL: self.tr(
                "Free some space on the disk (empty the Recycle Bin, delete large files you do "
                "not need), then save again with Ctrl+S."),
            faults.READ_ONLY: self.tr(
                "Ask IT support to allow writing to {folder}, then save again with Ctrl+S."
            ).format(folder=data_dir or ""),
            faults.DATABASE_LOCKED: self.tr(
                "Close the other program (a second khaosat, a backup or copy tool), wait a "
                "moment, then save again with Ctrl+S."),
            faults.DEVICE_GONE: self.tr(
                "Plug the USB drive back in or reconnect the network folder, then try again."),
            faults.DATABASE_DAMAGED: self.tr(
                "Close the program and open it again: it checks the data at start and offers "
                "the newest good backup. Nothing is deleted."),
            faults.IO_ERROR: self.tr(
                "Try again. If it happens again, close the program and call IT support: the "
                "disk may be failing."),
        }
        todo = todos.get(self.incident.fault or "", self.tr(
            "You can go on working. If it happens again, close and reopen the program and send "
            "the log file below to IT support."))
        return f"{kept} {todo}"


Presenter = Callable[[Incident], None]


class ExceptionHandler(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook``; shows one dialog at a time.

    Errors from other threads are carried to the GUI thread by a queued signal.
    """

    incidentRaised = Signal(object)

    def __init__(self, data_dir: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.incidents: list[Incident] = []
        self._showing = False
        self.incidentRaised.connect(self._present, Qt.ConnectionType.QueuedConnection)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        incident = record_unexpected(exc_type, exc, tb)
        self.incidents.append(incident)
        if threading.current_thread() is threading.main_thread():
            self._present(incident)
        else:
            self.incidentRaised.emit(incident)

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _present(self, incident: Incident) -> None:
        if self._showing:  # an error while the dialog is up: logged, not stacked
            return
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            ErrorDialog(incident, self.data_dir, parent).exec()
        except Exception:  # never let the report of an error crash the program
            pass
        finally:
            self._showing = False


def install_exception_handler(data_dir: Path | None) -> ExceptionHandler:
    """Log to ``<data dir>/logs/khaosat.log`` and show every unexpected error as a dialog."""
    if data_dir is not None:
        setup_logging(data_dir)
    handler = ExceptionHandler(data_dir, QApplication.instance())
    sys.excepthook = handler.handle
    threading.excepthook = handler.handle_thread
    return handler
