"""Starting the desktop program: translators, the data folder, first run, who keys, the window.

Only what the first paint needs is imported up front; the wizard and other pages come later.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QDialog

from app import paths

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


def run_gui(data_dir: Path, *, demo: bool = False) -> int:
    """Run the program on ``data_dir``; returns the process exit code."""
    app = make_application()
    from app.ui.error_dialog import install_exception_handler

    install_exception_handler(data_dir)
    ws = _open_workspace(data_dir)
    if ws is None:
        return 2
    try:
        if ws.settings is None:
            from app.ui.setup_wizard import SetupWizard

            if SetupWizard(ws).exec() != QDialog.DialogCode.Accepted or ws.settings is None:
                return 0
        from app.ui.operator_dialog import ask_operator

        operator = ask_operator(ws)
        if operator is None:
            return 0
        from app.ui.main_window import MainWindow

        window = MainWindow(ws, operator, demo=demo)
        screen = app.primaryScreen()
        if screen is not None:  # the full screen even where no window manager maximizes
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        # The daily backup once the window is up, so it never delays the first keystroke.
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, window.daily_backup)
        code = app.exec()
        window.backup_at_exit()
        return code
    finally:
        ws.close()
