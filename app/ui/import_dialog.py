"""Import forms from a raw data file (CSV or XLSX in the layout "export data" writes).

The clerk picks a file and sees the plan before anything is written: how many rows can be
imported, and every refused row with its row number and reason. Writing is a choice: "Import
N forms" when every row is good, or "Import N good rows, skip M bad rows". The import is one
transaction, after a backup; a failure or a cancel leaves the database as it was.

The steps (app.services.import_data) run on the GUI thread, one progress step at a time with
the event loop served in between, so the progress bar moves and Cancel is heard; a row step
is a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.forms import Issue
from app.services.import_data import (
    ImportPlan,
    ImportProgress,
    ImportRefusedError,
    ImportResult,
    apply_import,
    display_params,
    plan_import,
)
from app.services.workspace import Workspace
from app.ui.lock_reason_dialog import period_name
from app.ui.settings_form import ErrorLabel
from app.ui.style import OK, WARNING, set_bold, set_text_colour

CONTEXT = "ImportDialog"

# Why a row is refused (app/domain/raw_import.py and app/services/import_data.py codes).
ROW_REASONS = {
    "serial_empty": QT_TRANSLATE_NOOP("ImportDialog", "the serial is empty"),
    "serial_not_number": QT_TRANSLATE_NOOP(
        "ImportDialog", "the serial “{text}” is not a number (digits only, e.g. 0124)"),
    "serial_out_of_range": QT_TRANSLATE_NOOP("ImportDialog",
                                             "the serial must be from 1 to {max}"),
    "date_empty": QT_TRANSLATE_NOOP("ImportDialog", "the survey date is empty"),
    "date_format": QT_TRANSLATE_NOOP(
        "ImportDialog", "the date “{text}” is not a date; write day/month/year, e.g. 22/11/2026"),
    "date_impossible": QT_TRANSLATE_NOOP("ImportDialog", "the date {text} does not exist"),
    "date_future": QT_TRANSLATE_NOOP("ImportDialog",
                                     "the date {date} is in the future (today is {today})"),
    "date_outside_year": QT_TRANSLATE_NOOP(
        "ImportDialog", "the date {date} is not in the working year {year}"),
    "questionnaire_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "the questionnaire “{text}” is not in the program; load the district's "
                        "questionnaire file in Settings first"),
    "field_empty": QT_TRANSLATE_NOOP(
        "ImportDialog", "the field of service is empty; write its code, 0 if blank on the form, "
                        "9 if unreadable"),
    "field_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "the field code “{code}” is not in the unit's settings (known: "
                        "{allowed})"),
    "answer_empty": QT_TRANSLATE_NOOP(
        "ImportDialog", "question {code} is empty; write 0 if it was left blank on the form, "
                        "9 if unreadable"),
    "answer_not_number": QT_TRANSLATE_NOOP(
        "ImportDialog", "question {code}: “{text}” is not an answer code (one digit)"),
    "answer_out_of_range": QT_TRANSLATE_NOOP(
        "ImportDialog", "question {code}: there is no answer {answer} (only 1 to {max}, 0 blank, "
                        "9 unreadable)"),
    "answer_not_in_questionnaire": QT_TRANSLATE_NOOP(
        "ImportDialog", "answers in columns {codes}, but questionnaire {questionnaire} has no "
                        "such questions"),
    "opinion_too_long": QT_TRANSLATE_NOOP(
        "ImportDialog", "the opinion has {length} characters, more than the {max} allowed"),
    "status_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "the status “{text}” is not valid (only active or void)"),
    "serial_repeated": QT_TRANSLATE_NOOP(
        "ImportDialog", "serial {serial} is in the file more than once (also row {rows})"),
    "serial_taken": QT_TRANSLATE_NOOP(
        "ImportDialog", "serial {serial} is already stored (keyed {keyed_at} by {operator})"),
    "period_locked": QT_TRANSLATE_NOOP(
        "ImportDialog", "{period} has been exported in the bundle sent to the district (version "
                        "{version}): it cannot be imported from a file; key these forms by hand, "
                        "each with a reason"),
}

# Why the whole file, or the writing, is refused.
FILE_REASONS = {
    "file_empty": QT_TRANSLATE_NOOP("ImportDialog",
                                    "The file is empty: it has no row of column names."),
    "no_rows": QT_TRANSLATE_NOOP("ImportDialog",
                                 "The file has only the row of column names and no forms."),
    "header_empty": QT_TRANSLATE_NOOP("ImportDialog",
                                      "The first row of the file has no column names."),
    "column_missing": QT_TRANSLATE_NOOP(
        "ImportDialog", "Required columns are missing: {columns}. The first row must hold the "
                        "column names as “export data” writes them (serial, date, field, …)."),
    "column_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "Columns not recognised: {columns}. Use the column names “export data” "
                        "writes (serial, date, field, the question codes, opinion, status, "
                        "operator, keyed_at, questionnaire)."),
    "column_duplicate": QT_TRANSLATE_NOOP(
        "ImportDialog", "Columns {columns} appear twice; delete the extra column."),
    "answer_columns_missing": QT_TRANSLATE_NOOP(
        "ImportDialog", "Columns of questionnaire {questionnaire} are missing: {columns}."),
    "encoding_utf16": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file is UTF-16 (Excel's “Unicode Text”); save it again as “CSV "
                        "UTF-8 (comma delimited)”."),
    "nul_bytes": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file has a NUL character on line {line}: it is not a text CSV file "
                        "(if it is an Excel file, name it .xlsx)."),
    "encoding_mixed": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file mixes two encodings (UTF-8 and another), wrong from line "
                        "{line}; it is not read, so no Vietnamese letter is stored garbled. Open "
                        "it in Excel and save it again as “CSV UTF-8”."),
    "encoding_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file's encoding cannot be read (line {line}); save it again as "
                        "“CSV UTF-8”."),
    "csv_malformed": QT_TRANSLATE_NOOP("ImportDialog",
                                       "The CSV file is damaged on line {line} ({detail})."),
    "too_many_rows": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file has more than {max} forms, more than one import takes; split "
                        "it into smaller files."),
    "file_too_large": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file is too large ({size_mb} MB; at most {max_mb} MB)."),
    "xlsx_not_zip": QT_TRANSLATE_NOOP(
        "ImportDialog", "The file is named .xlsx but is not an Excel file: it is damaged or "
                        "wrongly named."),
    "xlsx_unreadable": QT_TRANSLATE_NOOP(
        "ImportDialog", "The Excel file cannot be read ({detail}); open it in Excel and save it "
                        "again."),
    "xls_old_format": QT_TRANSLATE_NOOP(
        "ImportDialog", "An .xls file (Excel 97–2003) cannot be imported; open it in Excel and "
                        "save it as .xlsx."),
    "file_type_unknown": QT_TRANSLATE_NOOP(
        "ImportDialog", "Only .csv and .xlsx files can be imported (this one ends in "
                        "“{suffix}”)."),
    "file_unreadable": QT_TRANSLATE_NOOP("ImportDialog", "The file cannot be read: {detail}."),
    "rows_refused": QT_TRANSLATE_NOOP(
        "ImportDialog", "{bad} rows have errors, so nothing was imported."),
    "nothing_to_import": QT_TRANSLATE_NOOP("ImportDialog", "No row can be imported."),
    "serial_taken_meanwhile": QT_TRANSLATE_NOOP(
        "ImportDialog", "Serial {serial} was stored by another program while importing; "
                        "nothing was imported. Choose the file again."),
    "backup_failed": QT_TRANSLATE_NOOP(
        "ImportDialog", "The backup before importing failed ({reason}; folder {folder}); "
                        "nothing was imported."),
    "period_locked_meanwhile": QT_TRANSLATE_NOOP(
        "ImportDialog", "{period} was exported in the bundle sent to the district (version "
                        "{version}) while importing; nothing was imported. Choose the file "
                        "again: forms of that period are keyed by hand, each with a reason."),
    "row_changed": QT_TRANSLATE_NOOP(
        "ImportDialog", "Row {row} no longer fits the settings; nothing was imported. Choose "
                        "the file again."),
}


def _sentence(templates: dict[str, str], issue: Issue) -> str:
    template = templates.get(issue.code)
    if template is None:
        return QCoreApplication.translate("ImportDialog", "Not accepted (code {code})").format(
            code=issue.code)
    try:
        return QCoreApplication.translate(CONTEXT, template).format(
            **(display_params(issue.params) | _period_words(issue.params)))
    except (KeyError, IndexError):
        return QCoreApplication.translate(CONTEXT, template)


def _period_words(params: Mapping[str, Any]) -> dict[str, str]:
    """"{period}" as a clerk says it ("Quý III năm 2026"), not the label ("2026-Q3")."""
    if "period" not in params:
        return {}
    return {"period": period_name(str(params["period"]), capital=True)}


def row_reason(issues: tuple[Issue, ...]) -> str:
    return "; ".join(_sentence(ROW_REASONS, issue) for issue in issues)


def file_reason(issue: Issue) -> str:
    return _sentence(FILE_REASONS, issue)


class ImportDialog(QDialog):
    """Choose a file, read the plan, import by the clerk's choice (Ctrl+I)."""

    ROW_COLUMN, REASON_COLUMN = 0, 1

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.ws = ws
        self.operator = operator
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.busy = False
        self._cancel_requested = False
        self.setWindowTitle(self.tr("Import forms from a file"))
        self.resize(900, 560)

        explain = QLabel(self.tr(
            "A CSV or Excel (.xlsx) file laid out as “export data” writes it: the first row "
            "holds the column names, then one row per form. The file is checked first; "
            "nothing is written until you choose to import."))
        explain.setWordWrap(True)
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("import_file")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self.tr("No file chosen"))
        self.choose_button = QPushButton(self.tr("&Choose file…"))
        self.choose_button.setObjectName("import_choose")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_label = QLabel(self.tr("&File:"))
        file_label.setBuddy(self.choose_button)
        file_row.addWidget(file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("import_summary")
        self.summary_label.setWordWrap(True)
        set_bold(self.summary_label)
        self.encoding_label = QLabel()
        self.encoding_label.setObjectName("import_encoding")
        self.encoding_label.setWordWrap(True)
        set_text_colour(self.encoding_label, WARNING)
        self.encoding_label.hide()
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("import_error")

        self.bad_table = QTableWidget(0, 2)
        self.bad_table.setObjectName("import_bad_rows")
        self.bad_table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Why it is refused")])
        self.bad_table.verticalHeader().hide()
        self.bad_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bad_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bad_table.setWordWrap(True)
        header = self.bad_table.horizontalHeader()
        header.setSectionResizeMode(self.ROW_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.REASON_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.bad_table.hide()

        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.hide()
        self.result_label = QLabel()
        self.result_label.setObjectName("import_result")
        self.result_label.setWordWrap(True)
        set_text_colour(self.result_label, OK)
        set_bold(self.result_label)
        self.result_label.hide()

        self.import_all_button = QPushButton()
        self.import_all_button.setObjectName("import_all")
        self.import_all_button.clicked.connect(lambda: self.run_import(skip_bad_rows=False))
        self.import_good_button = QPushButton()
        self.import_good_button.setObjectName("import_good")
        self.import_good_button.clicked.connect(lambda: self.run_import(skip_bad_rows=True))
        self.cancel_button = QPushButton(self.tr("Stop"))
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.request_cancel)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("import_close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.import_all_button, self.import_good_button, self.cancel_button,
                       self.close_button):
            button.setAutoDefault(True)
            button.hide()
            buttons.addWidget(button)
        self.close_button.show()

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(file_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.encoding_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.bad_table, 1)
        layout.addStretch(0)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.choose_button.setFocus()

    # -- choosing and checking ---------------------------------------------------------------
    def choose_file(self) -> None:
        start = self.file_edit.text() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the file to import"), start,
            self.tr("Forms data (*.csv *.xlsx);;All files (*)"))
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Read and check ``path``, then show the plan (nothing is written)."""
        self.plan = None
        self.result = None
        self.file_edit.setText(str(path))
        self.result_label.hide()
        self.error_label.set_message("")
        self.summary_label.setText(self.tr("Checking {name}…").format(name=path.name))
        plan = None
        for step in self._run_steps(plan_import(self.ws, path, self._cancelled)):
            plan = step.plan or plan
        self.show_plan(plan)

    def show_plan(self, plan: ImportPlan | None) -> None:
        self.plan = plan
        self.bad_table.setRowCount(0)
        self.bad_table.hide()
        self.encoding_label.hide()
        for button in (self.import_all_button, self.import_good_button):
            button.hide()
        if plan is None:  # stopped while checking
            self.summary_label.setText(self.tr("Checking was stopped; choose the file again."))
            return
        if plan.refusal:
            self.summary_label.setText(self.tr("{name} cannot be imported.").format(
                name=plan.source.name))
            self.error_label.set_message(" ".join(file_reason(i) for i in plan.refusal))
            self.choose_button.setFocus()
            return
        self.summary_label.setText(self.tr(
            "{name}: {rows} rows; {good} can be imported, {bad} have errors.").format(
                name=plan.source.name, rows=plan.row_count, good=len(plan.good),
                bad=len(plan.bad)))
        if plan.encoding == "cp1258":
            self.encoding_label.setText(self.tr(
                "The file is not UTF-8: it was read as Windows-1258 (what Excel writes on a "
                "Vietnamese Windows). Check the Vietnamese letters of the opinions after "
                "importing."))
            self.encoding_label.show()
        if plan.bad:
            self._fill_bad_rows(plan)
        if plan.good and not plan.bad:
            self.import_all_button.setText(self.tr("&Import {count} forms").format(
                count=len(plan.good)))
            self.import_all_button.show()
            self.import_all_button.setDefault(True)
            self.import_all_button.setFocus()
        elif plan.good:
            self.import_good_button.setText(self.tr(
                "&Import {good} good rows, skip {bad} bad rows").format(
                    good=len(plan.good), bad=len(plan.bad)))
            self.import_good_button.show()
            self.error_label.set_message(self.tr(
                "Rows with errors are listed below. Correct the file and choose it again, or "
                "import only the good rows."))
            self.bad_table.setFocus()
        else:
            self.error_label.set_message(self.tr(
                "No row can be imported: correct the file and choose it again."))
            self.choose_button.setFocus()

    def _fill_bad_rows(self, plan: ImportPlan) -> None:
        self.bad_table.setRowCount(len(plan.bad))
        for index, bad in enumerate(plan.bad):
            row_item = QTableWidgetItem(str(bad.row))
            row_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.bad_table.setItem(index, self.ROW_COLUMN, row_item)
            self.bad_table.setItem(index, self.REASON_COLUMN,
                                   QTableWidgetItem(row_reason(bad.issues)))
        self.bad_table.resizeRowsToContents()
        self.bad_table.show()

    def bad_rows_shown(self) -> list[tuple[str, str]]:
        """The table as shown: (row number, reason) per refused row."""
        return [(self.bad_table.item(r, self.ROW_COLUMN).text(),
                 self.bad_table.item(r, self.REASON_COLUMN).text())
                for r in range(self.bad_table.rowCount())]

    # -- importing ---------------------------------------------------------------------------
    def run_import(self, *, skip_bad_rows: bool) -> None:
        plan = self.plan
        if plan is None or self.busy:
            return
        self.error_label.set_message("")
        result = None
        try:
            steps = apply_import(self.ws, plan, self.operator, skip_bad_rows=skip_bad_rows,
                                 cancelled=self._cancelled)
            for step in self._run_steps(steps):
                result = step.result or result
        except ImportRefusedError as exc:
            self.error_label.set_message(file_reason(exc.issue))
            return
        finally:
            for button in (self.import_all_button, self.import_good_button):
                button.hide()
        if result is None:
            self.error_label.set_message(self.tr(
                "The import was stopped; nothing was imported."))
            return
        self.result = result
        text = self.tr("Imported {count} forms (a backup was made first).").format(
            count=result.imported)
        if result.skipped:
            text += " " + self.tr("{skipped} rows with errors were skipped.").format(
                skipped=result.skipped)
        self.result_label.setText(text)
        self.result_label.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    def _run_steps(self, steps: Iterator[ImportProgress]) -> Iterator[ImportProgress]:
        """Pass the steps on, moving the progress bar and serving the event loop in between."""
        self._set_busy(True)
        try:
            for step in steps:
                self.progress.setMaximum(max(step.total, 0))
                self.progress.setValue(step.done)
                self.progress.setFormat(self._step_text(step.step))
                QApplication.processEvents()
                yield step
        finally:
            self._set_busy(False)

    def _step_text(self, step: str) -> str:
        texts = {
            "read": self.tr("Reading the file…"),
            "check": self.tr("Checking rows: %v of %m"),
            "backup": self.tr("Making a backup…"),
            "write": self.tr("Importing: %v of %m"),
        }
        return texts.get(step, "%p%")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._cancel_requested = False
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for widget in (self.choose_button, self.close_button, self.import_all_button,
                       self.import_good_button):
            widget.setEnabled(not busy)
        if busy:
            self.cancel_button.setFocus()

    def request_cancel(self) -> None:
        self._cancel_requested = True

    def _cancelled(self) -> bool:
        return self._cancel_requested

    # While a step runs, Esc and the window's close button mean "stop", not "go away".
    def reject(self) -> None:
        if self.busy:
            self.request_cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            self.request_cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.busy:
            self.request_cancel()
            return
        super().keyPressEvent(event)
