"""The review page: search and filter, correct, void (with reason), restore, history."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.domain.entry import FormEntry
from app.domain.forms import FormStatus
from app.services.forms import open_for_correction
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui.form_table_model import FormTableModel
from app.ui.forms_page import FormsPage, parse_filter_date
from app.ui.void_dialog import VoidDialog
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)

# serial, date, field index (1 TP, 2 TNMT, 3 LDTBXH), operator, opinion
FORMS = [
    (1, date(2026, 1, 10), 1, "Lan", "Cán bộ nhiệt tình, hướng dẫn chu đáo"),
    (2, date(2026, 2, 3), 2, "Lan", "Phòng chờ hơi chật"),
    (3, date(2026, 3, 15), 3, "Hùng", ""),
    (4, date(2026, 3, 28), 1, "Hùng", "Nên có thêm ghế ngồi chờ"),
    (5, date(2026, 7, 1), 2, "Lan", "Thủ tục nhanh gọn"),
    (13, date(2026, 11, 20), 1, "Ánh", "Đề nghị niêm yết phí rõ ràng hơn"),
]


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path / "data", lambda: NOW, unit_code="19816")
    q = ws.keying_questionnaire()
    for serial, day, field, operator, opinion in FORMS:
        answers = {qq.code: 4 if qq.option_count == 5 else 1 for qq in q.questions}
        answers[q.field_question.code] = field
        saved = KeyingService(ws, operator).save(
            FormEntry(q, serial=serial, survey_date=day, answers=answers, opinion=opinion))
        assert not isinstance(saved, list), saved
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot, ws: Workspace) -> FormsPage:  # type: ignore[no-untyped-def]
    p = FormsPage(ws, "Lan")
    qtbot.addWidget(p)
    p.resize(1300, 700)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    return p


def serials(page: FormsPage) -> list[int]:
    return [r.record.serial for r in page.model.rows()]


def form_id(ws: Workspace, serial: int) -> int:
    use = ws.store.serial_use(2026, serial)
    assert use is not None
    return use.form_id


def search(page: FormsPage, text: str) -> None:
    page.search_edit.setText(text)
    page.run_search()


def choose(combo, data) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_lists_this_years_forms_newest_first(page: FormsPage) -> None:
    assert serials(page) == [13, 5, 4, 3, 2, 1]
    assert page.count_label.text() == "6 forms"
    assert page.selected_row() is not None and page.selected_row().record.serial == 13


def test_search_by_serial(page: FormsPage) -> None:
    search(page, "3")
    assert serials(page) == [3]
    search(page, "0013")
    assert serials(page) == [13]


def test_search_by_opinion_words_without_accents(page: FormsPage) -> None:
    search(page, "phong cho")
    assert serials(page) == [2]
    search(page, "NIEM YET")
    assert serials(page) == [13]
    search(page, "đề nghị")
    assert serials(page) == [13]
    search(page, "khong co")
    assert serials(page) == []


def test_search_typed_vietnamese_runs_after_a_pause(qtbot, page: FormsPage) -> None:  # type: ignore[no-untyped-def]
    page.search_edit.setFocus()
    for ch in "chật":
        QTest.sendKeyEvent(QTest.KeyAction.Click, page.search_edit, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: serials(page) == [2], timeout=2000)


def test_filter_by_date_range(page: FormsPage) -> None:
    page.date_from_edit.setText("01/03/2026")
    page.date_to_edit.setText("310326")
    page.run_search()
    assert serials(page) == [4, 3]
    assert page.date_to_edit.text() == "31/03/2026"  # normalised as shown


def test_a_bad_date_is_said_in_red_and_the_list_is_left_as_it_was(page: FormsPage) -> None:
    page.date_from_edit.setText("31/02/2026")
    page.run_search()
    assert "31/02/2026" in page.filter_error.text()
    assert not page.filter_error.isHidden()
    assert serials(page) == [13, 5, 4, 3, 2, 1]
    page.date_from_edit.setText("")
    page.date_to_edit.setText("01/01/2026")
    page.date_from_edit.setText("02/02/2026")
    page.run_search()
    assert "start date is after the end date" in page.filter_error.text()


def test_filter_by_field_and_by_operator(page: FormsPage) -> None:
    assert page.field_combo.itemText(0) == "All"
    choose(page.field_combo, "TNMT")
    assert serials(page) == [5, 2]
    choose(page.field_combo, None)
    assert page.operator_combo.itemText(0) == "All"
    assert [page.operator_combo.itemText(i) for i in range(1, 4)] == ["Ánh", "Hùng", "Lan"]
    choose(page.operator_combo, "Hùng")
    assert serials(page) == [4, 3]
    choose(page.field_combo, "TP")
    assert serials(page) == [4]


def test_year_filter(page: FormsPage) -> None:
    assert page.year_combo.currentData() == 2026
    choose(page.year_combo, 2025)
    assert serials(page) == []
    choose(page.year_combo, None)
    assert len(serials(page)) == 6


def test_void_with_reason_then_restore(page: FormsPage, ws: Workspace) -> None:
    fid = form_id(ws, 4)
    service = KeyingService(ws, "Lan")
    assert service.tally().year_count == 6
    page.select_form(fid)
    asked: list[str] = []

    def reason(row):  # type: ignore[no-untyped-def]
        asked.append(row.serial_text)
        return "Phiếu nhập trùng"

    page.ask_void_reason = reason  # type: ignore[method-assign]
    changed: list[bool] = []
    page.formsChanged.connect(lambda: changed.append(True))
    page.view.setFocus()
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    assert asked == ["0004"]
    assert changed
    record = ws.store.get_form(fid)
    assert record is not None and record.status is FormStatus.VOID
    assert record.void_reason == "Phiếu nhập trùng"
    assert service.tally().year_count == 5
    last = list(ws.store.iter_audit("form", str(fid)))[-1]
    assert (last.action, last.operator, last.reason) == ("form.void", "Lan", "Phiếu nhập trùng")

    # The row stays, says "Void" and is still selected; only Restore is offered.
    row = page.model.row_of_form(fid)
    assert row is not None
    assert page.model.data(page.model.index(row, FormTableModel.COL_STATUS)) == "Void"
    assert page.selected_form_id() == fid
    assert page.count_label.text() == "6 forms (1 void)"
    assert not page.action_void.isEnabled() and not page.action_correct.isEnabled()
    assert page.action_restore.isEnabled()
    assert page.history_rows()[-1][2:4] == ["Voided", "Phiếu nhập trùng"]

    page.show_void_check.setChecked(False)
    assert 4 not in serials(page)
    page.show_void_check.setChecked(True)
    page.select_form(fid)

    page.action_restore.trigger()
    record = ws.store.get_form(fid)
    assert record is not None and record.status is FormStatus.ACTIVE
    assert service.tally().year_count == 6
    assert list(ws.store.iter_audit("form", str(fid)))[-1].action == "form.restore"
    assert "restored" in page.status_label.text()


def test_void_needs_a_reason_in_the_dialog(qtbot, page: FormsPage, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    fid = form_id(ws, 2)
    page.select_form(fid)
    seen: list[str] = []

    def fill_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VoidDialog)
        dialog.accept()  # no reason yet: refused
        seen.append(dialog.error.text())
        for ch in "Nhập trùng":
            QTest.sendKeyEvent(QTest.KeyAction.Click, dialog.reason_edit, Qt.Key.Key_unknown,
                               ch, Qt.KeyboardModifier.NoModifier)
        QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_dialog)
    page.action_void.trigger()
    assert seen and "why" in seen[0]
    record = ws.store.get_form(fid)
    assert record is not None and record.status is FormStatus.VOID
    assert record.void_reason == "Nhập trùng"


def test_keeping_the_form_in_the_dialog_changes_nothing(page: FormsPage, ws: Workspace) -> None:
    fid = form_id(ws, 2)
    page.select_form(fid)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    page.action_void.trigger()
    record = ws.store.get_form(fid)
    assert record is not None and record.status is FormStatus.ACTIVE
    assert [e.action for e in ws.store.iter_audit("form", str(fid))] == ["form.create"]


def test_enter_and_double_click_ask_for_correction_with_the_form_id(qtbot, page: FormsPage,  # type: ignore[no-untyped-def]
                                                                   ws: Workspace) -> None:
    fid = form_id(ws, 3)
    page.select_form(fid)
    page.view.setFocus()
    with qtbot.waitSignal(page.correctRequested) as blocker:
        QTest.keyClick(page.view, Qt.Key.Key_Return)
    assert blocker.args == [fid]

    fid5 = form_id(ws, 5)
    row = page.model.row_of_form(fid5)
    assert row is not None
    rect = page.view.visualRect(page.model.index(row, FormTableModel.COL_DATE))
    with qtbot.waitSignal(page.correctRequested) as blocker:
        QTest.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [fid5]


def test_search_box_enter_goes_to_the_list(page: FormsPage) -> None:
    page.search_edit.setFocus()
    QTest.keyClicks(page.search_edit, "nhanh")
    QTest.keyClick(page.search_edit, Qt.Key.Key_Return)
    assert serials(page) == [5]
    assert QApplication.focusWidget() is page.view
    assert page.selected_row() is not None and page.selected_row().record.serial == 5
    QTest.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search_edit


def test_history_shows_corrections_answer_by_answer(page: FormsPage, ws: Workspace) -> None:
    fid = form_id(ws, 1)
    entry = open_for_correction(ws, fid)
    entry.answers["TC3"] = 2
    entry.answers[entry.questionnaire.field_question.code] = 2
    entry.opinion = "Cán bộ nhiệt tình"
    assert not isinstance(KeyingService(ws, "Hùng").save(entry), list)
    page.refresh()
    page.select_form(fid)
    rows = page.history_rows()
    assert [r[2] for r in rows] == ["Keyed in", "Corrected"]
    assert rows[1][0] == "22/11/2026 10:00" and rows[1][1] == "Hùng"
    changes = rows[1][4]
    assert "Field: Tư pháp → Tài nguyên và Môi trường" in changes
    assert ": 4 → 2" in changes and "3." in changes
    assert "Opinion: “Cán bộ nhiệt tình, hướng dẫn chu đáo” → “Cán bộ nhiệt tình”" in changes
    assert page.history_title.text() == "History of changes of form 0001"


def test_refresh_picks_up_new_forms_and_operators_and_keeps_the_selection(
        page: FormsPage, ws: Workspace) -> None:
    page.select_form(form_id(ws, 2))
    q = ws.keying_questionnaire()
    answers = {qq.code: 0 for qq in q.questions}
    assert not isinstance(KeyingService(ws, "Bình").save(
        FormEntry(q, serial=20, survey_date=date(2026, 11, 21), answers=answers)), list)
    page.refresh()
    assert serials(page)[0] == 20
    assert page.selected_row() is not None and page.selected_row().record.serial == 2
    assert page.operator_combo.findData("Bình") >= 0
    assert page.model.data(page.model.index(0, FormTableModel.COL_FIELD)) == "(blank)"


def test_parse_filter_date() -> None:
    assert parse_filter_date("") is None
    assert parse_filter_date("5/3/2026") == date(2026, 3, 5)
    assert parse_filter_date("05032026") == date(2026, 3, 5)
    assert parse_filter_date("050326") == date(2026, 3, 5)
    for bad in ("2026-03-05", "32/01/2026", "abc"):
        with pytest.raises(ValueError):
            parse_filter_date(bad)


def test_void_dialog_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = VoidDialog("0124", "20/11/2026")
    qtbot.addWidget(dialog)
    assert "0124" in dialog.windowTitle()
    dialog.reason_edit.setText("   ")
    dialog.accept()
    assert dialog.result() != VoidDialog.DialogCode.Accepted
    assert dialog.error.text()
    dialog.reason_edit.setText("  phiếu   mẫu ")
    dialog.accept()
    assert dialog.result() == VoidDialog.DialogCode.Accepted
    assert dialog.reason() == "phiếu mẫu"
