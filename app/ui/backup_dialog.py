"""Back up now (Ctrl+B), restore from a backup (Data menu), and the offer of the newest good
backup when the start-up check finds the database damaged.

Everything here calls app/services/backup.py; this module only asks and tells, in words.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Issue
from app.services import backup as backups
from app.services.backup import BackupError, BackupInfo
from app.services.errorlog import log
from app.services.workspace import Workspace
from app.ui.messages import confirm, inform_error
from app.ui.settings_form import ErrorLabel

translate = QCoreApplication.translate


def when_text(moment: object) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if hasattr(moment, "strftime") else ""


def count_text(n: int | None) -> str:
    return "?" if n is None else f"{n:,}".replace(",", ".")


def reason_text(reason: str) -> str:
    names = {
        "manual": translate("Backup", "backed up by hand"),
        "daily": translate("Backup", "daily"),
        "exit": translate("Backup", "at exit"),
        "before-migration": translate("Backup", "before an upgrade"),
        "before-import": translate("Backup", "before an import"),
        "before-restore": translate("Backup", "before a restore"),
    }
    return names.get(reason, reason)


def status_text(info: BackupInfo) -> str:
    if info.status == backups.OK:
        return translate("Backup", "good")
    if info.status == backups.DAMAGED:
        return translate("Backup", "DAMAGED")
    if info.status == backups.NOT_KHAOSAT:
        return translate("Backup", "not khaosat data")
    if info.status == backups.TOO_NEW:
        return translate("Backup", "from a newer version")
    return translate("Backup", "not checked")


def _issue_templates() -> dict[str, str]:
    return {
        "backup_disk_full": translate(
            "Backup",
            "The disk holding {folder} is full. Delete files you do not need, then back up "
            "again."),
        "backup_read_only": translate(
            "Backup",
            "The program may not write to {folder} ({reason}). Choose another folder or ask "
            "IT support for permission."),
        "backup_device_gone": translate(
            "Backup",
            "{folder} cannot be reached ({reason}): was the USB drive or network folder "
            "removed? Plug it back in and back up again."),
        "backup_database_locked": translate(
            "Backup",
            "The database is busy (another program is writing). Wait a moment and try "
            "again."),
        "backup_check_failed": translate(
            "Backup",
            "The backup written to {folder} failed its check ({problem}) and was discarded. "
            "The data may be damaged: call IT support."),
        "mirror_missing": translate(
            "Backup",
            "The second backup location {folder} was not found (USB drive not plugged in?). "
            "The main backup is complete."),
        "mirror_failed": translate(
            "Backup",
            "Copying to the second location {folder} failed ({reason}); the partial copy was "
            "removed. The main backup is complete."),
        "restore_missing": translate("Backup", "The file {file} does not exist."),
        "restore_damaged": translate(
            "Backup",
            "The file {file} is damaged ({problem}); it cannot be restored."),
        "restore_not_khaosat": translate("Backup", "The file {file} is not khaosat data."),
        "restore_too_new": translate(
            "Backup",
            "The file {file} was written by a newer version of khaosat: install that version "
            "first."),
    }


def issue_text(issue: Issue) -> str:
    """A backup or restore refusal as a sentence that says what to do."""
    template = _issue_templates().get(issue.code) or translate(
        "Backup",
        "The disk reported an error at {folder}: {reason}. Try again or choose another "
        "place.")
    return template.format_map(defaultdict(str, {k: str(v) for k, v in issue.params.items()}))


def _wait_cursor() -> None:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)


def _normal_cursor() -> None:
    QGuiApplication.restoreOverrideCursor()


def _inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    box.addButton(translate("Backup", "OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def _refused(parent: QWidget | None, title: str, issue: Issue) -> None:
    unchanged = translate("Backup", "The data itself is unchanged.")
    inform_error(parent, title, f"{issue_text(issue)} {unchanged}", translate("Backup", "Close"))


def backup_now(ws: Workspace, parent: QWidget | None) -> BackupInfo | None:
    """Ctrl+B: back up, then say where the checked copy is (or why there is none)."""
    _wait_cursor()
    try:
        info = backups.backup_now(ws)
    except BackupError as exc:
        _normal_cursor()
        _refused(parent, translate("Backup", "Backup failed"), exc.issue)
        return None
    _normal_cursor()
    lines = [translate("Backup", "Backup made and checked: {file}").format(file=info.path)]
    if info.mirror_path is not None:
        lines.append(translate("Backup", "Also copied to {file}").format(file=info.mirror_path))
    if info.mirror_issue is not None:
        lines.append(issue_text(info.mirror_issue))
    _inform(parent, translate("Backup", "Backup"), "\n\n".join(lines))
    return info


class RestoreDialog(QDialog):
    """The backups with their dates and checks; restore one (or a chosen file) after asking."""

    COLUMNS = 5

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.ws = ws
        self.operator = operator
        self.restored: BackupInfo | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        intro = QLabel(self.tr(
            "Restoring puts the data back as it was when the backup was made. The current "
            "data is backed up first, so nothing is lost."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Made at"), self.tr("Kind"), self.tr("Forms"), self.tr("Size"),
            self.tr("Check")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.message = ErrorLabel(self)
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton(self.tr("&Restore the selected backup…"), self)
        self.restore_button.setObjectName("restoreButton")
        self.file_button = QPushButton(self.tr("Choose another &file…"), self)
        close = QPushButton(self.tr("Close"), self)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self.choose_file)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 95,
                    self.fontMetrics().height() * 24)
        self.backups: list[BackupInfo] = []
        self.reload()

    def reload(self) -> None:
        _wait_cursor()
        try:
            self.backups = backups.list_backups(self.ws)
        finally:
            _normal_cursor()
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            cells = (when_text(info.created_at), reason_text(info.reason), count_text(info.forms),
                     backups.format_size(info.size), status_text(info))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(str(info.path))
                self.table.setItem(row, column, item)
        good = [i for i, info in enumerate(self.backups) if info.ok]
        if good:
            self.table.selectRow(good[0])
        elif not self.backups:
            self.message.set_message(self.tr("There is no backup yet. Make one with Ctrl+B."))
        self._selection_changed()
        self.table.setFocus()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.ok)
        if info is not None and not info.ok:
            detail = f" ({info.problems[0]})" if info.problems else ""
            self.message.set_message(self.tr("This backup cannot be restored: {why}.").format(
                why=status_text(info) + detail))
        elif self.backups:
            self.message.set_message("")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is not None and info.ok:
            self.restore_file(info.path)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup file"), str(self.ws.backup_dir),
            self.tr("khaosat backups (*.sqlite3);;All files (*)"))
        if name:
            self.restore_file(Path(name))

    def restore_file(self, file: Path) -> bool:
        try:
            info = backups.check_restorable(file)
        except BackupError as exc:
            self.message.set_message(issue_text(exc.issue))
            return False
        question = self.tr(
            "Restore the data as it was on {when} ({forms} forms)? Forms keyed or changed after "
            "that time will not be in the data you work with; the current data is backed up "
            "first and can be restored again.").format(when=when_text(info.created_at),
                                                       forms=count_text(info.forms))
        if not confirm(self, self.tr("Restore from a backup"), question,
                       self.tr("Restore"), self.tr("Cancel")):
            return False
        _wait_cursor()
        try:
            result = backups.restore(self.ws, file, self.operator)
        except BackupError as exc:
            _normal_cursor()
            self.message.set_message(issue_text(exc.issue) + " " +
                                     translate("Backup", "The data itself is unchanged."))
            return False
        _normal_cursor()
        self.restored = info
        _inform(self, self.tr("Restore from a backup"), self.tr(
            "The data of {when} is restored. The data as it was just before is kept in "
            "{file}.").format(when=when_text(info.created_at), file=result.safety_copy))
        self.accept()
        return True


def offer_restore_of_damaged(data_dir: Path, problems: tuple[str, ...],
                             newest_good: BackupInfo | None, parent: QWidget | None) -> bool:
    """At start, the database failed its check: explain, offer the newest good backup.

    Returns True when the backup was put in place (the caller then opens the folder again).
    """
    title = translate("Backup", "The data is damaged")
    text = translate(
        "Backup",
        "The database in {folder} is damaged ({problem}), so it is not opened: nothing "
        "was written to it and it will not be deleted.").format(
        folder=data_dir, problem=problems[0] if problems else "")
    if newest_good is None:
        text += " " + translate(
            "Backup",
            "No good backup was found in the backups folder. Call IT support; do not "
            "delete any file.")
        inform_error(parent, title, text, translate("Backup", "Close"))
        return False
    when = when_text(newest_good.created_at)
    text += " " + translate(
        "Backup",
        "The newest good backup was made on {when} and holds {forms} forms. Restore "
        "it? The damaged file is kept beside the backups.").format(
        when=when, forms=count_text(newest_good.forms))
    restore_it = translate("Backup", "Restore the backup of {when}").format(when=when)
    if not confirm(parent, title, text, restore_it, translate("Backup", "Close the program"),
                   default_yes=True):
        return False
    try:
        backups.restore_damaged(data_dir, newest_good.path)
    except BackupError as exc:
        inform_error(parent, title, issue_text(exc.issue), translate("Backup", "Close"))
        return False
    return True


def automatic_backup(ws: Workspace, parent: QWidget | None, *, daily: bool) -> BackupInfo | None:
    """The daily backup at start or the one at exit; only a failure or a missing second
    location is said (the clerk did not ask for this backup, so success stays quiet)."""
    try:
        info = backups.maybe_daily_backup(ws) if daily else backups.backup_at_exit(ws)
    except BackupError as exc:
        log.warning("automatic backup failed: %s %s", exc.issue.code, dict(exc.issue.params))
        _refused(parent, translate("Backup", "Automatic backup failed"), exc.issue)
        return None
    if info is not None and info.mirror_issue is not None:
        log.warning("second backup location: %s", info.mirror_issue.code)
        _inform(parent, translate("Backup", "Backup"), issue_text(info.mirror_issue))
    return info
