"""The answerable questions of one form, painted by a single widget and keyed one digit each.

The grid renders a ``FormEntry`` and forwards keys to it; the keying rules themselves live in
``app.domain.entry``. One widget paints every row, so a keystroke costs one state change and one
repaint, well inside the 16 ms budget from key press to the next question.

Input methods (Unikey, EVKey in Telex/VNI) are disabled on the grid, and a digit that still
arrives as a committed input-method string is taken like a key press.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QPoint, QRect, QSize, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPixmap
from PySide6.QtWidgets import QStylePainter, QWidget

from app.domain.entry import FormEntry, digit_of_key_text
from app.domain.forms import Issue
from app.domain.questionnaire import BLANK, RATING_LEVELS, UNREADABLE, QuestionKind, Questionnaire
from app.ui.early_qt import (
    ALIGN_BOTTOM,
    ALIGN_CENTER,
    ALIGN_HCENTER,
    ALIGN_LEFT,
    ALIGN_RIGHT,
    ALIGN_VCENTER,
    STRONG_FOCUS,
    Ink,
    circle_pixmap,
    elided,
)

if TYPE_CHECKING:  # annotations only: naming an event class makes PySide build it (early_qt)
    from PySide6.QtGui import (
        QInputMethodEvent,
        QKeyEvent,
        QMouseEvent,
        QPaintEvent,
        QResizeEvent,
    )

TEXT = QColor("#1a1a1a")
MUTED = QColor("#555555")
HEADER = QColor("#17365d")
RULE = QColor("#c9d2dc")
CURRENT_BG = QColor("#ffe9a8")
CURRENT_EDGE = QColor("#7a5b00")
DOT_EMPTY = QColor("#8a8a8a")
DOT_FILLED = QColor("#17365d")
BACKGROUND = QColor("#ffffff")

_COLUMN_GAP = 28
# No ``Qt`` while the window is built and first painted (app/ui/early_qt.py): the grid is
# painted with ``Ink`` and these flags, and the key tables are made at the first key press.
_LEFT = ALIGN_VCENTER | ALIGN_LEFT
_RIGHT = ALIGN_VCENTER | ALIGN_RIGHT


@cache
def _keys() -> tuple[dict[QtCore.Qt.Key, int], tuple[QtCore.Qt.Key, ...],
                     tuple[QtCore.Qt.Key, ...]]:
    """Digit keys, keys that move back, keys that move forward."""
    key = QtCore.Qt.Key
    return ({getattr(key, f"Key_{n}"): n for n in range(10)},
            (key.Key_Backtab, key.Key_Up, key.Key_Left),
            (key.Key_Tab, key.Key_Down, key.Key_Right))


# Plain classes, not dataclasses: building a dataclass costs milliseconds at start-up.
class _Line:
    """One painted line: a section header or a question (``index`` into the questions)."""

    __slots__ = ("index", "ratings_follow", "text")

    def __init__(self, text: str, index: int | None = None, ratings_follow: bool = False) -> None:
        self.text = text
        self.index = index
        self.ratings_follow = ratings_follow  # header of a rated component: shows the 1..5 scale


class _Placed:
    __slots__ = ("line", "rect")

    def __init__(self, line: _Line, rect: QRect) -> None:
        self.line = line
        self.rect = rect


class AnswerGrid(QWidget):
    """Keys: 1..n answer and move on, 0 blank, 9 unreadable; ⌫ clears or goes back; arrows move.

    Signals tell the keying page what happened; the page saves the draft and moves focus.
    """

    answered = Signal()  # answers changed (an answer keyed or cleared)
    moved = Signal()  # the current question changed
    backOut = Signal()  # back from the first question (to the date)
    forwardOut = Signal()  # forward past the last question (to the opinion)
    refused = Signal(object)  # an Issue: a key that is not an answer here
    enterPressed = Signal()
    focusEntered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerGrid")
        self.setProperty("focusPolicy", STRONG_FOCUS)
        # Unikey/Telex stay out: a digit must stay a digit, never start a composition. A plain
        # QWidget has input methods off (WA_InputMethodEnabled unset), unlike a line edit.
        self._entry: FormEntry | None = None
        self._questionnaire: Questionnaire | None = None
        self._lines: list[_Line] = []
        self._groups: list[list[_Line]] = []
        self._placed: list[_Placed] = []
        self._rows: dict[int, QRect] = {}
        self._columns = 2
        self._painted_current = -1
        self._geometry: _Geometry | None = None
        self._laid_out_with: _Geometry | None = None  # the rows below are for these fonts
        self._elided: dict[tuple[int, bool], str] = {}
        self._ink = Ink()

    # -- state ---------------------------------------------------------------------------
    @property
    def entry(self) -> FormEntry | None:
        return self._entry

    def set_entry(self, entry: FormEntry) -> None:
        self._entry = entry
        if entry.questionnaire is not self._questionnaire:
            self._questionnaire = entry.questionnaire
            self._geometry = None  # the answer column follows the longest choice name
            self._build_lines()
            self._relayout()
        self.update()

    def refresh(self) -> None:
        self.update()

    def _sync(self) -> None:
        """Repaint only what a key changed: the row that was current and the one now current."""
        now = self._entry.index if self._entry is not None else -1
        for index in {self._painted_current, now}:
            rect = self._rows.get(index)
            if rect is not None:
                self.update(rect)
        self._painted_current = now

    @property
    def column_count(self) -> int:
        return self._columns

    def row_rect(self, index: int) -> QRect:
        """Where question ``index`` is painted (empty when not laid out)."""
        return QRect(self._rows.get(index, QRect()))

    # -- keys ----------------------------------------------------------------------------
    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab and Shift+Tab move between questions, handled in keyPressEvent

    def focusInEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusInEvent(event)
        self._sync()
        self.focusEntered.emit()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self._sync()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        entry = self._entry
        if entry is None:
            event.ignore()
            return
        Qt = QtCore.Qt
        digit_keys, back_keys, forward_keys = _keys()
        key = event.key()
        if key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            key = Qt.Key.Key_Backtab  # some keyboards (and QTest) send Shift+Tab as Tab+Shift
        mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier
                                     | Qt.KeyboardModifier.ShiftModifier)
        if mods:
            event.ignore()  # Ctrl/Alt combinations are commands, not answers
            return
        digit = digit_of_key_text(event.text())
        if digit is None and key in digit_keys and not event.text():
            digit = digit_keys[key]
        if digit is not None and key not in (Qt.Key.Key_Backtab, Qt.Key.Key_Tab):
            self.answer(digit)
        elif key == Qt.Key.Key_Backspace:
            self._backspace()
        elif key == Qt.Key.Key_Delete:
            if entry.clear_current():
                self._sync()
                self.answered.emit()
        elif key in back_keys:
            self.back()
        elif key in forward_keys:
            self.forward()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enterPressed.emit()
        elif key == Qt.Key.Key_Home:
            self.go_to(0)
        elif key == Qt.Key.Key_End:
            first = entry.first_unanswered()
            self.go_to(first if first is not None else len(entry.questions) - 1)
        elif event.text() and event.text().isprintable() and not event.text().isspace():
            self._refuse_not_digit()
        else:
            event.ignore()
            return
        event.accept()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        # A digit may still come as a committed IME string (an IME that ignores the attribute).
        for ch in event.commitString():
            digit = digit_of_key_text(ch)
            if digit is not None:
                self.answer(digit)
            elif not ch.isspace():
                self._refuse_not_digit()
                break
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().toPoint())
        self.setFocus(QtCore.Qt.FocusReason.MouseFocusReason)
        if index is not None:
            self.go_to(index)

    def index_at(self, point: QPoint) -> int | None:
        for index, rect in self._rows.items():
            if rect.contains(point):
                return index
        return None

    # -- moves ---------------------------------------------------------------------------
    def answer(self, digit: int) -> None:
        entry = self._entry
        if entry is None:
            return
        if entry.on_opinion:
            self.forwardOut.emit()
            return
        issue = entry.answer_current(digit)
        if issue is not None:
            self.refused.emit(issue)
            return
        self._sync()
        self.answered.emit()
        if entry.on_opinion:
            self.forwardOut.emit()
        else:
            self.moved.emit()

    def back(self) -> None:
        entry = self._entry
        if entry is None:
            return
        if entry.back():
            self._sync()
            self.moved.emit()
        else:
            self.backOut.emit()

    def forward(self) -> None:
        entry = self._entry
        if entry is None:
            return
        entry.forward()
        self._sync()
        if entry.on_opinion:
            self.forwardOut.emit()
        else:
            self.moved.emit()

    def go_to(self, index: int) -> None:
        if self._entry is None:
            return
        self._entry.go_to(index)
        self._sync()
        self.moved.emit()

    def _backspace(self) -> None:
        entry = self._entry
        assert entry is not None
        if entry.clear_current():
            self._sync()
            self.answered.emit()
            self.moved.emit()
        else:
            self.back()

    def _refuse_not_digit(self) -> None:
        q = self._entry.current if self._entry is not None else None
        self.refused.emit(Issue("answer_not_digit", {"max": q.option_count if q else 5}))

    # -- layout --------------------------------------------------------------------------
    def _build_lines(self) -> None:
        q = self._questionnaire
        self._groups = []
        if q is None:
            self._lines = []
            return
        position = {question.code: i for i, question in enumerate(q.questions)}
        placed: set[int] = set()
        general = [i for i, question in enumerate(q.questions)
                   if question.kind is not QuestionKind.RATING]
        if general:
            self._groups.append(
                [_Line(self.tr("General information"))] + [_Line("", i) for i in general])
            placed.update(general)
        for component in q.components:
            indexes = [position[c] for c in component.question_codes if c in position]
            if not indexes:
                continue
            title = f"{component.number}. {component.title}".strip(". ")
            self._groups.append([_Line(title, ratings_follow=True)]
                                + [_Line("", i) for i in indexes])
            placed.update(indexes)
        rest = [i for i in range(len(q.questions)) if i not in placed]
        if rest:
            self._groups.append([_Line(self.tr("Other questions"), ratings_follow=True)]
                                + [_Line("", i) for i in rest])
        self._lines = [line for group in self._groups for line in group]

    def _metrics(self) -> tuple[QFontMetrics, int, int]:
        fm = QFontMetrics(self.font())
        natural = fm.height() + 11
        tight = fm.height() + 3
        return fm, natural, tight

    def _split(self, columns: int) -> list[list[_Line]]:
        """Groups into columns, never splitting a group, the longest column as short as can be."""
        if columns <= 1 or len(self._groups) < 2:
            return [list(self._lines)]
        sizes = [len(g) for g in self._groups]
        total = sum(sizes)
        best_cut, best_height, running = 1, total, 0
        for cut in range(1, len(sizes)):
            running += sizes[cut - 1]
            height = max(running, total - running)
            if height < best_height:
                best_cut, best_height = cut, height
        left = [line for g in self._groups[:best_cut] for line in g]
        right = [line for g in self._groups[best_cut:] for line in g]
        return [left, right]

    def _geom(self) -> _Geometry:
        """Fonts and columns for the widget's font, made again when the font has changed.

        Compared here, not caught in ``changeEvent``: PySide hands that handler a bare QEvent,
        and finding its class builds every event class of Qt, about 8 M instructions before
        the first paint (app/ui/early_qt.py). QWidget's own handler already asks the layout
        for new size hints and repaints; ``paintEvent`` lays the rows out again.
        """
        font = self.font()
        if self._geometry is None or self._geometry.normal != font:
            self._geometry = _Geometry(font, self._questionnaire)
        return self._geometry

    def _relayout(self) -> None:
        self._laid_out_with = self._geom()
        self._placed = []
        self._rows = {}
        self._elided = {}
        if not self._lines:
            return
        _, natural, tight = self._metrics()
        width, height = max(self.width(), 1), max(self.height(), 1)
        # One column when it fits; otherwise two (narrow texts are elided, never cut off).
        fits_one = len(self._lines) * natural <= height
        self._columns = 1 if fits_one or len(self._groups) < 2 else 2
        columns = self._split(self._columns)
        longest = max(len(c) for c in columns)
        row_h = max(tight, min(natural, height // max(longest, 1)))
        col_w = (width - _COLUMN_GAP * (self._columns - 1)) // self._columns
        for c, lines in enumerate(columns):
            x = c * (col_w + _COLUMN_GAP)
            for r, line in enumerate(lines):
                rect = QRect(x, r * row_h, col_w, row_h)
                self._placed.append(_Placed(line, rect))
                if line.index is not None:
                    self._rows[line.index] = rect

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def sizeHint(self) -> QSize:
        _, natural, _ = self._metrics()
        longest = max((len(c) for c in self._split(2)), default=1)
        return QSize(2 * self._geom().min_column_width + _COLUMN_GAP + 160, longest * natural)

    def minimumSizeHint(self) -> QSize:
        _, _, tight = self._metrics()
        longest = max((len(c) for c in self._split(2)), default=1)
        return QSize(2 * self._geom().min_column_width + _COLUMN_GAP, longest * tight)

    # -- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        # No pens or brushes here (app/ui/early_qt.py): areas, text and circles through Ink.
        p = QStylePainter(self)
        clip = event.rect()
        ink = self._ink
        ink.fill(p, clip, BACKGROUND)
        entry = self._entry
        if entry is None:
            p.end()
            return
        g = self._geom()
        if g is not self._laid_out_with:  # the font changed
            self._relayout()
        # The focus widget of the window, even while a dialog or another program is in front.
        show_current = self.window().focusWidget() is self and not entry.on_opinion
        self._painted_current = entry.index
        for placed in self._placed:
            if not placed.rect.intersects(clip):
                continue
            if placed.line.index is None:
                self._paint_header(p, g, placed)
            else:
                current = show_current and placed.line.index == entry.index
                self._paint_question(p, g, placed.rect, placed.line.index, current)
        p.end()

    def _paint_header(self, p: QStylePainter, g: _Geometry, placed: _Placed) -> None:
        ink = self._ink
        rect = placed.rect
        left = rect.left() + 6
        dots_x = g.dots_x(rect)
        right = dots_x - 6 if placed.line.ratings_follow else rect.right()
        # A long title takes the whole line; the 1..5 scale shows on the other headers.
        show_scale = placed.line.ratings_follow and (
            g.bold_fm.horizontalAdvance(placed.line.text) <= right - left)
        if not show_scale:
            right = rect.right() - 4
        p.setFont(g.bold)
        text_rect = QRect(left, rect.top(), right - left, rect.height())
        ink.text(p, text_rect, ALIGN_LEFT | ALIGN_BOTTOM,
                 elided(g.bold_fm, placed.line.text, text_rect.width()), HEADER)
        ink.fill(p, QRect(rect.left() + 4, rect.bottom(), rect.width() - 8, 1), RULE)
        if show_scale:
            p.setFont(g.small)
            for i, level in enumerate(RATING_LEVELS):
                cell = QRect(dots_x + i * g.step, rect.top(), g.step, rect.height() - 2)
                ink.text(p, cell, ALIGN_HCENTER | ALIGN_BOTTOM, str(level), MUTED)

    def _short_text(self, g: _Geometry, index: int, bold: bool, width: int) -> str:
        key = (index, bold)
        text = self._elided.get(key)
        if text is None:
            assert self._entry is not None
            metrics = g.bold_fm if bold else g.fm
            text = elided(metrics, self._entry.questions[index].short, width)
            self._elided[key] = text
        return text

    def _paint_question(self, p: QStylePainter, g: _Geometry, rect: QRect, index: int,
                        current: bool) -> None:
        entry = self._entry
        assert entry is not None
        ink = self._ink
        q = entry.questions[index]
        answer = entry.answers.get(q.code)
        if current:
            inner = rect.adjusted(0, 1, 0, -1)
            ink.fill(p, inner, CURRENT_BG)
            ink.fill(p, QRect(inner.left(), inner.top(), 4, inner.height()), CURRENT_EDGE)
        p.setFont(g.bold if current else g.normal)
        x = rect.left() + 8
        if current:
            ink.text(p, QRect(x, rect.top(), g.marker_w, rect.height()), _LEFT, "▶",
                     CURRENT_EDGE)
        x += g.marker_w
        if q.number:
            ink.text(p, QRect(x, rect.top(), g.number_w - 6, rect.height()), _RIGHT, q.number,
                     TEXT)
        x += g.number_w
        rating = q.kind is QuestionKind.RATING
        answer_x = g.dots_x(rect) if rating else rect.left() + g.choice_x
        text_w = answer_x - x - 10
        ink.text(p, QRect(x, rect.top(), text_w, rect.height()), _LEFT,
                 self._short_text(g, index, current, text_w), TEXT)
        if rating:
            self._paint_rating_answer(p, g, rect, answer, current, answer_x)
        else:
            label = q.label_of(answer) if answer is not None else ""
            self._paint_choice_answer(p, g, rect, label, answer, current, answer_x)

    def _paint_rating_answer(self, p: QStylePainter, g: _Geometry, rect: QRect, answer: int | None,
                             current: bool, dots_x: int) -> None:
        cy = rect.center().y() + 1
        if answer in (BLANK, UNREADABLE):
            p.setFont(g.small)
            word = self.tr("blank") if answer == BLANK else self.tr("unreadable")
            area = QRect(dots_x, rect.top(), g.step * len(RATING_LEVELS), rect.height())
            self._ink.text(p, area, ALIGN_CENTER, elided(g.small_fm, word, area.width()), MUTED)
        else:
            for i, level in enumerate(RATING_LEVELS):
                dot = g.dot_filled if answer == level else g.dot_empty
                x = dots_x + i * g.step + g.step // 2 - dot.width() // 2
                p.drawPixmap(QPoint(x, cy - dot.height() // 2), dot)
        end = dots_x + g.step * len(RATING_LEVELS)
        digit_rect = QRect(end, rect.top(), rect.right() - end - 6, rect.height())
        self._paint_digit(p, g, digit_rect, answer, current, ALIGN_CENTER)

    def _paint_choice_answer(self, p: QStylePainter, g: _Geometry, rect: QRect, label: str,
                             answer: int | None, current: bool, x: int) -> None:
        self._paint_digit(p, g, QRect(x, rect.top(), g.choice_digit_w, rect.height()), answer,
                          current, _LEFT)
        if answer is None:
            return
        if answer == BLANK:
            label, font, metrics, colour = self.tr("blank"), g.small, g.small_fm, MUTED
        elif answer == UNREADABLE:
            label, font, metrics, colour = self.tr("unreadable"), g.small, g.small_fm, MUTED
        else:
            font, metrics, colour = g.normal, g.fm, TEXT
        p.setFont(font)
        left = x + g.choice_digit_w
        area = QRect(left, rect.top(), rect.right() - left - 6, rect.height())
        self._ink.text(p, area, _LEFT, elided(metrics, label, area.width()), colour)

    def _paint_digit(self, p: QStylePainter, g: _Geometry, rect: QRect, answer: int | None,
                     current: bool, align: int) -> None:
        p.setFont(g.bold)
        if answer is not None:
            self._ink.text(p, rect, align, str(answer), TEXT)
        elif current:
            self._ink.text(p, rect, align, "_", CURRENT_EDGE)


class _Geometry:
    """Fonts and column positions, computed once per font (not on every paint)."""

    def __init__(self, font: QFont, questionnaire: Questionnaire | None) -> None:
        fm = QFontMetrics(font)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.88, 9.0))
        bold_fm = QFontMetrics(bold)
        self.normal = QFont(font)
        self.bold = bold
        self.small = small
        self.fm = fm
        self.bold_fm = bold_fm
        self.small_fm = QFontMetrics(small)
        self.step = max(fm.height() + 4, fm.horizontalAdvance("5") + 12)  # one rating level
        self.answer_w = len(RATING_LEVELS) * self.step + fm.horizontalAdvance("0") + 18
        self.marker_w = fm.horizontalAdvance("▶") + 6
        self.number_w = fm.horizontalAdvance("22") + 8
        names = [q.short for q in questionnaire.questions
                 if q.kind is not QuestionKind.RATING] if questionnaire else []
        widest = max((bold_fm.horizontalAdvance(n) for n in names), default=0)
        # Left edge of choice answers ("1 Nam"), from the row's left: after the longest name.
        self.choice_x = 8 + self.marker_w + self.number_w + widest + 16
        self.choice_digit_w = bold_fm.horizontalAdvance("0") + 12
        self.radius = max(4, fm.height() * 3 // 10)
        self.dot_empty: QPixmap = circle_pixmap(self.radius, DOT_EMPTY, ring_width=1.2)
        self.dot_filled: QPixmap = circle_pixmap(self.radius + 1.75, DOT_FILLED)
        self.min_column_width = (fm.horizontalAdvance("▶ 22 ") + fm.horizontalAdvance("x" * 16)
                                 + self.answer_w)

    def dots_x(self, rect: QRect) -> int:
        return rect.right() - self.answer_w + 4
