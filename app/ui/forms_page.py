"""Review of keyed forms (DESIGN.md Workflows 4): search and filter, correct, void, restore,
and each form's history from the audit log."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.audit import AuditEntry
from app.domain.exports import ExportRecord
from app.domain.forms import FormStatus, format_serial
from app.domain.questionnaire import Question, QuestionKind, Questionnaire
from app.domain.text import fold_for_search
from app.services.forms import (
    FormListRow,
    FormSearch,
    locked_export_for,
    period_locked_issue,
    restore_form,
    search_forms,
    void_form,
)
from app.services.workspace import Workspace
from app.storage.errors import PeriodLockedError
from app.ui.form_table_model import FormTableModel
from app.ui.lock_reason_dialog import PURPOSE_RESTORE, ask_lock_reason
from app.ui.settings_form import OK_COLOUR, ErrorLabel
from app.ui.void_dialog import VoidDialog

YEARS_BACK = 5  # the year filter offers the working year and this many before it

_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
                   r"|(\d{2})(\d{2})(\d{4})|(\d{2})(\d{2})(\d{2})")


def parse_filter_date(text: str) -> date | None:
    """dd/mm/yyyy, ddmmyyyy or ddmmyy; None when empty. Raises ValueError when not a date."""
    cleaned = text.strip()
    if not cleaned:
        return None
    m = _DATE.fullmatch(cleaned)
    if not m:
        raise ValueError(cleaned)
    groups = [g for g in m.groups() if g is not None]
    day, month, year_text = int(groups[0]), int(groups[1]), groups[2]
    year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
    return date(year, month, day)


class FormsPage(QWidget):
    """The list of keyed forms. ``refresh()`` reruns the search (call it when shown)."""

    correctRequested = Signal(int)  # the form id to open in the keying screen
    formsChanged = Signal()  # a form was voided or restored: tallies are stale

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.operator = operator
        self.setObjectName("forms_page")
        self._questionnaires: dict[str, Questionnaire | None] = {}

        # -- filter bar ---------------------------------------------------------------------
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("forms_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Serial number or words of the opinion (accents not needed)"))
        self.search_edit.setAccessibleName(self.tr("Search"))
        self.year_combo = QComboBox()
        self.year_combo.setObjectName("forms_year")
        self.date_from_edit = self._date_edit("forms_date_from", self.tr("From date"))
        self.date_to_edit = self._date_edit("forms_date_to", self.tr("To date"))
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("forms_field")
        self.field_combo.setAccessibleName(self.tr("Field"))
        self.operator_combo = QComboBox()
        self.operator_combo.setObjectName("forms_operator")
        self.operator_combo.setAccessibleName(self.tr("Keyed by"))
        self.show_void_check = QCheckBox(self.tr("Show void forms too"))
        self.show_void_check.setObjectName("forms_show_void")
        self.show_void_check.setChecked(True)
        self.filter_error = ErrorLabel()
        self.filter_error.setObjectName("forms_filter_error")

        top = QHBoxLayout()
        search_label = QLabel(self.tr("&Find:"))
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.year_combo)
        top.addWidget(self.show_void_check)
        second = QHBoxLayout()
        for text, widget in ((self.tr("Date from:"), self.date_from_edit),
                             (self.tr("to:"), self.date_to_edit),
                             (self.tr("Field:"), self.field_combo),
                             (self.tr("Keyed by:"), self.operator_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            second.addWidget(label)
            second.addWidget(widget)
            second.addSpacing(8)
        second.addStretch(1)

        # -- the table ----------------------------------------------------------------------
        self.model = FormTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("forms_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header = self.view.horizontalHeader()
        # Sized from the first rows only: measuring 4 200 rows on every change costs 0.3 s.
        header.setResizeContentsPrecision(40)
        for col in range(FormTableModel.COLUMN_COUNT - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("forms_count")
        self.status_label = QLabel()
        self.status_label.setObjectName("forms_status")
        self.status_label.setStyleSheet(f"color: {OK_COLOUR}; font-weight: bold;")

        # -- commands -----------------------------------------------------------------------
        self.action_correct = self._action("action_correct_form", self.tr("Correct form"),
                                           [QKeySequence(Qt.Key.Key_Return),
                                            QKeySequence(Qt.Key.Key_Enter)], self.correct_selected)
        self.action_void = self._action("action_void_form", self.tr("Void form…"),
                                        [QKeySequence(Qt.Key.Key_Delete)], self.void_selected)
        self.action_restore = self._action("action_restore_form", self.tr("Restore form"),
                                           [QKeySequence("Ctrl+R")], self.restore_selected)
        for action in (self.action_correct, self.action_void):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
        self.action_restore.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.action_restore)
        self.action_find = self._action("action_find_form", self.tr("Find"),
                                        [QKeySequence("Ctrl+F")], self.focus_search)
        self.action_find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.action_find)

        buttons = QHBoxLayout()
        for action, hint in ((self.action_correct, "Enter"), (self.action_void, "Delete"),
                             (self.action_restore, "Ctrl+R")):
            buttons.addWidget(self._button(action, hint))
        buttons.addSpacing(12)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.count_label)

        # -- history ------------------------------------------------------------------------
        self.history_title = QLabel()
        self.history_title.setObjectName("forms_history_title")
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history = QTreeWidget()
        self.history.setObjectName("forms_history")
        self.history.setRootIsDecorated(False)
        self.history.setAlternatingRowColors(True)
        self.history.setWordWrap(True)
        self.history.setHeaderLabels([self.tr("Time"), self.tr("By"), self.tr("Action"),
                                      self.tr("Reason"), self.tr("Changes")])
        hheader = self.history.header()
        for col in range(4):
            hheader.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hheader.setStretchLastSection(True)
        history_box = QWidget()
        hl = QVBoxLayout(history_box)
        hl.setContentsMargins(0, 4, 0, 0)
        hl.addWidget(self.history_title)
        hl.addWidget(self.history)

        table_box = QWidget()
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.view)
        tl.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(table_box)
        splitter.addWidget(history_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.filter_error)
        layout.addWidget(splitter, 1)

        # -- behaviour ----------------------------------------------------------------------
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._search_and_go_to_list)
        for edit in (self.date_from_edit, self.date_to_edit):
            edit.editingFinished.connect(self.run_search)
            edit.returnPressed.connect(self.run_search)
        for combo in (self.year_combo, self.field_combo, self.operator_combo):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.show_void_check.toggled.connect(lambda _c: self.run_search())
        self.view.doubleClicked.connect(lambda _index: self.correct_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        self.search_edit.installEventFilter(self)

        self.setTabOrder(self.search_edit, self.year_combo)
        self.setTabOrder(self.year_combo, self.show_void_check)
        self.setTabOrder(self.show_void_check, self.date_from_edit)
        self.setTabOrder(self.date_from_edit, self.date_to_edit)
        self.setTabOrder(self.date_to_edit, self.field_combo)
        self.setTabOrder(self.field_combo, self.operator_combo)
        self.setTabOrder(self.operator_combo, self.view)
        self.refresh()

    # -- construction helpers -----------------------------------------------------------------
    def _date_edit(self, name: str, accessible: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        edit.setMaxLength(10)
        edit.setFixedWidth(110)
        edit.setAccessibleName(accessible)
        return edit

    def _action(self, name: str, text: str, keys: list[QKeySequence], slot: Any) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _button(self, action: QAction, hint: str) -> QPushButton:
        button = QPushButton(f"{action.text()}  ({hint})")
        button.setObjectName(action.objectName().replace("action_", "button_"))
        button.setAutoDefault(True)  # Enter on the focused button presses it
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    def eventFilter(self, obj: Any, event: Any) -> bool:
        # Down from the search box goes to the list, as in a search field of a browser.
        if (obj is self.search_edit and event.type() == event.Type.KeyPress
                and event.key() == Qt.Key.Key_Down):
            self._search_and_go_to_list()
            return True
        return super().eventFilter(obj, event)

    # -- filters ------------------------------------------------------------------------------
    def _reload_choices(self) -> None:
        settings = self.ws.settings
        self._refill(self.year_combo, [
            *([(self.tr("Year {year}").format(year=y), y)
               for y in range(settings.year, settings.year - YEARS_BACK - 1, -1)]
              if settings else []),
            (self.tr("All years"), None),
        ])
        fields: list[tuple[str, Any]] = [(self.tr("All"), None)]
        if settings is not None:
            fields += [(f.label, f.code) for f in settings.fields]
        fields += [(self.tr("(blank)"), "0"), (self.tr("(unreadable)"), "9")]
        self._refill(self.field_combo, fields)
        self._refill(self.operator_combo, [(self.tr("All"), None)]
                     + [(name, name) for name in sorted(self.ws.store.operators(),
                                                         key=fold_for_search)])

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        """Replace a combo's items, keeping the chosen value if it is still offered."""
        had_choice = combo.count() > 0
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = 0
        if had_choice:
            index = next((i for i in range(combo.count()) if combo.itemData(i) == current), 0)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def current_search(self) -> FormSearch | None:
        """The search as set in the bar; None (with a red message) when a date is not a date."""
        dates: list[date | None] = []
        for edit in (self.date_from_edit, self.date_to_edit):
            try:
                value = parse_filter_date(edit.text())
            except ValueError:
                self.filter_error.set_message(
                    self.tr("“{text}” is not a date: write it as dd/mm/yyyy, e.g. 22/11/2026."
                            ).format(text=edit.text().strip()))
                return None
            if value is not None:
                edit.setText(value.strftime("%d/%m/%Y"))
            dates.append(value)
        if dates[0] and dates[1] and dates[0] > dates[1]:
            self.filter_error.set_message(self.tr("The start date is after the end date."))
            return None
        self.filter_error.set_message("")
        return FormSearch(
            year=self.year_combo.currentData(),
            text=self.search_edit.text(),
            date_from=dates[0],
            date_to=dates[1],
            field_code=self.field_combo.currentData(),
            operator=self.operator_combo.currentData(),
            include_void=self.show_void_check.isChecked(),
        )

    # -- searching ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the filter choices and rerun the search, keeping the selected form."""
        self.status_label.clear()
        self._reload_choices()
        self.run_search()

    def run_search(self) -> None:
        self._search_timer.stop()
        search = self.current_search()
        if search is None:
            return
        keep = self.selected_form_id()
        rows = search_forms(self.ws, search)
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        void = sum(1 for r in rows if r.record.status is FormStatus.VOID)
        if void:
            self.count_label.setText(self.tr("{n} forms ({void} void)").format(n=len(rows),
                                                                              void=void))
        else:
            self.count_label.setText(self.tr("{n} forms").format(n=len(rows)))
        row = self.model.row_of_form(keep) if keep is not None else None
        self._select_row(row if row is not None else (0 if rows else None))

    def _search_and_go_to_list(self) -> None:
        self.run_search()
        if self.model.rowCount():
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.selected_form_id() is None:
                self._select_row(0)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _select_row(self, row: int | None) -> None:
        selection = self.view.selectionModel()
        if row is None:
            selection.clear()
        else:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)
        self._selection_changed()

    def select_form(self, form_id: int) -> bool:
        row = self.model.row_of_form(form_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    # -- the selected form ----------------------------------------------------------------
    def selected_row(self) -> FormListRow | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.row_at(index.row())

    def selected_form_id(self) -> int | None:
        row = self.selected_row()
        return row.record.id if row is not None else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        void = row is not None and row.record.status is FormStatus.VOID
        self.action_correct.setEnabled(row is not None and not void)
        self.action_void.setEnabled(row is not None and not void)
        self.action_restore.setEnabled(void)
        self.show_history(row)

    def correct_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.record.id is None:
            return
        if row.record.status is FormStatus.VOID:
            self.status_label.setText(self.tr("Restore form {serial} before correcting it."
                                              ).format(serial=row.serial_text))
            return
        self.correctRequested.emit(row.record.id)

    def ask_void_reason(self, row: FormListRow) -> str | None:
        """The reason typed in the void dialog, or None when the clerk kept the form. In an
        exported period the dialog says the reason goes into the next export's changes."""
        locked = locked_export_for(self.ws, [row.record.survey_date])
        dialog = VoidDialog(row.serial_text, row.record.survey_date.strftime("%d/%m/%Y"), self,
                            locked=period_locked_issue(locked).params if locked else None)
        if dialog.exec() != VoidDialog.DialogCode.Accepted:
            return None
        return dialog.reason()

    def void_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.record.id is None or row.record.status is FormStatus.VOID:
            return
        reason = self.ask_void_reason(row)
        if not reason:
            return
        void_form(self.ws, row.record.id, self.operator, reason)
        self.run_search()
        self.status_label.setText(self.tr("Form {serial} voided.").format(serial=row.serial_text))
        self.formsChanged.emit()
        self.view.setFocus()

    def restore_selected(self) -> None:
        row = self.selected_row()
        if row is None or row.record.id is None or row.record.status is not FormStatus.VOID:
            return
        try:
            restore_form(self.ws, row.record.id, self.operator)
        except PeriodLockedError as locked:
            assert isinstance(locked.export, ExportRecord)
            reason = self.ask_restore_reason(row, locked.export)
            if reason is None:
                self.status_label.setText(self.tr(
                    "Form {serial} is still void: restoring it in an exported period needs a "
                    "reason.").format(serial=row.serial_text))
                self.view.setFocus()
                return
            restore_form(self.ws, row.record.id, self.operator, reason)
        self.run_search()
        self.status_label.setText(self.tr("Form {serial} restored: it is counted again."
                                          ).format(serial=row.serial_text))
        self.formsChanged.emit()
        self.view.setFocus()

    def ask_restore_reason(self, row: FormListRow, export: ExportRecord) -> str | None:
        """Why a voided form of an exported period is counted again; None: not restored."""
        form_text = self.tr("Form {serial} of {date}").format(
            serial=row.serial_text, date=row.record.survey_date.strftime("%d/%m/%Y"))
        return ask_lock_reason(self, period_locked_issue(export).params, form_text,
                               PURPOSE_RESTORE)

    # -- history ------------------------------------------------------------------------------
    def show_history(self, row: FormListRow | None) -> None:
        self.history.clear()
        if row is None or row.record.id is None:
            self.history_title.setText(self.tr("History of changes: select a form."))
            return
        self.history_title.setText(self.tr("History of changes of form {serial}").format(
            serial=row.serial_text))
        for entry in self.ws.store.iter_audit("form", str(row.record.id)):
            item = QTreeWidgetItem([
                entry.at.strftime("%d/%m/%Y %H:%M"),
                entry.operator,
                self.action_text(entry.action),
                entry.reason,
                "; ".join(self.describe_changes(entry)),
            ])
            item.setToolTip(4, "\n".join(self.describe_changes(entry)))
            self.history.addTopLevelItem(item)

    def history_rows(self) -> list[list[str]]:
        """The history as shown, one list of column texts per entry (for tests and copying)."""
        return [[self.history.topLevelItem(i).text(c) for c in range(self.history.columnCount())]
                for i in range(self.history.topLevelItemCount())]

    def action_text(self, action: str) -> str:
        return {
            "form.create": self.tr("Keyed in"),
            "form.update": self.tr("Corrected"),
            "form.void": self.tr("Voided"),
            "form.restore": self.tr("Restored"),
            "form.import": self.tr("Imported from a file"),
        }.get(action, action)

    def _questionnaire(self, ref: str) -> Questionnaire | None:
        if ref not in self._questionnaires:
            qid, _, version = ref.partition("@")
            try:
                q: Questionnaire | None = self.ws.questionnaire(qid, version)
            except Exception:  # an unknown definition: show codes instead of texts
                q = None
            self._questionnaires[ref] = q
        return self._questionnaires[ref]

    def _field_label(self, code: str) -> str:
        settings = self.ws.settings
        labels = {f.code: f.label for f in settings.fields} if settings else {}
        if code == "0":
            return self.tr("(blank)")
        if code == "9":
            return self.tr("(unreadable)")
        return labels.get(code, code)

    def _answer_text(self, question: Question | None, value: Any) -> str:
        if value is None:
            return "—"
        if value == 0:
            return self.tr("blank")
        if value == 9:
            return self.tr("unreadable")
        if question is not None and question.kind is QuestionKind.CHOICE:
            label = question.label_of(int(value))
            return f"{value} ({label})" if label else str(value)
        return str(value)

    def describe_changes(self, entry: AuditEntry) -> list[str]:
        """What an update changed, one phrase per value: "Câu 3: 4 → 5"."""
        before: Mapping[str, Any] = entry.before or {}
        after: Mapping[str, Any] = entry.after or {}
        if entry.action != "form.update" or not before:
            return []
        out = []
        if before.get("serial") != after.get("serial"):
            out.append(self.tr("Serial: {a} → {b}").format(
                a=format_serial(int(before.get("serial", 0))),
                b=format_serial(int(after.get("serial", 0)))))
        if before.get("survey_date") != after.get("survey_date"):
            out.append(self.tr("Date: {a} → {b}").format(a=_dmy(before.get("survey_date")),
                                                         b=_dmy(after.get("survey_date"))))
        if before.get("field_code") != after.get("field_code"):
            out.append(self.tr("Field: {a} → {b}").format(
                a=self._field_label(str(before.get("field_code"))),
                b=self._field_label(str(after.get("field_code")))))
        q = self._questionnaire(str(after.get("questionnaire", "")))
        old_answers = dict(before.get("answers", {}))
        new_answers = dict(after.get("answers", {}))
        codes = list(new_answers) + [c for c in old_answers if c not in new_answers]
        if q is not None:
            order = {qq.code: i for i, qq in enumerate(q.questions)}
            codes.sort(key=lambda c: order.get(c, len(order)))
        for code in codes:
            if old_answers.get(code) == new_answers.get(code):
                continue
            question = _find_question(q, code)
            if question is not None and question.kind is QuestionKind.FIELD:
                continue  # shown above with the field's name
            name = code
            if question is not None:
                short = question.short if len(question.short) <= 40 else question.short[:39] + "…"
                name = f"{question.number}. {short}" if question.number else short
            out.append(self.tr("{question}: {a} → {b}").format(
                question=name, a=self._answer_text(question, old_answers.get(code)),
                b=self._answer_text(question, new_answers.get(code))))
        if before.get("opinion") != after.get("opinion"):
            out.append(self.tr("Opinion: “{a}” → “{b}”").format(a=before.get("opinion", ""),
                                                                b=after.get("opinion", "")))
        return out


def _find_question(q: Questionnaire | None, code: str) -> Question | None:
    if q is None:
        return None
    try:
        return q.question(code)
    except KeyError:
        return None


def _dmy(value: Any) -> str:
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)
