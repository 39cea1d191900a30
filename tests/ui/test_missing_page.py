"""The "Forms not keyed" page (F4) and the keying page's "never printed" warning, driven by keys."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from app.domain.entry import FormEntry
from app.domain.issuance import IssuedBatch, SpoilKind
from app.services import issuance
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui import messages, missing_page
from app.ui.keying_page import KeyingPage
from app.ui.missing_page import MissingPage
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path, lambda: NOW)
    yield ws
    ws.close()


def issue_batch(ws: Workspace, first: int, count: int) -> None:
    q = ws.keying_questionnaire()
    ws.store.add_issued_batch(IssuedBatch(
        year=2026, count=count, first=first, last=first + count - 1,
        issued_at=datetime(2026, 10, 1, 8, 0), operator="Lan", file_name="a.pdf",
        questionnaire_id=q.id, questionnaire_version=q.version))


def key_forms(ws: Workspace, *serials: int) -> None:
    service = KeyingService(ws, "Lan")
    for serial in serials:
        entry = FormEntry(service.questionnaire(), serial=serial, survey_date=NOW.date())
        while entry.current is not None:
            entry.answer_current(1)
        assert not isinstance(service.save(entry), list)


def show(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1086, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


@pytest.fixture
def page(qtbot, ws):  # type: ignore[no-untyped-def]
    issue_batch(ws, 1, 10)
    key_forms(ws, 1, 2, 4)
    page = show(qtbot, MissingPage(ws, "Lan"))
    page.refresh()
    page.setFocus()
    return page


def rows(page: MissingPage) -> dict[int, str]:
    out = {}
    top = page.tree.topLevelItem(0)
    for i in range(top.childCount()):
        item = top.child(i)
        out[item.data(0, missing_page.SERIAL_ROLE)] = item.text(1)
    return out


def test_lists_missing_serials_under_their_batch(page: MissingPage) -> None:
    top = page.tree.topLevelItem(0)
    assert top.text(0) == "0001–0010" and "01/10/2026" in top.text(2) and "Lan" in top.text(2)
    assert sorted(rows(page)) == [3, 5, 6, 7, 8, 9, 10]
    assert "10" in page.counts.text() and "7" in page.counts.text()
    # The first missing serial has the keyboard, ready for Del.
    assert page.tree.hasFocus()
    assert page.selected_serials(spoiled=False) == [3]


def test_del_marks_selected_serials_spoiled_and_ctrl_z_puts_them_back(
        qtbot, page: MissingPage, ws: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []

    def answer(serials, parent):  # type: ignore[no-untyped-def]
        asked.append(serials)
        return SpoilKind.LOST, "Người dân mang về"

    monkeypatch.setattr(missing_page, "ask_spoil", answer)
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # 3 and 5
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert asked == [[3, 5]]
    assert issuance.overview(ws).missing == [6, 7, 8, 9, 10]
    assert rows(page)[3] == rows(page)[5] != rows(page)[6]
    assert "0003" in page.message.text() and "0005" in page.message.text()

    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    page.select_serials({5})
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert issuance.overview(ws).missing == [5, 6, 7, 8, 9, 10]
    actions = [e.action for e in ws.store.iter_audit("serial")]
    assert actions == ["serial.spoil", "serial.spoil", "serial.unspoil"]


def test_giving_up_the_dialog_changes_nothing(qtbot, page: MissingPage, ws: Workspace,
                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(missing_page, "ask_spoil", lambda serials, parent: None)
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert issuance.overview(ws).missing == [3, 5, 6, 7, 8, 9, 10]


def test_spoil_dialog_wants_a_reason_for_other(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = missing_page.SpoilDialog([3, 5])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.findChild(QRadioButton, "kind_other").setChecked(True)
    dialog.accept()
    assert dialog.isVisible() and dialog.error.text().startswith("✗")
    dialog.reason_edit.setText("  Phiếu  in lỗi ")
    dialog.accept()
    assert not dialog.isVisible()
    assert (dialog.kind, dialog.reason, dialog.result()) == (SpoilKind.OTHER, "Phiếu in lỗi", 1)


def test_without_batches_the_page_says_what_to_do(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    page = show(qtbot, MissingPage(ws, "Lan"))
    page.refresh()
    assert page.tree.topLevelItemCount() == 0
    assert "Ctrl+P" in page.counts.text()
    assert not page.spoil_button.isEnabled()


# -- keying a serial never printed ----------------------------------------------------------
def test_keying_page_warns_once_then_enter_goes_on(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    issue_batch(ws, 1, 10)
    page = show(qtbot, KeyingPage(KeyingService(ws, "Lan")))
    assert page.serial_edit.text() == "0001"
    page.serial_edit.clear()
    qtbot.keyClicks(page.serial_edit, "57")
    qtbot.keyClick(page.serial_edit, Qt.Key.Key_Return)
    assert "0057" in page.field_message.text() and page.field_message.text().startswith("⚠")
    assert page.focusWidget() is page.serial_edit and page.entry.serial is None
    qtbot.keyClick(page.serial_edit, Qt.Key.Key_Return)  # the clerk checked the paper: go on
    assert page.entry.serial == 57
    assert page.focusWidget() is page.date_edit
    assert page.field_message.text() == ""
