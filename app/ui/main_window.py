"""The main window: the keying page (or the list of forms) on the left, the tally on the right.

Every command is a named ``QAction`` with a shortcut, shared by the toolbar, tests and the help.
Pages and dialogs not needed for the first paint are imported when first used, so the window is
ready for keying about as fast as a bare window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.domain.forms import FormRecord
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui.early_qt import NO_FOCUS, TOOL_BUTTON_TEXT_ONLY
from app.ui.keying_page import KeyingPage
from app.ui.startup import after_first_paint
from app.ui.style import WARNING, set_bold, set_text_colour
from app.ui.tally_panel import TallyPanel

if TYPE_CHECKING:  # annotations only: naming an event class makes PySide build it (early_qt)
    from PySide6.QtGui import QCloseEvent, QShowEvent


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, operator: str, *, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ws = ws
        self.operator = operator
        self.demo = demo
        self.service = KeyingService(ws, operator)
        self._forms_page = None
        self._draft_offered = False
        self._backup_shown = False  # the backup status waits for the first paint

        # Offered once the window is up, if still the same then (see _offer_draft).
        self._draft_at_start = self.service.pending_draft()
        self.keying_page = KeyingPage(self.service, self)
        self.tally_panel = TallyPanel(self.service, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.keying_page)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.stack, 1)
        rule = QFrame(central)
        rule.setFrameShape(QFrame.Shape.VLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        set_text_colour(rule, "#c9d2dc")
        row.addWidget(rule)
        row.addWidget(self.tally_panel)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_toolbar()
        self.backup_label = QLabel(self)
        self.backup_label.setObjectName("backupLabel")
        self.backup_label.setContentsMargins(0, 0, 24, 0)  # apart from the operator's name
        self.statusBar().addPermanentWidget(self.backup_label)
        self.operator_label = QLabel(self)
        self.operator_label.setObjectName("operatorLabel")
        self.statusBar().addPermanentWidget(self.operator_label)
        if demo:
            demo_label = QLabel(self.tr("SAMPLE DATA — not a real unit"), self)
            set_text_colour(demo_label, WARNING)
            set_bold(demo_label)
            self.statusBar().addWidget(demo_label)
        self._update_labels()

        self.keying_page.formSaved.connect(self._form_saved)
        self.setMinimumSize(1024, 640)
        # Moving the page into the stack took the keyboard focus from its serial field; without
        # this the grid (first in the focus chain) would have it when the window first shows.
        self.keying_page.focus_current()

    # -- commands ----------------------------------------------------------------------------
    def _action(self, name: str, text: str, shortcut: str, slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(self)  # (text, parent) would make PySide build QIcon's enums at start
        action.setText(text)
        action.setObjectName(name)
        # The shortcut as a string property, which Qt converts: setShortcut's overloads need
        # Qt's namespace, and a QKeySequence makes PySide build that class (app/ui/early_qt.py).
        # The context is Qt's default, WindowShortcut. Windows writes shortcuts as we do here.
        if shortcut:
            action.setProperty("shortcut", shortcut)
        action.setToolTip(f"{text} ({shortcut})" if shortcut else text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        self.action_keying = self._action("action_keying", self.tr("Key forms"), "F2",
                                          self.show_keying)
        self.action_forms = self._action("action_forms", self.tr("List of forms"), "F3",
                                         self.show_forms)
        # Pages and dialogs of later capabilities: each lives in its own module under app/ui,
        # imported on first use (see the methods below).
        self.action_missing = self._action("action_missing", self.tr("Forms not keyed"), "F4",
                                           self.show_missing)
        self.action_reports = self._action("action_reports", self.tr("Reports"), "F5",
                                           self.show_reports)
        self.action_print = self._action("action_print", self.tr("Print blank forms"), "Ctrl+P",
                                         self.open_print_dialog)
        self.action_import = self._action("action_import", self.tr("Import forms from a file…"),
                                          "Ctrl+I", self.open_import_dialog)
        self.action_export = self._action("action_export",
                                          self.tr("Export the signed bundle for iOffice…"),
                                          "Ctrl+E", self.open_export_dialog)
        self.action_verify = self._action("action_verify", self.tr("Verify a received bundle…"),
                                          "Ctrl+Shift+V", self.open_verify_dialog)
        self.action_backup = self._action("action_backup", self.tr("Back up now"), "Ctrl+B",
                                          self.backup_now)
        self.action_restore = self._action("action_restore", self.tr("Restore from a backup…"),
                                           "", self.open_restore_dialog)
        self.action_settings = self._action("action_settings", self.tr("Settings"), "Ctrl+,",
                                            self.open_settings)
        self.action_help = self._action("action_help", self.tr("Keys help"), "F1",
                                        self.show_help)
        self.action_quit = self._action("action_quit", self.tr("Quit"), "Ctrl+Q", self.close)
        pages = QActionGroup(self)
        for action in (self.action_keying, self.action_forms, self.action_missing,
                       self.action_reports):
            action.setCheckable(True)
            pages.addAction(action)
        self.action_keying.setChecked(True)

    def _make_toolbar(self) -> None:
        bar = QToolBar(self.tr("Commands"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setProperty("toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)  # not Qt yet: early_qt
        bar.setProperty("focusPolicy", NO_FOCUS)
        bar.addAction(self.action_keying)
        bar.addAction(self.action_forms)
        bar.addAction(self.action_missing)
        bar.addAction(self.action_print)
        bar.addAction(self.action_reports)
        bar.addAction(self._separator())
        bar.addAction(self.action_settings)
        bar.addAction(self.action_help)
        bar.addAction(self._separator())
        bar.addAction(self.action_quit)  # toolbar buttons take no focus: keys stay in the form
        self.addToolBar(bar)  # at the top
        self.toolbar = bar
        data_menu = self.menuBar().addMenu(self.tr("&Data"))
        data_menu.setObjectName("dataMenu")
        for action in (self.action_import, None, self.action_export, self.action_verify, None,
                       self.action_backup, self.action_restore, None, self.action_quit):
            data_menu.addAction(action or self._separator())

    def _separator(self) -> QAction:
        """A separator of our own: ``addSeparator()`` returns one, and PySide works out its
        class by building QAction's subclasses (~2 M instructions at start-up, early_qt)."""
        separator = QAction(self)
        separator.setSeparator(True)
        return separator

    # -- pages -------------------------------------------------------------------------------
    def show_keying(self) -> None:
        self.action_keying.setChecked(True)
        self.stack.setCurrentWidget(self.keying_page)
        self.keying_page.focus_current()

    def forms_page(self):  # type: ignore[no-untyped-def]
        """The list of forms, built on first use (it is not needed for the first paint)."""
        if self._forms_page is None:
            from app.ui.forms_page import FormsPage

            page = FormsPage(self.ws, self.operator, self)
            page.correctRequested.connect(self.correct_form)
            page.formsChanged.connect(self.tally_panel.refresh)
            self.stack.addWidget(page)
            self._forms_page = page
        return self._forms_page

    def show_forms(self) -> None:
        page = self.forms_page()
        self.keying_page.flush_draft()
        page.refresh()
        self.action_forms.setChecked(True)
        self.stack.setCurrentWidget(page)
        page.focus_search()

    def _lazy_page(self, attribute: str, build):  # type: ignore[no-untyped-def]
        """A page of the stack, built on first use by ``build()`` and kept."""
        page = getattr(self, attribute, None)
        if page is None:
            page = build()
            self.stack.addWidget(page)
            setattr(self, attribute, page)
        return page

    def show_missing(self) -> None:
        """Issued serials not keyed yet ("Phiếu chưa nhập"), with spoiling (app/ui/missing_page)."""
        from app.ui.missing_page import MissingPage

        page = self._lazy_page("_missing_page", lambda: MissingPage(self.ws, self.operator, self))
        self.keying_page.flush_draft()
        page.refresh()
        self.action_missing.setChecked(True)
        self.stack.setCurrentWidget(page)
        page.setFocus()

    def show_reports(self) -> None:
        """Quarterly and yearly reports (app/ui/report_page)."""
        from app.ui.report_page import ReportPage

        page = self._lazy_page("_report_page", lambda: ReportPage(self.ws, self.operator, self))
        self.keying_page.flush_draft()
        page.refresh()
        self.action_reports.setChecked(True)
        self.stack.setCurrentWidget(page)
        page.setFocus()

    def open_print_dialog(self) -> None:
        from app.ui.print_dialog import PrintDialog

        self.keying_page.flush_draft()
        PrintDialog(self.ws, self.operator, self).exec()
        self.refresh_all()

    def open_import_dialog(self) -> None:
        from app.ui.import_dialog import ImportDialog

        self.keying_page.flush_draft()
        ImportDialog(self.ws, self.operator, self).exec()
        self.refresh_all()

    def open_export_dialog(self) -> None:
        """Sign and export a period's bundle, with the export history (app/ui/export_dialog)."""
        from app.ui.export_dialog import ExportDialog

        self.keying_page.flush_draft()
        ExportDialog(self.ws, self.operator, self).exec()
        self.refresh_all()

    def open_verify_dialog(self) -> None:
        """Check a bundle received from a unit (app/ui/verify_dialog); changes no data."""
        from app.ui.verify_dialog import VerifyDialog

        VerifyDialog(self).exec()
        self._refocus()

    def backup_now(self) -> None:
        from app.ui.backup_dialog import backup_now

        self.keying_page.flush_draft()
        backup_now(self.ws, self)
        self._update_labels()
        self._refocus()

    def daily_backup(self) -> None:
        """At start (app/ui/app.py): a backup if none was made today; a failure is said, the
        window stays as it is."""
        from app.ui.backup_dialog import automatic_backup

        self.keying_page.flush_draft()
        automatic_backup(self.ws, self, daily=True)
        self._update_labels()

    def backup_at_exit(self) -> None:
        from app.ui.backup_dialog import automatic_backup

        automatic_backup(self.ws, self, daily=False)

    def open_restore_dialog(self) -> None:
        from app.ui.backup_dialog import RestoreDialog

        self.keying_page.flush_draft()
        RestoreDialog(self.ws, self.operator, self).exec()
        self.refresh_all()

    def correct_form(self, form_id: int) -> None:
        self.show_keying()
        self.keying_page.load_for_correction(form_id)

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        self.keying_page.flush_draft()
        SettingsDialog(self.ws, self.operator, self).exec()
        self.refresh_all()

    def show_help(self) -> None:
        from app.ui.help_dialog import HelpDialog

        HelpDialog(self).exec()
        self._refocus()

    def refresh_all(self) -> None:
        """After settings or forms changed elsewhere: title, questionnaire, tally, list."""
        self._update_labels()
        self.keying_page.refresh_questionnaire()
        self.tally_panel.refresh()
        current = self.stack.currentWidget()
        if current is not self.keying_page and hasattr(current, "refresh"):
            current.refresh()  # the list, missing serials or report shown now
        self._refocus()

    def _refocus(self) -> None:
        if self.stack.currentWidget() is self.keying_page:
            self.keying_page.focus_current()

    def _form_saved(self, record: FormRecord) -> None:
        self.tally_panel.refresh()
        self.tally_panel.show_saved(record)

    def _update_labels(self) -> None:
        settings = self.ws.settings
        unit = settings.unit_name if settings else ""
        year = settings.year if settings else ""
        title = self.tr("khaosat · {unit} · year {year}").format(unit=unit, year=year)
        if self.demo:
            title += self.tr(" · SAMPLE DATA")
        self.setWindowTitle(title)
        self.operator_label.setText(self.tr("Keyed by: {name}").format(name=self.operator))
        if self._backup_shown:
            self._update_backup_label()

    def _update_backup_label(self) -> None:
        from app.services.backup import last_backup_time

        self._backup_shown = True
        last = last_backup_time(self.ws.data_dir)
        self.backup_label.setText(
            self.tr("Last backup: {when}").format(when=last.strftime("%d/%m/%Y %H:%M"))
            if last is not None else self.tr("Last backup: none yet (Ctrl+B)"))

    # -- window ------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._draft_offered:
            self._draft_offered = True
            # After the first paint: first what the paint did without (app/ui/early_qt.py),
            # so PySide builds its Qt namespace before the clerk's first key press rather than
            # at it; the backup status reads the backup folder, and the offer of a half-keyed
            # form appears over a visible window.
            after_first_paint(self, self.keying_page.finish_start, self._update_backup_label,
                              self._offer_draft)

    def _offer_draft(self) -> None:
        left, self._draft_at_start = self._draft_at_start, None
        # Only what the last run left: once keying has begun here the draft is this run's own.
        if left is None or self.service.pending_draft() != left:
            return
        self.keying_page.offer_pending_draft()
        self.keying_page.focus_current()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.keying_page.flush_draft()
        super().closeEvent(event)
