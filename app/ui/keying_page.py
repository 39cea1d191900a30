"""The keying screen: serial, date, every question, the opinion line (DESIGN.md keyboard protocol).

Heads-down entry: the serial and the date are accepted with Enter, each answer is one key that
also moves on, Enter on the opinion saves and opens the next form. Refusals are red words next
to the field, never a modal box that would swallow the next keys. The draft is written after
every answer so a power cut loses nothing keyed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import format_date
from app.domain.entry import FormEntry
from app.domain.forms import FormRecord, Issue, clean_opinion, format_serial, parse_serial
from app.domain.questionnaire import QuestionKind
from app.services.keying import KeyingService
from app.ui import messages, style
from app.ui.answer_grid import AnswerGrid
from app.ui.early_qt import ALIGN_LEFT, ALIGN_TOP, WIDGET_WITH_CHILDREN_SHORTCUT
from app.ui.style import set_background, set_bold, set_text_colour

if TYPE_CHECKING:  # annotations only: naming an event class makes PySide build it (early_qt)
    from PySide6.QtGui import QFocusEvent, QKeyEvent

OPINION_DRAFT_DELAY_MS = 400

_SERIAL_FIELD, _DATE_FIELD, _GRID, _OPINION = "serial", "date", "grid", "opinion"


def _content(entry: FormEntry) -> tuple[object, ...]:
    """What a correction changes (not where the cursor is)."""
    return (entry.serial, entry.survey_date, tuple(sorted(entry.answers.items())),
            clean_opinion(entry.opinion))


class StepEdit(QLineEdit):
    """A one-line field in the keying sequence.

    Enter (and Tab/Down when ``forward_keys``) emits ``accepted``; Shift+Tab, Up and Backspace on
    an empty field emit ``backRequested``.
    """

    accepted = Signal()
    backRequested = Signal()
    focusEntered = Signal()

    def __init__(self, parent: QWidget | None = None, *, forward_keys: bool = True) -> None:
        super().__init__(parent)
        self._forward_keys = forward_keys

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab/Shift+Tab are steps of the protocol, handled in keyPressEvent

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focusEntered.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        Qt = QtCore.Qt  # not at import: see app/ui/early_qt.py
        key = event.key()
        if key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            key = Qt.Key.Key_Backtab  # some keyboards (and QTest) send Shift+Tab as Tab+Shift
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                          | Qt.KeyboardModifier.AltModifier))
        forward = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (
            self._forward_keys and key in (Qt.Key.Key_Tab, Qt.Key.Key_Down))
        back = key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up) or (
            key == Qt.Key.Key_Backspace and not self.text())
        if plain and forward:
            self.accepted.emit()
        elif plain and back:
            self.backRequested.emit()
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Down):
            event.accept()  # the opinion: stay, do not wander into the toolbar
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class KeyingPage(QWidget):
    """One form at a time, keyed with the keyboard alone; emits ``formSaved`` after each save."""

    formSaved = Signal(object)  # FormRecord
    correctionFinished = Signal()

    def __init__(self, service: KeyingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyingPage")
        self.service = service
        self._stash: FormEntry | None = None  # the new form set aside while correcting another
        self._original: tuple[object, ...] | None = None  # the stored form being corrected
        self._loading = False
        self._message_is_error = False
        self._where = _SERIAL_FIELD

        self.grid = AnswerGrid(self)
        self.entry = FormEntry(service.questionnaire())
        self._build()
        self._make_actions()
        self._opinion_timer = QTimer(self)
        self._opinion_timer.setSingleShot(True)
        self._opinion_timer.setInterval(OPINION_DRAFT_DELAY_MS)
        self._opinion_timer.timeout.connect(self._save_draft)
        self.start_new_form()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 8)
        outer.setSpacing(8)

        self.banner = QLabel(self)
        self.banner.setObjectName("correctionBanner")
        set_background(self.banner, "#fff1c2")
        set_text_colour(self.banner, "#4a3700")
        set_bold(self.banner)
        self.banner.setFrameShape(QFrame.Shape.Box)
        self.banner.setMargin(4)
        self.banner.hide()
        outer.addWidget(self.banner)

        top = QHBoxLayout()
        top.setSpacing(8)
        serial_label = QLabel(self.tr("Serial"), self)
        self.serial_edit = StepEdit(self)
        self.serial_edit.setObjectName("serialEdit")
        self.serial_edit.setMaxLength(6)
        self.serial_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("0000000") + 24)
        serial_label.setBuddy(self.serial_edit)
        date_label = QLabel(self.tr("Date"), self)
        self.date_edit = StepEdit(self)
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setMaxLength(10)
        self.date_edit.setFixedWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        date_label.setBuddy(self.date_edit)
        self.field_message = QLabel(self)
        self.field_message.setObjectName("fieldMessage")
        set_text_colour(self.field_message, style.ERROR)
        # A long text never widens the window: a minimum width of its own overrides the text's
        # (QSizePolicy.Ignored would say the same, but makes PySide build QSizePolicy: early_qt).
        self.field_message.setMinimumWidth(1)
        for w in (serial_label, self.serial_edit, date_label, self.date_edit):
            top.addWidget(w)
        top.addSpacing(10)
        top.addWidget(self.field_message, 1)
        outer.addLayout(top)

        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        set_background(frame, "#ffffff")
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(6, 4, 6, 6)
        frame_layout.addWidget(self.grid)
        outer.addWidget(frame, 1)

        opinion_row = QHBoxLayout()
        opinion_label = QLabel(self.tr("Other opinion"), self)
        self.opinion_edit = StepEdit(self, forward_keys=False)
        self.opinion_edit.setObjectName("opinionEdit")
        self.opinion_edit.setMaxLength(self.entry.questionnaire.opinion.max_length)
        opinion_label.setBuddy(self.opinion_edit)
        opinion_row.addWidget(opinion_label)
        opinion_row.addWidget(self.opinion_edit, 1)
        outer.addLayout(opinion_row)

        self.question_text = QLabel(self)
        self.question_text.setObjectName("questionText")
        self.question_text.setWordWrap(True)
        bold = QFont(self.font())
        bold.setBold(True)
        self.question_text.setFont(bold)
        self.question_text.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 2)
        self.question_text.setProperty("alignment", ALIGN_LEFT | ALIGN_TOP)
        self.question_text.setMinimumWidth(1)
        outer.addWidget(self.question_text)

        self.hint = QLabel(self)
        self.hint.setObjectName("keyHint")
        self.hint.setMinimumWidth(1)
        set_text_colour(self.hint, "#333333")
        outer.addWidget(self.hint)

        self.message = QLabel(self)
        self.message.setObjectName("keyingMessage")
        self.message.setMinimumWidth(1)
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() + 2)
        outer.addWidget(self.message)

        self.serial_edit.accepted.connect(self._serial_entered)
        self.serial_edit.focusEntered.connect(lambda: self._focus_moved(_SERIAL_FIELD))
        self.serial_edit.textEdited.connect(lambda _t: self.field_message.clear())
        self.date_edit.accepted.connect(self._date_entered)
        self.date_edit.backRequested.connect(self._focus_serial)
        self.date_edit.focusEntered.connect(lambda: self._focus_moved(_DATE_FIELD))
        self.date_edit.textEdited.connect(lambda _t: self.field_message.clear())
        self.grid.answered.connect(self._answers_changed)
        self.grid.moved.connect(self._question_moved)
        self.grid.backOut.connect(self._focus_date)
        self.grid.forwardOut.connect(self._focus_opinion)
        self.grid.refused.connect(self._grid_refused)
        self.grid.enterPressed.connect(self.save)
        self.grid.focusEntered.connect(lambda: self._focus_moved(_GRID))
        self.opinion_edit.accepted.connect(self.save)
        self.opinion_edit.backRequested.connect(self._opinion_back)
        self.opinion_edit.focusEntered.connect(lambda: self._focus_moved(_OPINION))
        self.opinion_edit.textChanged.connect(self._opinion_changed)

    def _make_actions(self) -> None:
        # QAction(parent) then setText: QAction(text, parent) makes PySide build QIcon's enums.
        self.save_action = QAction(self)
        self.save_action.setText(self.tr("Save form"))
        self.save_action.setObjectName("action_save_form")
        # Properties: setShortcut and setShortcutContext need Qt and QKeySequence (early_qt).
        self.save_action.setProperty("shortcut", "Ctrl+S")
        self.save_action.setProperty("shortcutContext", WIDGET_WITH_CHILDREN_SHORTCUT)
        self.save_action.triggered.connect(self.save)
        self.clear_action = QAction(self)
        self.clear_action.setText(self.tr("Clear form"))
        self.clear_action.setObjectName("action_clear_form")
        self.clear_action.setProperty("shortcut", "Esc")
        self.clear_action.setProperty("shortcutContext", WIDGET_WITH_CHILDREN_SHORTCUT)
        self.clear_action.triggered.connect(self.escape)
        self.addAction(self.save_action)
        self.addAction(self.clear_action)

    def finish_start(self) -> None:
        """The switches that need Qt's namespace (app/ui/early_qt.py), set once the window is
        painted (MainWindow.showEvent): Unikey/Telex off on the serial and the date, so a
        digit stays a digit and never starts a composition; the grid paints every pixel."""
        Qt = QtCore.Qt
        for edit in (self.serial_edit, self.date_edit):
            edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.grid.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    # -- public ------------------------------------------------------------------------------
    @property
    def correcting(self) -> bool:
        return self.entry.editing_form_id is not None

    def start_new_form(self, *, keep_date: bool = True) -> None:
        """A blank form: the next expected serial selected, the date kept, focus on the serial."""
        date_text = self.date_edit.text() if keep_date and self.date_edit.text() else ""
        self._set_entry(FormEntry(self.service.questionnaire()))
        self._loading = True
        self.serial_edit.setText(format_serial(self.service.next_expected_serial()))
        self.date_edit.setText(date_text or format_date(self.service.default_date()))
        self.opinion_edit.clear()
        self._loading = False
        self.banner.hide()
        self._original = None
        self.field_message.clear()
        self._focus_serial()

    def focus_current(self) -> None:
        """Give the keyboard back to where the form is (after another page or a dialog)."""
        if self.entry.serial is None:
            self._focus_serial()
        elif self.entry.survey_date is None:
            self._focus_date()
        elif self.entry.on_opinion:
            self._focus_opinion()
        else:
            self._focus_grid()

    def refresh_questionnaire(self) -> None:
        """After the settings changed: an untouched form picks up the new definition and year."""
        if self.entry.is_empty and not self.correcting:
            self.start_new_form(keep_date=False)

    def load_for_correction(self, form_id: int) -> None:
        """Open a stored form to correct it; Esc gives up, saving updates it (audited)."""
        from app.services.forms import open_for_correction

        entry = open_for_correction(self.service.ws, form_id)
        self._flush_opinion()
        if self.correcting and not self._may_drop_changes():
            self.focus_current()
            return
        if not self.correcting and not self.entry.is_empty:
            self._stash = self.entry
        entry.go_to(0)
        self._original = _content(entry)
        self._restore(entry)
        self._show_banner()
        self._save_draft()

    def offer_pending_draft(self) -> bool:
        """Offer back a half-keyed form left by a crash; True when it was taken up again."""
        pending = self.service.pending_draft()
        if pending is None:
            return False
        entry = pending.entry
        serial = format_serial(entry.serial) if entry.serial is not None else "—"
        text = self.tr(
            "A form was left half keyed: serial {serial}, {done}/{total} questions, saved at "
            "{time} on {date}. Continue keying this form?"
        ).format(serial=serial, done=len(entry.answers), total=len(entry.questions),
                 time=pending.saved_at.strftime("%H:%M"),
                 date=pending.saved_at.strftime("%d/%m/%Y"))
        if messages.confirm(self, self.tr("Form left half keyed"), text,
                            self.tr("Continue this form"), self.tr("Discard it"),
                            default_yes=True):
            if entry.editing_form_id is not None:
                stored = self.service.ws.store.get_form(entry.editing_form_id)
                if stored is None:
                    self.service.discard_draft()
                    return False
                self._original = _content(FormEntry.from_record(entry.questionnaire, stored))
            self._restore(entry)
            if self.correcting:
                self._show_banner()
            return True
        self.service.discard_draft()
        return False

    def flush_draft(self) -> None:
        """Write a pending opinion edit to the draft now (before closing)."""
        if self._opinion_timer.isActive():
            self._opinion_timer.stop()
            self._save_draft()

    # -- the keying sequence -------------------------------------------------------------------
    def _serial_entered(self) -> None:
        if self._accept_serial():
            self._save_draft()
            self._focus_date()

    def _date_entered(self) -> None:
        if self._accept_date():
            self._save_draft()
            self._warn_if_locked()
            if self.entry.on_opinion:
                self._focus_opinion()
            else:
                self._focus_grid()

    def _warn_if_locked(self) -> None:
        """Said once the date is taken, before the answers: a wrong date shows now, and a
        right one will ask a reason at saving (docs/export.md, "Period lock")."""
        assert self.entry.survey_date is not None
        export = self.service.locked_export_for([self.entry.survey_date])
        if export is None:
            return
        from app.ui.lock_reason_dialog import period_name

        self.field_message.setText("⚠ " + self.tr(
            "{period} was already sent to the district: saving will ask a reason").format(
            period=period_name(export.period_label, capital=True)))
        set_text_colour(self.field_message, style.WARNING)

    def _accept_serial(self) -> bool:
        parsed = parse_serial(self.serial_edit.text())
        if isinstance(parsed, Issue):
            self._field_refused(parsed, self.serial_edit)
            return False
        taken = self.service.check_serial(parsed, editing_form_id=self.entry.editing_form_id)
        if taken is not None:
            self._field_refused(taken, self.serial_edit)
            return False
        # Never printed, or marked spoiled: said once, in words; Enter again goes on.
        doubt = self.service.serial_warning(parsed, editing_form_id=self.entry.editing_form_id)
        if doubt is not None:
            from app.ui.issuance_text import issuance_text

            self.field_message.setText("⚠ " + issuance_text(doubt))
            set_text_colour(self.field_message, style.WARNING)
            self.serial_edit.setFocus()
            self.serial_edit.selectAll()
            return False
        self.entry.serial = parsed
        self._loading = True
        self.serial_edit.setText(format_serial(parsed))
        self._loading = False
        self.field_message.clear()
        return True

    def _accept_date(self) -> bool:
        parsed = self.service.parse_date(self.date_edit.text())
        if isinstance(parsed, Issue):
            self._field_refused(parsed, self.date_edit)
            return False
        self.entry.survey_date = parsed
        self.date_edit.setText(format_date(parsed))
        self.field_message.clear()
        return True

    def _answers_changed(self) -> None:
        self._clear_message()
        self._save_draft()

    def _question_moved(self) -> None:
        self._clear_message()
        self._show_question()

    def _grid_refused(self, issue: Issue) -> None:
        self._show_error(messages.issue_text(issue, self.entry.questionnaire))

    def _opinion_changed(self, text: str) -> None:
        if self._loading:
            return
        self.entry.opinion = text
        self._opinion_timer.start()

    def _flush_opinion(self) -> None:
        self.entry.opinion = self.opinion_edit.text()
        self.flush_draft()

    def _opinion_back(self) -> None:
        self.entry.go_to(len(self.entry.questions) - 1)
        self._focus_grid()

    # -- save / clear ----------------------------------------------------------------------------
    def save(self) -> FormRecord | None:
        """Save the form if complete; otherwise say what is missing and go there."""
        self._flush_opinion()
        if not self._accept_serial():
            self._focus_serial(select=False)
            return None
        if not self._accept_date():
            self._focus_date(select=False)
            return None
        first = self.entry.first_unanswered()
        if first is not None:
            q = self.entry.questions[first]
            self.grid.go_to(first)
            self._focus_grid()
            self._show_error(messages.issue_text(
                Issue("answer_missing", {"code": q.code, "number": q.number, "short": q.short}),
                self.entry.questionnaire))
            return None
        result = self.service.save(self.entry)
        if isinstance(result, list) and result[0].code == "period_locked":
            result = self._save_with_reason(result[0])
            if result is None:
                return None
        if isinstance(result, list):
            self._save_refused(result)
            return None
        was_correcting = self.correcting
        self._after_save(result, was_correcting)
        self.formSaved.emit(result)
        return result

    def _save_with_reason(self, locked: Issue) -> FormRecord | list[Issue] | None:
        """A form of an exported period: ask why, then save with the reason. Esc in the
        dialog leaves the form on screen as it was, unsaved (None)."""
        from app.ui.lock_reason_dialog import ask_lock_reason

        assert self.entry.serial is not None and self.entry.survey_date is not None
        form_text = self.tr("Form {serial} of {date}").format(
            serial=format_serial(self.entry.serial), date=format_date(self.entry.survey_date))
        reason = ask_lock_reason(self, locked.params, form_text)
        if reason is None:
            self.focus_current()
            self._show_error(self.tr("Not saved: a form of an exported period needs a reason. "
                                     "Ctrl+S to save it with one."))
            return None
        return self.service.save(self.entry, reason=reason)

    def _save_refused(self, issues: list[Issue]) -> None:
        issue = issues[0]
        if issue.code.startswith("serial"):
            self._field_refused(issue, self.serial_edit)
        elif issue.code.startswith("date"):
            self._field_refused(issue, self.date_edit)
        elif issue.code == "opinion_too_long":
            self._focus_opinion()
            self._show_error(messages.issue_text(issue, self.entry.questionnaire))
        else:
            code = issue.params.get("code")
            for i, q in enumerate(self.entry.questions):
                if q.code == code:
                    self.grid.go_to(i)
                    self._focus_grid()
                    break
            self._show_error(messages.issue_text(issue, self.entry.questionnaire))

    def _after_save(self, record: FormRecord, was_correcting: bool) -> None:
        if was_correcting:
            self.correctionFinished.emit()
        if was_correcting and self._stash is not None:
            self._resume_stash()
        else:
            self.start_new_form(keep_date=not was_correcting)
        text = self.tr("✓ Saved form {serial}").format(serial=format_serial(record.serial))
        if was_correcting:
            text = self.tr("✓ Corrected form {serial}").format(serial=format_serial(record.serial))
        self._show_ok(text)

    def escape(self) -> None:
        """Esc: give up a correction, or clear the form after confirmation."""
        self._flush_opinion()
        if self.correcting:
            if not self._may_drop_changes():
                self.focus_current()
                return
            self.service.discard_draft()
            self.correctionFinished.emit()
            if self._stash is not None:
                self._resume_stash()
            else:
                self.start_new_form(keep_date=False)
            self._clear_message()
            return
        if not self.entry.is_empty and not messages.confirm(
                self, self.tr("Clear the form"),
                self.tr("Clear this form and everything keyed on it?"),
                self.tr("Clear the form"), self.tr("Keep keying")):
            self.focus_current()
            return
        self.service.discard_draft()
        self.start_new_form()
        self._clear_message()

    def _may_drop_changes(self) -> bool:
        """While correcting: True when nothing was changed or the clerk agrees to drop it."""
        if self._original is None or _content(self.entry) == self._original:
            return True
        serial = format_serial(self.entry.serial) if self.entry.serial is not None else ""
        return messages.confirm(
            self, self.tr("Stop correcting"),
            self.tr("Drop the changes made to form {serial}?").format(serial=serial),
            self.tr("Drop the changes"), self.tr("Keep correcting"))

    def _resume_stash(self) -> None:
        stash, self._stash = self._stash, None
        assert stash is not None
        self._original = None
        self.banner.hide()
        self._restore(stash)
        self._save_draft()

    # -- state <-> widgets -------------------------------------------------------------------
    def _set_entry(self, entry: FormEntry) -> None:
        self.entry = entry
        self.grid.set_entry(entry)
        self.opinion_edit.setMaxLength(entry.questionnaire.opinion.max_length)

    def _restore(self, entry: FormEntry) -> None:
        self._set_entry(entry)
        self._loading = True
        self.serial_edit.setText(
            format_serial(entry.serial) if entry.serial is not None
            else format_serial(self.service.next_expected_serial()))
        self.date_edit.setText(format_date(entry.survey_date) if entry.survey_date
                               else format_date(self.service.default_date()))
        self.opinion_edit.setText(entry.opinion)
        self._loading = False
        self.field_message.clear()
        self._clear_message()
        self.focus_current()

    def _show_banner(self) -> None:
        serial = format_serial(self.entry.serial) if self.entry.serial is not None else ""
        self.banner.setText(self.tr("Correcting form {serial} — Esc to stop").format(serial=serial))
        self.banner.show()

    def _save_draft(self) -> None:
        self._opinion_timer.stop()
        self.service.save_draft(self.entry)

    # -- focus and hints ----------------------------------------------------------------------
    def _focus_serial(self, select: bool = True) -> None:
        self.serial_edit.setFocus()
        if select:
            self.serial_edit.selectAll()
        self._focus_moved(_SERIAL_FIELD)

    def _focus_date(self, select: bool = True) -> None:
        self.date_edit.setFocus()
        if select:
            self.date_edit.selectAll()
        self._focus_moved(_DATE_FIELD)

    def _focus_grid(self) -> None:
        if self.entry.on_opinion:
            self.entry.go_to(len(self.entry.questions) - 1)
        self.grid.setFocus()
        self.grid.update()
        self._focus_moved(_GRID)

    def _focus_opinion(self) -> None:
        self.entry.go_to(len(self.entry.questions))
        self.grid.update()
        self.opinion_edit.setFocus()
        self.opinion_edit.end(False)
        self._focus_moved(_OPINION)

    def _focus_moved(self, where: str) -> None:
        self._where = where
        if where == _OPINION and not self.entry.on_opinion:
            self.entry.go_to(len(self.entry.questions))
            self.grid.update()
        self._show_question()

    def _show_question(self) -> None:
        # The field that has (or, in an inactive window, will get) the keyboard decides; the
        # remembered step is only a fallback, as focus events come late behind a dialog.
        where = {self.serial_edit: _SERIAL_FIELD, self.date_edit: _DATE_FIELD, self.grid: _GRID,
                 self.opinion_edit: _OPINION}.get(self.focusWidget(), self._where)
        if where == _SERIAL_FIELD:
            self.question_text.setText(self.tr("Serial number printed on the form"))
            self.hint.setText(self.tr(
                "Type the serial · Enter accepts · F1 keys · Esc clears the form"))
        elif where == _DATE_FIELD:
            self.question_text.setText(self.tr("Date of the survey"))
            self.hint.setText(self.tr(
                "ddmmyy, ddmmyyyy or dd/mm/yyyy · Enter accepts · ⇧Tab back to the serial"))
        elif where == _OPINION:
            self.question_text.setText(self.entry.questionnaire.opinion.text)
            self.hint.setText(self.tr(
                "Type the opinion as written, if any · Enter saves the form · "
                "⌫ on empty: back to the last question"))
        else:
            q = self.entry.current
            if q is None:
                return
            if q.kind is QuestionKind.RATING:
                text = f"{q.number}. {q.text}" if q.number else q.text
                scale = self.entry.questionnaire.scale_labels
                if len(scale) >= 5:
                    text += f"   (1 = {scale[0].lower()} … 5 = {scale[4].lower()})"
            else:
                options = " · ".join(f"{i} {o.label}" for i, o in enumerate(q.options, 1))
                text = f"{q.text}:  {options}"
            self.question_text.setText(text)
            self.hint.setText(self.tr(
                "1–{max} choose · 0 blank · 9 unreadable · ⌫ back · Enter saves"
            ).format(max=q.option_count))

    def _field_refused(self, issue: Issue, edit: QLineEdit) -> None:
        set_text_colour(self.field_message, style.ERROR)
        self.field_message.setText("✗ " + messages.issue_text(issue, self.entry.questionnaire))
        edit.setFocus()
        edit.selectAll()

    def _show_error(self, text: str) -> None:
        set_text_colour(self.message, style.ERROR)
        set_bold(self.message, False)
        self.message.setText("✗ " + text)
        self._message_is_error = True

    def _show_ok(self, text: str) -> None:
        set_text_colour(self.message, style.OK)
        set_bold(self.message, True)
        self.message.setText(text)
        self._message_is_error = False

    def _clear_message(self) -> None:
        if self._message_is_error or self.message.text():
            self.message.clear()
            self._message_is_error = False
