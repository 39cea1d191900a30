"""The answer grid alone: keys to a FormEntry, layout in columns, painting every state."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from app.domain.entry import FormEntry
from app.paths import DEFAULT_QUESTIONNAIRE
from app.services.workspace import read_questionnaire_file
from app.ui.answer_grid import AnswerGrid


@pytest.fixture(scope="module")
def questionnaire():  # type: ignore[no-untyped-def]
    return read_questionnaire_file(DEFAULT_QUESTIONNAIRE)


@pytest.fixture
def grid(qtbot, questionnaire) -> AnswerGrid:  # type: ignore[no-untyped-def]
    grid = AnswerGrid()
    qtbot.addWidget(grid)
    grid.set_entry(FormEntry(questionnaire))
    grid.resize(1040, 520)
    grid.show()
    qtbot.waitExposed(grid)
    grid.setFocus()
    return grid


def test_one_key_answers_and_moves(qtbot, grid) -> None:
    with qtbot.waitSignals([grid.answered, grid.moved]):
        qtbot.keyClick(grid, Qt.Key.Key_2)
    assert grid.entry.answers == {"LV": 2}
    assert grid.entry.index == 1


def test_last_answer_leaves_for_the_opinion(qtbot, grid) -> None:
    grid.go_to(len(grid.entry.questions) - 1)
    with qtbot.waitSignal(grid.forwardOut):
        qtbot.keyClick(grid, Qt.Key.Key_5)
    assert grid.entry.on_opinion


def test_back_from_first_question_leaves_for_the_date(qtbot, grid) -> None:
    with qtbot.waitSignal(grid.backOut):
        qtbot.keyClick(grid, Qt.Key.Key_Up)


def test_refused_key_does_not_move(qtbot, grid) -> None:
    with qtbot.waitSignal(grid.refused) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_4)  # 3 fields of service
    assert blocker.args[0].code == "answer_out_of_range"
    assert grid.entry.index == 0 and grid.entry.answers == {}


def test_control_digit_is_not_an_answer(qtbot, grid) -> None:
    qtbot.keyClick(grid, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert grid.entry.answers == {}


def test_fullwidth_and_ime_digits(qtbot, grid) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString("1２")  # an IME may commit two digits, or a fullwidth one
    QApplication.sendEvent(grid, event)
    assert grid.entry.answers == {"LV": 1, "GT": 2}


def test_ime_letter_refused(qtbot, grid) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString("ă")
    with qtbot.waitSignal(grid.refused):
        QApplication.sendEvent(grid, event)
    assert grid.entry.answers == {}


def test_delete_clears_home_end_move(qtbot, grid) -> None:
    for key in (Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_1):
        qtbot.keyClick(grid, key)
    qtbot.keyClick(grid, Qt.Key.Key_Home)
    assert grid.entry.index == 0
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert "LV" not in grid.entry.answers
    qtbot.keyClick(grid, Qt.Key.Key_End)
    assert grid.entry.index == 0  # the first unanswered
    with qtbot.waitSignal(grid.enterPressed):
        qtbot.keyClick(grid, Qt.Key.Key_Return)


def test_two_columns_every_row_inside_and_apart(grid) -> None:
    assert grid.column_count == 2
    rects = [grid.row_rect(i) for i in range(len(grid.entry.questions))]
    area = grid.rect()
    for i, rect in enumerate(rects):
        assert area.contains(rect), (i, rect)
        for other in rects[i + 1:]:
            assert not rect.intersects(other)
    # Paper order inside a column: each next question is lower or starts the next column.
    for a, b in itertools.pairwise(rects):
        assert b.top() > a.top() or b.left() > a.left()


def test_one_column_when_tall_enough(qtbot, grid) -> None:
    grid.resize(600, 2000)
    assert grid.column_count == 1


def test_click_picks_a_question(qtbot, grid) -> None:
    target = grid.row_rect(10).center()
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=target)
    assert grid.entry.index == 10
    assert grid.index_at(QPoint(-5, -5)) is None


def test_paints_every_answer_state(qtbot, grid) -> None:
    entry = grid.entry
    for i, q in enumerate(entry.questions):
        entry.answers[q.code] = (0, 9, 1, 2, 3, 4, 5)[i % 7] if q.accepts(5) else i % 2
    entry.go_to(4)
    image = grid.grab().toImage()
    assert not image.isNull()
    # The current row is painted with its own background, not only a coloured glyph.
    rect = grid.row_rect(4)
    probe = image.pixelColor(rect.right() - 3, rect.center().y())
    plain = image.pixelColor(grid.row_rect(5).right() - 3, grid.row_rect(5).center().y())
    assert probe != plain
