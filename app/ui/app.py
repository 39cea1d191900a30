"""Starting the desktop program: translators, the data folder, first run, who keys, the window.

Only what the first paint needs is done before the window is shown. The error handler's
dialog and log file, the backup status and the offer of a half-keyed form follow right after
the first paint (app/ui/startup.py), the daily backup a few seconds later; the wizard and the
other pages are imported when first used.
"""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from app import paths

if TYPE_CHECKING:
    from types import TracebackType

    from app.services.workspace import Workspace
    from app.ui.error_dialog import ExceptionHandler
    from app.ui.main_window import MainWindow

APP_NAME = "khaosat"
DAILY_BACKUP_DELAY_MS = 3000


def install_translators(app: QCoreApplication) -> list[QTranslator]:
    """Vietnamese for our strings and, when Qt ships it, for Qt's own (kept alive on the app)."""
    installed: list[QTranslator] = []
    ours = paths.TRANSLATIONS_DIR / "khaosat_vi.qm"
    if ours.exists():
        translator = QTranslator(app)
        if translator.load(str(ours)):
            app.installTranslator(translator)
            installed.append(translator)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load("qtbase_vi", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return installed


def make_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    from app.ui.style import apply_style

    apply_style(app)
    install_translators(app)
    return app


def _open_workspace(data_dir: Path):  # type: ignore[no-untyped-def]
    """The workspace, or None after telling the clerk (in words) why it cannot be opened."""
    from app.services.health import DatabaseDamagedError
    from app.services.single_writer import WorkspaceLockedError
    from app.services.workspace import Workspace
    from app.storage.migrations import DatabaseTooNewError, NotAKhaosatDatabaseError

    try:
        return Workspace.open(data_dir)
    except WorkspaceLockedError as exc:
        text = QCoreApplication.translate(
            "App", "The data in {folder} is already open in another copy of khaosat{holder}. "
            "Use that window, or close it and start again; nothing was changed.").format(
                folder=data_dir, holder=f" ({exc.holder})" if exc.holder else "")
    except DatabaseDamagedError as exc:
        from app.ui.backup_dialog import offer_restore_of_damaged

        if offer_restore_of_damaged(data_dir, exc.problems, exc.newest_good, None):
            return _open_workspace(data_dir)
        return None
    except DatabaseTooNewError:
        text = QCoreApplication.translate(
            "App", "The data in {folder} was written by a newer version of khaosat. "
            "Install that version; nothing was changed.").format(folder=data_dir)
    except NotAKhaosatDatabaseError:
        text = QCoreApplication.translate(
            "App", "The file in {folder} is not a khaosat database (or it is damaged). "
            "Nothing was changed; restore a backup or choose another folder.").format(
                folder=data_dir)
    except OSError as exc:
        text = QCoreApplication.translate(
            "App", "The folder {folder} cannot be used: {reason}").format(
                folder=data_dir, reason=exc.strerror or exc)
    from app.ui.messages import inform_error

    inform_error(None, QCoreApplication.translate("App", "Cannot open the data"), text,
                 QCoreApplication.translate("App", "Close"))
    return None


class EarlyErrorHook:
    """``sys.excepthook`` and ``threading.excepthook`` until the window is on screen.

    The full handler (app/ui/error_dialog: its dialog, the log file) costs about 15 ms to load,
    so start-up installs this one and loads the full handler after the first paint, or at
    once when an error comes first. Errors of other threads wait for it in ``pending``.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.handler: ExceptionHandler | None = None
        self.pending: list[threading.ExceptHookArgs] = []

    def install(self) -> None:
        sys.excepthook = self.main_thread_error
        threading.excepthook = self.pending.append

    def main_thread_error(self, exc_type: type[BaseException], exc: BaseException,
                          tb: TracebackType | None) -> None:
        self.full_handler().handle(exc_type, exc, tb)

    def full_handler(self) -> ExceptionHandler:
        """Install the full handler (on the GUI thread) and hand it the errors that waited."""
        if self.handler is None:
            from app.ui.error_dialog import install_exception_handler

            self.handler = install_exception_handler(self.data_dir)
            while self.pending:
                self.handler.handle_thread(self.pending.pop(0))
        return self.handler


def start_up_done() -> None:
    """Once the window is up: keep the dataclass code, collect garbage again (app/cli.py), on
    the GUI thread only (app/ui/main_thread_gc.py)."""
    from app import dataclass_code
    from app.ui.main_thread_gc import is_pinned, pin_collection_to_gui_thread

    dataclass_code.save()
    if is_pinned():
        return
    if not gc.isenabled():
        # The start-up's objects live as long as the program: later passes need not scan them.
        gc.freeze()
    app = QApplication.instance()
    if app is not None:
        pin_collection_to_gui_thread(app)


def start_window(ws: Workspace, operator: str, *, demo: bool = False,
                 errors: EarlyErrorHook | None = None) -> MainWindow:
    """Build and show the main window, ready for keying; the rest follows the first paint."""
    from app.ui.main_window import MainWindow
    from app.ui.startup import after_first_paint

    window = MainWindow(ws, operator, demo=demo)
    screen = QApplication.primaryScreen()
    if screen is not None:  # the full screen even where no window manager maximizes
        window.setGeometry(screen.availableGeometry())
    window.showMaximized()
    after_first_paint(window, *([errors.full_handler] if errors else []), start_up_done)
    # The daily backup a few seconds later, so it never delays the first keystrokes.
    QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window.daily_backup)
    return window


def run_gui(data_dir: Path, *, demo: bool = False) -> int:
    """Run the program on ``data_dir``; returns the process exit code."""
    app = make_application()
    errors = EarlyErrorHook(data_dir)
    errors.install()
    ws = _open_workspace(data_dir)
    if ws is None:
        return 2
    try:
        if ws.settings is None:
            from PySide6.QtWidgets import QDialog

            from app.ui.setup_wizard import SetupWizard

            start_up_done()  # the first run: the wizard comes first, and may take a while
            if SetupWizard(ws).exec() != QDialog.DialogCode.Accepted or ws.settings is None:
                return 0
        from app.ui.operator_dialog import ask_operator

        operator = ask_operator(ws)
        if operator is None:
            return 0
        window = start_window(ws, operator, demo=demo, errors=errors)
        code = app.exec()
        window.backup_at_exit()
        return code
    finally:
        ws.close()
