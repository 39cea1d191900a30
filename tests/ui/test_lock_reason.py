"""Forms of an exported (locked) period on screen: keying asks a reason, Esc saves nothing;
the forms list voids and restores with the reason recorded; import lists such rows refused.

Dialogs are modal (exec): each test answers one from a timer, and closes it if the test
fails inside, so a failure never leaves the run waiting on a dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain.entry import FormEntry
from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui.forms_page import FormsPage
from app.ui.import_dialog import ImportDialog
from app.ui.keying_page import KeyingPage
from app.ui.lock_reason_dialog import LockReasonDialog, lock_text
from app.ui.void_dialog import VoidDialog
from tests.services.locking import lock_period
from tests.ui.test_import_dialog import _csv
from tests.ui.test_keying_page import answers_for, focused, key_answers, make_page, press
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)
Q3 = Period(2026, 3)
EXPORTED_AT = datetime(2026, 10, 5, 14, 30)
REASON = "Phiếu nộp muộn"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    ws = set_up_workspace(tmp_path / "data", lambda: NOW)
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot, ws: Workspace) -> KeyingPage:  # type: ignore[no-untyped-def]
    return make_page(qtbot, KeyingService(ws, "Lan"))


def type_into(widget: QWidget, text: str) -> None:
    """One key event per character: qtbot.keyClicks aborts on Vietnamese letters."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def answer_dialog(kind: type[QDialog], answer: Callable[[QDialog], None]) -> list[QDialog]:
    """Run ``answer`` on the next modal dialog of ``kind`` once it is open; returns the list
    the dialog is put in, to check after. A dialog left open by a failed check is closed."""
    seen: list[QDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or not dialog.isActiveWindow():
            QTimer.singleShot(10, poll)
            return
        seen.append(dialog)
        try:
            answer(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, poll)
    return seen


def key_form_of_august(qtbot, page: KeyingPage) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Serial as pre-filled, date 14/08/2026 (in Q3), every answer; focus ends on the opinion."""
    press(qtbot, page, Qt.Key.Key_Return)
    assert focused(page) is page.date_edit
    page.date_edit.selectAll()
    qtbot.keyClicks(page.date_edit, "140826")
    press(qtbot, page, Qt.Key.Key_Return)
    answers = answers_for(page)
    key_answers(qtbot, page, answers)
    assert focused(page) is page.opinion_edit
    return answers


def audit(ws: Workspace, form_id: int | None) -> list[tuple[str, str]]:
    return [(e.action, e.reason) for e in ws.store.iter_audit("form", str(form_id))]


# -- keying ----------------------------------------------------------------------------------
def test_keying_a_form_of_an_exported_period_asks_why_then_saves(qtbot, page: KeyingPage,  # type: ignore[no-untyped-def]
                                                                 ws: Workspace) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    answers = key_form_of_august(qtbot, page)
    # Said as soon as the date is taken, before the answers, without taking the keyboard.
    assert page.field_message.text() == (
        "⚠ Quarter III of 2026 was already sent to the district: saving will ask a reason")
    said: dict[str, str] = {}

    def give_reason(dialog: QDialog) -> None:
        assert isinstance(dialog, LockReasonDialog)
        said["text"] = dialog.explain.text()
        assert dialog.reason_edit.hasFocus()
        QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)  # nothing typed: refused
        assert dialog.isVisible()
        said["error"] = dialog.error.text()
        type_into(dialog.reason_edit, REASON)
        QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)
        assert not dialog.isVisible()

    seen = answer_dialog(LockReasonDialog, give_reason)
    press(qtbot, page, Qt.Key.Key_Return)  # Enter on the opinion saves

    assert len(seen) == 1
    assert said["text"] == (
        "Quarter III of 2026 has been exported in the bundle sent to the district (version 1, "
        "05/10/2026). Adding or correcting a form of this period needs a reason; the next "
        "export will be version 2 with the list of changes.")
    assert "reason" in said["error"]
    use = ws.store.serial_use(2026, 1)
    assert use is not None
    saved = ws.store.get_form(use.form_id)
    assert saved is not None and saved.survey_date == date(2026, 8, 14)
    assert dict(saved.answers) == answers
    assert audit(ws, saved.id) == [("form.create", REASON)]
    # Then on as after any save: the next form, serial selected, keyboard on it.
    assert page.message.text() == "✓ Saved form 0001"
    assert page.serial_edit.text() == "0002"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    assert page.serial_edit.hasFocus()
    assert ws.store.load_draft("Lan") is None


def test_esc_in_the_reason_dialog_saves_nothing_and_keeps_the_form(qtbot, page: KeyingPage,  # type: ignore[no-untyped-def]
                                                                   ws: Workspace) -> None:
    lock_period(ws, Q3, EXPORTED_AT)
    answers = key_form_of_august(qtbot, page)
    type_into(page.opinion_edit, "Cán bộ tận tình")

    def go_back(dialog: QDialog) -> None:
        type_into(dialog.findChild(QWidget, "lock_reason"), "nửa chừng")
        QTest.keyClick(dialog.findChild(QWidget, "lock_reason"), Qt.Key.Key_Escape)
        assert not dialog.isVisible()

    seen = answer_dialog(LockReasonDialog, go_back)
    press(qtbot, page, Qt.Key.Key_Return)

    assert len(seen) == 1 and seen[0].result() == QDialog.DialogCode.Rejected
    assert ws.store.serial_use(2026, 1) is None
    assert [e.action for e in ws.store.iter_audit() if e.entity == "form"] == []
    # The form is on screen as it was, the keyboard back on the opinion, the clerk told why.
    assert page.serial_edit.text() == "0001" and page.date_edit.text() == "14/08/2026"
    assert page.entry.answers == answers
    assert page.opinion_edit.text() == "Cán bộ tận tình"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    assert page.opinion_edit.hasFocus()
    assert "needs a reason" in page.message.text()
    assert ws.store.load_draft("Lan") is not None  # a power cut now still loses nothing

    # Ctrl+S asks again; with a reason it is saved.
    seen = answer_dialog(LockReasonDialog, lambda d: (
        type_into(d.findChild(QWidget, "lock_reason"), REASON),
        QTest.keyClick(d.findChild(QWidget, "lock_reason"), Qt.Key.Key_Return)))
    press(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1
    use = ws.store.serial_use(2026, 1)
    assert use is not None
    assert audit(ws, use.form_id) == [("form.create", REASON)]


def test_forms_outside_the_exported_period_are_saved_without_a_question(
        qtbot, page: KeyingPage, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    lock_period(ws, Q3, EXPORTED_AT)
    press(qtbot, page, Qt.Key.Key_Return)
    press(qtbot, page, Qt.Key.Key_Return)  # 22/11/2026, Q4
    assert page.field_message.text() == ""
    key_answers(qtbot, page, answers_for(page))
    press(qtbot, page, Qt.Key.Key_Return)
    assert QApplication.activeModalWidget() is None
    assert ws.store.serial_use(2026, 1) is not None


def test_a_correction_in_an_exported_period_records_the_reason(qtbot, page: KeyingPage,  # type: ignore[no-untyped-def]
                                                               ws: Workspace) -> None:
    key_form_of_august(qtbot, page)
    press(qtbot, page, Qt.Key.Key_Return)  # saved before the export
    use = ws.store.serial_use(2026, 1)
    assert use is not None
    lock_period(ws, Q3, EXPORTED_AT)

    page.load_for_correction(use.form_id)
    qtbot.waitUntil(lambda: focused(page) is page.grid)
    rated = next(i for i, q in enumerate(page.entry.questions) if q.option_count == 5)
    item = page.entry.questions[rated].code
    new_answer = 5 if page.entry.answers[item] != 5 else 4
    for _ in range(rated):
        press(qtbot, page, Qt.Key.Key_Down)
    press(qtbot, page, getattr(Qt.Key, f"Key_{new_answer}"))
    seen = answer_dialog(LockReasonDialog, lambda d: (
        type_into(d.findChild(QWidget, "lock_reason"), "Ghi nhầm câu 2"),
        QTest.keyClick(d.findChild(QWidget, "lock_reason"), Qt.Key.Key_Return)))
    press(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert len(seen) == 1
    corrected = ws.store.get_form(use.form_id)
    assert corrected is not None and corrected.answers[item] == new_answer
    assert audit(ws, use.form_id)[-1] == ("form.update", "Ghi nhầm câu 2")
    assert page.message.text() == "✓ Corrected form 0001"


# -- the forms list --------------------------------------------------------------------------
def save_form(ws: Workspace, serial: int, day: date) -> int:
    service = KeyingService(ws, "Lan")
    q = service.questionnaire()
    saved = service.save(FormEntry(q, serial=serial, survey_date=day,
                                   answers={x.code: 1 for x in q.questions}))
    assert isinstance(saved, FormRecord) and saved.id is not None
    return saved.id


@pytest.fixture
def forms_page(qtbot, ws: Workspace) -> FormsPage:  # type: ignore[no-untyped-def]
    """Form 0005 of 14/08/2026 keyed, then Q3 exported."""
    save_form(ws, 5, date(2026, 8, 14))
    lock_period(ws, Q3, EXPORTED_AT)
    forms = FormsPage(ws, "Lan")
    qtbot.addWidget(forms)
    forms.resize(1300, 700)
    forms.show()
    qtbot.waitExposed(forms)
    forms.run_search()
    return forms


def test_void_in_an_exported_period_says_so_and_records_the_reason(
        forms_page: FormsPage, ws: Workspace) -> None:
    use = ws.store.serial_use(2026, 5)
    assert use is not None
    forms_page.select_form(use.form_id)
    notes: list[str] = []

    def void(dialog: QDialog) -> None:
        assert isinstance(dialog, VoidDialog)
        notes.append(dialog.lock_note.text() if dialog.lock_note.isVisible() else "")
        type_into(dialog.reason_edit, "Phiếu nhập trùng")
        QTest.keyClick(dialog.reason_edit, Qt.Key.Key_Return)

    seen = answer_dialog(VoidDialog, void)
    forms_page.action_void.trigger()

    assert len(seen) == 1
    assert notes[0].startswith("Quarter III of 2026 has been exported")
    assert "next export will be version 2" in notes[0]
    record = ws.store.get_form(use.form_id)
    assert record is not None and record.status is FormStatus.VOID
    assert audit(ws, use.form_id)[-1] == ("form.void", "Phiếu nhập trùng")


def test_restore_in_an_exported_period_asks_a_reason(forms_page: FormsPage,
                                                     ws: Workspace) -> None:
    use = ws.store.serial_use(2026, 5)
    assert use is not None
    ws.store.set_form_status(use.form_id, FormStatus.VOID, "Lan", NOW, "Phiếu nhập trùng")
    forms_page.run_search()
    forms_page.select_form(use.form_id)

    seen = answer_dialog(LockReasonDialog, lambda d: QTest.keyClick(
        d.findChild(QWidget, "lock_reason"), Qt.Key.Key_Escape))
    forms_page.action_restore.trigger()
    assert len(seen) == 1
    assert "Restoring a form of this period" in seen[0].findChild(QWidget, "lock_text").text()
    record = ws.store.get_form(use.form_id)
    assert record is not None and record.status is FormStatus.VOID
    assert "still void" in forms_page.status_label.text()

    seen = answer_dialog(LockReasonDialog, lambda d: (
        type_into(d.findChild(QWidget, "lock_reason"), "Hủy nhầm"),
        QTest.keyClick(d.findChild(QWidget, "lock_reason"), Qt.Key.Key_Return)))
    forms_page.action_restore.trigger()
    assert len(seen) == 1
    record = ws.store.get_form(use.form_id)
    assert record is not None and record.status is FormStatus.ACTIVE
    assert audit(ws, use.form_id)[-1] == ("form.restore", "Hủy nhầm")


def test_restore_outside_an_exported_period_asks_nothing(forms_page: FormsPage,
                                                         ws: Workspace) -> None:
    form_id = save_form(ws, 6, date(2026, 11, 20))
    ws.store.set_form_status(form_id, FormStatus.VOID, "Lan", NOW, "Nhập trùng")
    forms_page.run_search()
    forms_page.select_form(form_id)
    forms_page.action_restore.trigger()  # a dialog here would wait for ever: none opens
    assert audit(ws, form_id)[-1] == ("form.restore", "")


# -- Vietnamese words and import -------------------------------------------------------------
@pytest.mark.usefixtures("vietnamese")
def test_the_clerk_reads_it_in_vietnamese(qtbot) -> None:  # type: ignore[no-untyped-def]
    params = {"period": "2026-Q3", "version": 1, "exported_at": EXPORTED_AT}
    assert lock_text(params) == (
        "Quý III năm 2026 đã xuất gói gửi huyện (bản 1, ngày 05/10/2026). Sửa/thêm phiếu của "
        "kỳ này cần ghi lý do; lần xuất sau sẽ là bản 2 kèm danh sách thay đổi.")
    assert lock_text({**params, "period": "2026", "version": 2}).startswith(
        "Năm 2026 đã xuất gói gửi huyện (bản 2, ngày 05/10/2026).")
    dialog = LockReasonDialog(params, "Phiếu 0001 ngày 14/08/2026")
    qtbot.addWidget(dialog)
    assert (dialog.windowTitle(), dialog.ok_button.text(), dialog.back_button.text()) == (
        "Kỳ đã xuất gói gửi huyện", "Lưu với lý do này", "Không lưu")
    void = VoidDialog("0001", "14/08/2026", locked=params)
    qtbot.addWidget(void)
    assert void.lock_note.text().endswith(
        "Lý do hủy được ghi lại; lần xuất sau sẽ là bản 2 kèm danh sách thay đổi.")


@pytest.mark.usefixtures("vietnamese")
def test_import_lists_rows_of_an_exported_period_as_refused(
        qtbot, ws: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(ws, tmp_path / "phieu.csv", 4, s2={"date": "14/08/2026"},
                s3={"date": "30/09/2026"})
    lock_period(ws, Q3, EXPORTED_AT)
    dialog = ImportDialog(ws, "Hoa")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(path)
    reason = ("Quý III năm 2026 đã xuất gói gửi huyện (bản 1), không nhập từ tệp được; hãy "
              "nhập tay từng phiếu với lý do")
    assert dialog.bad_rows_shown() == [("3", reason), ("4", reason)]
    assert dialog.import_good_button.isVisible() and not dialog.import_all_button.isVisible()
    qtbot.mouseClick(dialog.import_good_button, Qt.MouseButton.LeftButton)
    assert sorted(ws.store.serial_use(2026, s) is not None for s in (1, 2, 3, 4)) == [
        False, False, True, True]
