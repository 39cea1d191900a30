"""Quarterly and yearly reports (DESIGN.md Workflows 5): choose the period, look at the key
figures, edit the report's number, date, recipients and section IV, then make the PDF, the XLSX
and the notice-board page.

Everything here goes through ``app.services.reports``; the page only lays out its figures and
turns its progress into a bar. The files are written on a worker thread so the window keeps
painting while reportlab works.
"""

from __future__ import annotations

import contextlib
import errno
import os
import queue
import tempfile
import threading
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QRegularExpression,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QHideEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_date
from app.domain.narrative import draft_narrative, format_count, format_points
from app.domain.periods import ROMAN, Period
from app.domain.tabulation import LevelCounts, Tabulation, format_mean, format_percent
from app.services import reports
from app.services.reports import ReportOutputs, ReportProgress, ReportRequest
from app.services.workspace import Workspace
from app.ui import messages
from app.ui.forms_page import parse_filter_date
from app.ui.settings_form import ErrorLabel
from app.ui.style import MUTED, OK, WARNING, set_bold, set_text_colour

FOLDER_KEY = "ui.report_folder"  # the output folder chosen last time (settings key/value table)
WEAKEST_SHOWN = 3
DRAFT_SAVE_DELAY_MS = 1500  # typing pauses this long before the draft is written
JOB_POLL_MS = 40  # how often the page looks at the report writer's progress


def _points(delta: Fraction | None) -> str:
    """A change in share points ("+2,1"); "–" when there is nothing to compare."""
    return "–" if delta is None else format_points(delta)


def _signed(number: int) -> str:
    return ("+" if number > 0 else "") + format_count(number)


class FiguresTable(QTableWidget):
    """A read-only table as tall as its rows: long names wrap, nothing scrolls or is cut."""

    def __init__(self, columns: int) -> None:
        super().__init__(0, columns)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # figures to read, not places to type
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Rows are measured once the new column widths are laid out (after the resize event).
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_timer.start()  # a name may wrap onto more lines, or fewer

    def fit_height(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)


class ReportJob:
    """Runs ``make_report`` on a plain thread; the GUI thread collects its steps with ``poll``.

    The page polls on a timer instead of receiving queued signals: on some X11 set-ups an
    event posted from another thread did not wake the GUI loop until the next key or mouse
    event, and the page sat on "Starting…" with its files long written. The generator is made
    on the GUI thread but its body runs here; it touches nothing of Qt.
    """

    def __init__(self, steps: Iterator[ReportProgress]) -> None:
        self._steps = steps
        self._events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="report-writer")

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            for step in self._steps:
                self._events.put(("progress", step))
        except Exception as exc:  # shown in words by the page; the writers replace files atomically
            self._events.put(("failed", exc))
        finally:
            self._events.put(("finished", None))

    def poll(self) -> list[tuple[str, Any]]:
        """The events since the last poll: ("progress", ReportProgress), ("failed", exception),
        then ("finished", None) once the thread is done."""
        events = []
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    def wait(self) -> None:
        self._thread.join()


def period_name(period: Period) -> str:
    """"Quý III năm 2026", "Năm 2026": a period as the screens name it."""
    if period.quarter is None:
        return QCoreApplication.translate("ReportPage", "Year {year}").format(year=period.year)
    return QCoreApplication.translate("ReportPage", "Quarter {roman}, {year}").format(
        roman=ROMAN[period.quarter - 1], year=period.year)


class ReportPage(QWidget):
    """The report screen. ``refresh()`` reloads periods and figures (call it when shown)."""

    reportMade = Signal(object)  # ReportOutputs

    def __init__(self, ws: Workspace, operator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_page")
        self.ws = ws
        self.operator = operator
        self.periods: list[Period] = []
        self.tabulation: Tabulation | None = None
        self.outputs: ReportOutputs | None = None
        self.job: ReportJob | None = None
        self._shown_period: Period | None = None
        self._loading = False
        self._dirty = False

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(JOB_POLL_MS)
        self._poll_timer.timeout.connect(self._poll_job)

        period_row = self._build_period_row()
        figures = self._build_figures()
        editor = self._build_editor()
        body = QHBoxLayout()
        body.setSpacing(14)
        body.addWidget(figures, 3)
        body.addWidget(editor, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(period_row)
        layout.addLayout(body, 1)

        self.setTabOrder(self.period_combo, self.number_edit)
        self.setTabOrder(self.number_edit, self.date_edit)
        self.setTabOrder(self.date_edit, self.recipients_edit)
        self.setTabOrder(self.recipients_edit, self.narrative_edit)
        self.setTabOrder(self.narrative_edit, self.save_button)
        self.setTabOrder(self.save_button, self.redraft_button)
        self.setTabOrder(self.redraft_button, self.generate_button)
        self.setTabOrder(self.generate_button, self.open_folder_button)
        self.setTabOrder(self.open_folder_button, self.open_pdf_button)
        app = QCoreApplication.instance()
        if app is not None:  # a job still writing when the program quits is let finish
            app.aboutToQuit.connect(self.wait_for_job)
        self.refresh()

    # -- construction -------------------------------------------------------------------------
    def _build_period_row(self) -> QHBoxLayout:
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("report_period")
        self.period_combo.setMinimumContentsLength(16)
        self.period_combo.currentIndexChanged.connect(lambda _i: self._period_chosen())
        label = QLabel(self.tr("Report p&eriod:"))
        label.setBuddy(self.period_combo)
        set_bold(label)
        self.due_label = QLabel()
        self.due_label.setObjectName("report_due")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.period_combo)
        row.addSpacing(12)
        row.addWidget(self.due_label, 1)
        return row

    def _build_figures(self) -> QScrollArea:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 4, 0)
        column.setSpacing(6)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("report_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.summary_label)

        self.components_table = self._table("report_components", [
            self.tr("Component"), self.tr("Satisfied"), self.tr("Levels 4+5\n/ valid"),
            self.tr("Mean"), self.tr("Change\n(points)")])
        column.addWidget(self.components_table)
        self.fields_table = self._table("report_fields", [
            self.tr("Field of service"), self.tr("Forms"), self.tr("Satisfied"),
            self.tr("Levels 4+5\n/ valid")])
        column.addWidget(self.fields_table)
        self.months_table = self._table("report_months", [])
        column.addWidget(self.months_table)

        weakest_title = QLabel(self.tr("Items with the lowest satisfaction"))
        set_text_colour(weakest_title, MUTED)
        column.addWidget(weakest_title)
        self.weakest_label = QLabel()
        self.weakest_label.setObjectName("report_weakest")
        self.weakest_label.setWordWrap(True)
        column.addWidget(self.weakest_label)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("report_figures")
        scroll.setWidget(box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll

    def _table(self, name: str, headers: list[str]) -> FiguresTable:
        table = FiguresTable(len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        return table

    def _build_editor(self) -> QGroupBox:
        group = QGroupBox(self.tr("The report"))
        group.setObjectName("report_editor")
        grid = QGridLayout(group)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(6)

        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("report_number")
        self.number_edit.setMaxLength(6)
        # Only the number: "/BC-UBND" is printed by the report (the CLI refuses a slash too).
        self.number_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d*"),
                                                                  self.number_edit))
        self.number_edit.setFixedWidth(70)
        self.number_edit.setAccessibleName(self.tr("Report number"))
        number_label = QLabel(self.tr("&No.:"))
        number_label.setBuddy(self.number_edit)
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("report_date")
        self.date_edit.setMaxLength(10)
        self.date_edit.setFixedWidth(110)
        self.date_edit.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.date_edit.editingFinished.connect(self._date_finished)
        date_label = QLabel(self.tr("&Date:"))
        date_label.setBuddy(self.date_edit)
        number_row = QHBoxLayout()
        number_row.addWidget(number_label)
        number_row.addWidget(self.number_edit)
        number_row.addWidget(QLabel("/BC-UBND"))
        number_row.addSpacing(16)
        number_row.addWidget(date_label)
        number_row.addWidget(self.date_edit)
        number_row.addStretch(1)
        grid.addLayout(number_row, 0, 0)

        self.recipients_edit = self._text_edit("report_recipients", 4.4)
        self.recipients_edit.setMaximumHeight(self.recipients_edit.minimumHeight())
        recipients_label = QLabel(self.tr("&Recipients (one per line):"))
        recipients_label.setBuddy(self.recipients_edit)
        grid.addWidget(recipients_label, 1, 0)
        grid.addWidget(self.recipients_edit, 2, 0)

        self.narrative_edit = self._text_edit("report_narrative", 6.5)
        narrative_label = QLabel(self.tr("IV. Overall &assessment and proposals "
                                         "(one paragraph per line):"))
        narrative_label.setWordWrap(True)
        narrative_label.setBuddy(self.narrative_edit)
        grid.addWidget(narrative_label, 3, 0)
        grid.addWidget(self.narrative_edit, 4, 0)
        grid.setRowStretch(4, 1)

        self.action_generate = QAction(self.tr("Make the report"), self)
        self.action_generate.setObjectName("action_make_report")
        self.action_generate.setShortcuts([QKeySequence("Ctrl+Return"),
                                           QKeySequence("Ctrl+Enter")])
        self.action_generate.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.action_generate.triggered.connect(lambda _checked=False: self.generate())
        self.addAction(self.action_generate)
        self.generate_button = self._push_button(
            self.tr("&Make the report  (Ctrl+Enter)"), "report_generate", self.generate)
        set_bold(self.generate_button)
        self.save_button = self._push_button(
            self.tr("Save draf&t"), "report_save_draft", lambda: self.save_draft(announce=True))
        self.redraft_button = self._push_button(
            self.tr("Re&write from the figures"), "report_redraft", self.redraft)
        self.draft_label = QLabel()
        self.draft_label.setObjectName("report_draft_status")
        self.draft_label.setWordWrap(True)
        set_text_colour(self.draft_label, MUTED)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.save_button)
        draft_row.addWidget(self.redraft_button)
        draft_row.addWidget(self.draft_label, 1)
        grid.addLayout(draft_row, 5, 0)

        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("report_progress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(12)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("report_progress_step")
        self.progress_box = QWidget()
        progress_row = QHBoxLayout(self.progress_box)
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.addWidget(self.progress_label)
        progress_row.addWidget(self.progress_bar, 1)
        self.progress_box.hide()
        generate_row = QHBoxLayout()
        generate_row.addWidget(self.generate_button)
        generate_row.addWidget(self.progress_box, 1)
        grid.addLayout(generate_row, 6, 0)

        self.error_label = ErrorLabel()
        self.error_label.setObjectName("report_error")
        grid.addWidget(self.error_label, 7, 0)

        self.result_label = QLabel()
        self.result_label.setObjectName("report_result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = self._push_button(
            self.tr("Open the &folder"), "report_open_folder", self.open_folder)
        self.open_pdf_button = self._push_button(
            self.tr("Open the &PDF report"), "report_open_pdf", self.open_pdf)
        open_row = QHBoxLayout()
        open_row.setContentsMargins(0, 0, 0, 0)
        open_row.addWidget(self.open_folder_button)
        open_row.addWidget(self.open_pdf_button)
        open_row.addStretch(1)
        self.result_box = QWidget()
        self.result_box.setObjectName("report_result_box")
        result_layout = QVBoxLayout(self.result_box)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.result_label)
        result_layout.addLayout(open_row)
        self.result_box.hide()
        grid.addWidget(self.result_box, 8, 0)

        for edit in (self.recipients_edit, self.narrative_edit):
            edit.textChanged.connect(self._edited)
        self.number_edit.textEdited.connect(lambda _t: self._edited())
        self.date_edit.textEdited.connect(lambda _t: self._edited())
        return group

    def _push_button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(True)  # Enter on the focused button presses it
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _text_edit(self, name: str, lines: float) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the program
        edit.setMinimumHeight(int(edit.fontMetrics().lineSpacing() * lines) + 10)
        return edit

    # -- periods ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Offer the periods up to today and show the chosen one (the next one due at first)."""
        if self.job is not None:
            return  # the figures of a report being written stay as they are
        self.save_draft()
        today = self.ws.today()
        chosen = self.current_period()
        self.periods = list(reports.report_periods(self.ws, today))
        index = self._index_of(chosen) if chosen is not None else None
        if index is None:
            due = self._due_period(today)
            index = self._index_of(due) if due is not None else None
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in self.periods:
            self.period_combo.addItem(period_name(period))
        self.period_combo.setCurrentIndex(index if index is not None else 0)
        self.period_combo.blockSignals(False)
        self._shown_period = None
        self._period_chosen()

    def current_period(self) -> Period | None:
        index = self.period_combo.currentIndex()
        return self.periods[index] if 0 <= index < len(self.periods) else None

    def select_period(self, period: Period) -> None:
        index = self._index_of(period)
        if index is None:
            raise ValueError(f"period not offered: {period}")
        self.period_combo.setCurrentIndex(index)

    def _index_of(self, period: Period) -> int | None:
        return next((i for i, p in enumerate(self.periods)
                     if (p.year, p.quarter) == (period.year, period.quarter)), None)

    def _due_period(self, today: date) -> Period | None:
        """The offered quarter whose report is due next; after the last one's due day, the year."""
        due_day = self.ws.require_settings().due_day
        pending = [p for p in self.periods
                   if p.quarter is not None and p.due_date(due_day) >= today]
        if pending:
            return min(pending, key=lambda p: p.due_date(due_day))
        return next((p for p in self.periods if p.quarter is None), None)

    def _period_chosen(self) -> None:
        period = self.current_period()
        if period is None or period == self._shown_period:
            return
        self.save_draft()
        self._shown_period = period
        self.error_label.set_message("")
        self.result_box.hide()
        self.outputs = None
        today = self.ws.today()
        self._show_due(period, today)
        self.tabulation = reports.tabulate_period(self.ws, period, today)
        self._show_figures(self.tabulation)
        self._load_request(reports.default_request(self.ws, period, today))

    def _show_due(self, period: Period, today: date) -> None:
        span = self.tr("{start} to {end}").format(start=format_date(period.start),
                                                  end=format_date(period.end))
        due = period.due_date(self.ws.require_settings().due_day)
        days = (due - today).days
        if days > 0:
            when = self.tr("due {date}, {days} days left").format(date=format_date(due), days=days)
        elif days == 0:
            when = self.tr("due today, {date}").format(date=format_date(due))
        else:
            when = self.tr("was due {date}").format(date=format_date(due))
        self.due_label.setText(f"{span} · {when}")
        set_text_colour(self.due_label, WARNING if 0 <= days <= 7 else MUTED)

    # -- figures ------------------------------------------------------------------------------
    def _show_figures(self, t: Tabulation) -> None:
        self.summary_label.setText(self._summary_html(t))
        self._fill_components(t)
        self._fill_fields(t)
        self._fill_months(t)
        self._fill_weakest(t)

    def _share_counts(self, levels: LevelCounts) -> str:
        return f"{format_count(levels.satisfied)}/{format_count(levels.valid)}"

    def _summary_html(self, t: Tabulation) -> str:
        if t.forms == 0:
            return "<b>" + self.tr("No forms keyed in this period yet.") + "</b><br>" + self.tr(
                "Key the forms of the period first (F2), then make the report.")
        quota = t.quota
        lines = [self.tr("<b>Forms: {forms}</b> of the period's target {target} ({share})").format(
            forms=format_count(t.forms), target=format_count(quota.target),
            share=format_percent(quota.attainment))]
        if t.voided:
            lines[0] += " · " + self.tr("voided, not counted: {count}").format(
                count=format_count(t.voided))
        lines.append(self.tr("<b>Satisfied overall: {share}</b> ({counts} valid answers at level "
                             "4 or 5) · mean score {mean}").format(
            share=format_percent(t.overall.satisfaction), counts=self._share_counts(t.overall),
            mean=format_mean(t.overall.mean)))
        lines.append(self.tr("Blank answers: {blank} · unreadable: {unreadable} "
                             "(left out of the shares)").format(
            blank=format_count(t.overall.blank), unreadable=format_count(t.overall.unreadable)))
        change = t.change
        if change is not None:
            line = self.tr("Against {previous}: forms {forms}").format(
                previous=period_name(change.previous_period),
                forms=_signed(change.forms_delta))
            if change.overall_delta is not None:
                line += ", " + self.tr("satisfied overall {points} points").format(
                    points=_points(change.overall_delta))
            lines.append(line)
        else:
            lines.append(self.tr("No forms in the previous period to compare with."))
        return "<br>".join(lines)

    def _fill_components(self, t: Tabulation) -> None:
        changes = {code: delta for code, _prev, delta in t.change.components} if t.change else {}
        rows = [(f"{c.number}. {c.title}", c.levels, _points(changes.get(c.code)))
                for c in t.components]
        overall_change = _points(t.change.overall_delta) if t.change else "–"
        rows.append((self.tr("Overall"), t.overall, overall_change))
        self._set_rows(self.components_table, [
            [name, format_percent(levels.satisfaction), self._share_counts(levels),
             format_mean(levels.mean), change] for name, levels, change in rows],
            bold_last=True)

    def _fill_fields(self, t: Tabulation) -> None:
        rows = []
        for f in t.by_field:
            if f.code in ("0", "9") and f.forms == 0:
                continue  # the field was marked on every form: no row for "blank"/"unreadable"
            label = f.label or (self.tr("(field blank)") if f.code == "0"
                                else self.tr("(field unreadable)") if f.code == "9" else f.code)
            rows.append([label, format_count(f.forms), format_percent(f.levels.satisfaction),
                         self._share_counts(f.levels)])
        total = sum((f.levels for f in t.by_field), LevelCounts())
        rows.append([self.tr("Total"), format_count(sum(f.forms for f in t.by_field)),
                     format_percent(total.satisfaction), self._share_counts(total)])
        self._set_rows(self.fields_table, rows, bold_last=True)

    def _fill_months(self, t: Tabulation) -> None:
        table = self.months_table
        months = t.by_month
        table.setColumnCount(len(months) + 2)
        table.setHorizontalHeaderLabels(
            [self.tr("Month")] + [f"{m.month:02d}/{m.year}" if len(months) <= 4 else
                                  f"{m.month}" for m in months] + [self.tr("Total")])
        values = [self.tr("Forms")] + [format_count(m.forms) for m in months] + [
            format_count(sum(m.forms for m in months))]
        self._set_rows(table, [values], bold_last=False)

    def _fill_weakest(self, t: Tabulation) -> None:
        rated = [i for i in t.items if i.levels.satisfaction is not None]
        rated.sort(key=lambda i: (i.levels.satisfaction, i.levels.valid))
        lines = [self.tr("Item {number}. {text}: {share} ({counts})").format(
            number=i.number, text=i.short or i.text, share=format_percent(i.levels.satisfaction),
            counts=self._share_counts(i.levels)) for i in rated[:WEAKEST_SHOWN]]
        self.weakest_label.setText("\n".join(lines) or "–")

    @staticmethod
    def _set_rows(table: FiguresTable, rows: list[list[str]], *, bold_last: bool) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if bold_last and r == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, table.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        table.fit_height()

    # -- the request --------------------------------------------------------------------------
    def _load_request(self, request: ReportRequest) -> None:
        self._loading = True
        try:
            self.number_edit.setText(request.number)
            self.date_edit.setText(format_date(request.report_date))
            self.recipients_edit.setPlainText("\n".join(request.recipients))
            self.narrative_edit.setPlainText("\n\n".join(request.narrative))
        finally:
            self._loading = False
        self._dirty = False
        self.draft_label.setText("")

    def current_request(self) -> ReportRequest | None:
        period = self._shown_period
        if period is None:
            return None
        return ReportRequest(
            period=period,
            number=self.number_edit.text().strip(),
            report_date=self.report_date() or self.ws.today(),
            narrative=self._lines(self.narrative_edit),
            recipients=self._lines(self.recipients_edit),
        )

    def report_date(self) -> date | None:
        """The date typed for "…, ngày … tháng … năm …"; None when it is not a date."""
        try:
            return parse_filter_date(self.date_edit.text())
        except ValueError:
            return None

    def _date_finished(self) -> None:
        value = self.report_date()
        if value is not None:
            self.date_edit.setText(format_date(value))
            self.error_label.set_message("")
        else:
            self.error_label.set_message(self._date_refusal())

    def _date_refusal(self) -> str:
        return self.tr("\u201c{text}\u201d is not a date: write the report's date as dd/mm/yyyy, "
                       "e.g. {today}.").format(text=self.date_edit.text().strip(),
                                               today=format_date(self.ws.today()))

    @staticmethod
    def _lines(edit: QPlainTextEdit) -> tuple[str, ...]:
        """One entry per non-empty line: a paragraph is a line, blank lines only space them."""
        return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())

    def _edited(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.draft_label.setText("")
        self._draft_timer.start()

    def save_draft(self, *, announce: bool = False) -> bool:
        """Remember the clerk's edits for this period; untouched drafts are not frozen."""
        self._draft_timer.stop()
        request = self.current_request()
        if request is None or not (self._dirty or announce):
            return False
        reports.save_request(self.ws, request)
        self._dirty = False
        self.draft_label.setText(self.tr("Draft saved for {period}").format(
            period=period_name(request.period)))
        return True

    def redraft(self) -> None:
        """Section IV drafted again from today's figures (a saved draft keeps old figures)."""
        if self.tabulation is None:
            return
        if self._lines(self.narrative_edit) and not messages.confirm(
                self, self.tr("Rewrite section IV"),
                self.tr("Replace the paragraphs of section IV with a new draft from the figures "
                        "shown? The changes typed there are lost; the number, date and "
                        "recipients stay."),
                self.tr("Rewrite"), self.tr("Keep my text")):
            return
        self.narrative_edit.setPlainText(
            "\n\n".join(draft_narrative(self.tabulation, self.ws.require_settings())))
        self.save_draft()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_draft()  # leaving for another page keeps what was typed
        super().hideEvent(event)

    # -- making the files ---------------------------------------------------------------------
    def default_folder(self) -> Path:
        remembered = self.ws.store.get_value(FOLDER_KEY)
        if remembered:
            return Path(remembered)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) / "khaosat" if documents else self.ws.data_dir / "reports"

    def choose_folder(self, default: Path) -> Path | None:
        """Ask where the files go (tests replace this); None when the clerk cancels."""
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the report files"), str(default))
        return Path(chosen) if chosen else None

    def generate(self) -> None:
        """Ask for the folder and write the three files, showing progress on the page."""
        if self.job is not None:
            return
        self.error_label.set_message("")
        self.result_box.hide()
        self.save_draft()
        request = self.current_request()
        if request is None or self.tabulation is None:
            return
        if self.report_date() is None:
            self.error_label.set_message(self._date_refusal())
            self.date_edit.setFocus()
            return
        if self.tabulation.forms == 0:
            self.error_label.set_message(self.tr(
                "{period} has no forms yet, so there is nothing to report. Key the forms "
                "first (F2) or choose another period.").format(
                    period=period_name(request.period)))
            return
        default = self.default_folder()
        # Made first so the folder dialog opens in it; if it cannot be made, the dialog opens
        # elsewhere and the folder chosen is checked below.
        with contextlib.suppress(OSError):
            default.mkdir(parents=True, exist_ok=True)
        folder = self.choose_folder(default)
        if folder is None:
            return
        problem = self._folder_problem(folder)
        if problem is not None:
            self.error_label.set_message(self.tr(
                "The files cannot be written to the folder {folder} ({reason}). Choose another "
                "folder, for example one in Documents.").format(
                    folder=folder, reason=self._os_reason(problem)))
            return
        self.ws.store.set_value(FOLDER_KEY, str(folder))
        try:
            steps = reports.make_report(self.ws, request, folder, self.ws.today())
        except Exception as exc:
            self._failed(exc)
            return
        self._set_busy(True)
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText(self.tr("Starting…"))
        self.job = ReportJob(steps)
        self.job.start()
        self._poll_timer.start()

    @staticmethod
    def _folder_problem(folder: Path) -> OSError | None:
        """Why nothing can be written in ``folder`` (None when a test file could be written)."""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".khaosat-", suffix=".tmp"):
                pass
        except OSError as exc:
            return exc
        return None

    def _os_reason(self, exc: OSError) -> str:
        """The operating system's refusal in words (its own text is English on Windows)."""
        if exc.errno in (errno.EACCES, errno.EPERM):
            return self.tr("no permission to write there, or the file is open in another program")
        if exc.errno == errno.ENOSPC:
            return self.tr("the disk is full")
        if exc.errno == errno.EROFS:
            return self.tr("the disk is read-only")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return self.tr("the folder does not exist")
        return exc.strerror or str(exc)

    def _step_text(self, step: str) -> str:
        texts = {
            "tabulate": self.tr("Counting the forms…"),
            "pdf": self.tr("Writing the PDF report…"),
            "xlsx": self.tr("Writing the XLSX workbook…"),
            "notice": self.tr("Writing the notice-board page…"),
            "done": self.tr("Done."),
        }
        return texts.get(step, step)

    def _progressed(self, progress: ReportProgress) -> None:
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.done)
        self.progress_label.setText(self._step_text(progress.step))
        if progress.outputs is not None:
            self._show_outputs(progress.outputs)

    def _failed(self, exc: object) -> None:
        if isinstance(exc, OSError):
            text = self.tr(
                "The report was not made: {file} could not be written ({reason}). If the file is "
                "open in a PDF viewer or Excel, close it and make the report again.").format(
                    file=exc.filename or self.tr("a file"), reason=self._os_reason(exc))
        else:
            text = self.tr(
                "The report was not made: the report writer stopped on an unexpected error "
                "({detail}). Tell the person who supports the program.").format(
                    detail=f"{type(exc).__name__}: {exc}")
        self.error_label.set_message(
            text + " " + self.tr("Files made earlier were left as they were."))

    def _poll_job(self) -> None:
        job = self.job
        if job is None:
            self._poll_timer.stop()
            return
        for kind, value in job.poll():
            if kind == "progress":
                self._progressed(value)
            elif kind == "failed":
                self._failed(value)
            else:
                self._job_finished()

    def _job_finished(self) -> None:
        job = self.job
        self.job = None
        self._poll_timer.stop()
        if job is not None:
            job.wait()
        self._set_busy(False)
        if self.outputs is None:
            self.progress_box.hide()
        else:
            self.open_pdf_button.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.progress_box.setVisible(True)
        for widget in (self.period_combo, self.number_edit, self.date_edit, self.recipients_edit,
                       self.narrative_edit, self.generate_button, self.save_button,
                       self.redraft_button):
            widget.setEnabled(not busy)
        self.action_generate.setEnabled(not busy)

    def _show_outputs(self, outputs: ReportOutputs) -> None:
        self.outputs = outputs
        folder = outputs.pdf.parent
        self.result_label.setText(self.tr(
            "Made in {folder}:\n• {pdf}\n• {xlsx}\n• {notice}\nRead the PDF through before "
            "sending it; print the notice page for the public notice board.").format(
                folder=folder, pdf=outputs.pdf.name, xlsx=outputs.xlsx.name,
                notice=outputs.notice.name))
        set_text_colour(self.result_label, OK)
        self.result_box.show()
        self.reportMade.emit(outputs)

    def wait_for_job(self) -> None:
        if self.job is not None:
            self.job.wait()

    def open_folder(self) -> None:
        if self.outputs is not None:
            self._open(self.outputs.pdf.parent)

    def open_pdf(self) -> None:
        if self.outputs is not None:
            self._open(self.outputs.pdf)

    def _open(self, path: Path) -> None:
        if not os.path.exists(path):
            self.error_label.set_message(self.tr(
                "{path} is no longer there (moved or deleted?). Make the report again.").format(
                    path=path))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.error_label.set_message(self.tr(
                "No program on this computer opens {path}. Open it from the file manager."
            ).format(path=path))
