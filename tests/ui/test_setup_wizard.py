"""The first-run wizard, driven by the keyboard (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import paths
from app.domain.forms import Issue
from app.domain.questionnaire import QuestionnaireError
from app.services.workspace import Workspace
from app.ui.settings_form import (
    QuotaCalculator,
    issue_message,
    questionnaire_error_message,
    suggested_code,
    suggested_place,
)
from app.ui.setup_wizard import SetupWizard

NOW = datetime(2026, 11, 22, 10, 0)
UNIT = "Ủy ban nhân dân xã Nam Đông"


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = Workspace.open(tmp_path / "data", now=lambda: NOW)
    yield ws
    ws.close()


@pytest.fixture
def wizard(qtbot, ws: Workspace) -> SetupWizard:  # type: ignore[no-untyped-def]
    w = SetupWizard(ws)
    w.confirm_quit = lambda: True  # type: ignore[method-assign]  # no modal box at teardown
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return w


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(text: str) -> None:
    """Type into the focused widget, one character at a time (keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, focus(), Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def press(key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        QTest.keyClick(focus(), key)


def district_file(tmp_path: Path, **changes: object) -> Path:
    data = json.loads(paths.DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    data.update({"id": "huyen-nam-dong", "version": "2026.1",
                 "name": "Phiếu khảo sát của huyện Nam Đông", "issued_by": "UBND huyện"})
    data.update(changes)
    path = tmp_path / "phieu-huyen.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_filled_by_keyboard_only_finishes_and_stores_nfc(wizard: SetupWizard, ws: Workspace
                                                         ) -> None:
    form = wizard.form
    assert focus() is form.unit_name
    # Decomposed input (as some Vietnamese keyboards send it) is stored composed.
    type_text(unicodedata.normalize("NFD", UNIT))
    press(Qt.Key.Key_Return)
    assert focus() is form.unit_code
    type_text("19816")
    press(Qt.Key.Key_Return)
    assert focus() is form.unit_code_catalogue
    press(Qt.Key.Key_Return)
    assert focus() is form.office_name
    press(Qt.Key.Key_Return)
    type_text("Ủy ban nhân dân tỉnh Thừa Thiên Huế")
    press(Qt.Key.Key_Return)
    type_text("Sở Nội vụ tỉnh Thừa Thiên Huế")
    press(Qt.Key.Key_Return)  # last box of the page: Next
    assert wizard.currentId() == wizard.page_ids["target"]

    assert focus() is form.year
    press(Qt.Key.Key_Return)
    assert focus() is form.yearly_target
    press(Qt.Key.Key_Tab)
    assert focus() is form.calculator.transactions
    type_text("3000")
    press(Qt.Key.Key_Return)  # Enter in the calculator uses its result
    assert form.yearly_target.value() == 300
    assert focus() is form.yearly_target
    press(Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.page_ids["fields"]

    assert focus() is form.fields.label_edits[0]
    press(Qt.Key.Key_Return, 6)  # through the three default fields
    assert focus() is form.fields.label_edits[3]
    type_text("Chứng thực")
    press(Qt.Key.Key_Return)  # the code is suggested from the name
    assert form.fields.code_edits[3].text() == "CT"
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)  # Enter on a blank row ends the list
    assert wizard.currentId() == wizard.page_ids["questionnaire"]

    press(Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.page_ids["signing"]
    assert form.place_name.text() == "Nam Đông"  # suggested from the unit's name
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)
    assert focus() is form.signer_name
    type_text("Trần Văn Bình")
    press(Qt.Key.Key_Return)
    assert focus() is form.operator
    type_text("Nguyễn Thị Lan")
    press(Qt.Key.Key_Return)  # Finish

    assert wizard.result() == QDialog.DialogCode.Accepted
    s = ws.settings
    assert s is not None
    assert s.unit_name == UNIT
    assert unicodedata.is_normalized("NFC", s.unit_name)
    assert s.unit_code == "19816"
    assert s.unit_code_catalogue == "QĐ 19/2025/QĐ-TTg"
    assert s.office_name == "Bộ phận Tiếp nhận và Trả kết quả"
    assert s.parent_name == "Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    assert s.recipient_name == "Sở Nội vụ tỉnh Thừa Thiên Huế"
    assert s.place_name == "Nam Đông"
    assert s.year == 2026
    assert s.yearly_target == 300
    assert [f.code for f in s.fields] == ["TP", "TNMT", "LDTBXH", "CT"]
    assert s.fields[3].label == "Chứng thực"
    assert (s.questionnaire_id, s.questionnaire_version) == ("xa-22-tieu-chi", "2017.1")
    assert s.signer_title == "Chủ tịch"
    assert s.signer_name == "Trần Văn Bình"
    assert s.due_day == 20
    audit = list(ws.store.iter_audit("settings"))
    assert [e.action for e in audit] == ["settings.update"]
    assert audit[0].operator == "Nguyễn Thị Lan"
    from app.services.setup import last_operator

    assert last_operator(ws) == "Nguyễn Thị Lan"


def test_invalid_unit_code_is_refused_next_to_the_field_and_nothing_is_stored(
        wizard: SetupWizard, ws: Workspace) -> None:
    form = wizard.form
    type_text(UNIT)
    press(Qt.Key.Key_Return)
    type_text("12a45")
    press(Qt.Key.Key_Return, 5)  # to the end of the page, then Next
    assert wizard.currentId() == wizard.page_ids["unit"]
    error = form.errors["unit_code"]
    assert error.isVisible()
    assert "12a45" in error.text()
    assert "5 digits" in error.text()
    assert focus() is form.unit_code
    assert not form.errors["unit_name"].isVisible()
    assert ws.settings is None

    # Finishing straight away is refused too, and still nothing is stored.
    form.operator.setText("Lan")
    assert wizard.finish() is False
    assert ws.settings is None
    assert list(ws.store.iter_audit()) == []

    form.unit_code.setText("19816")
    assert focus() is form.unit_code
    press(Qt.Key.Key_Return, 5)
    assert wizard.currentId() == wizard.page_ids["target"]
    assert not error.isVisible()


def test_a_four_digit_code_is_zero_padded(wizard: SetupWizard, ws: Workspace) -> None:
    wizard.form.unit_name.setText(UNIT)
    wizard.form.unit_code.setText("103")
    wizard.form.operator.setText("Lan")
    assert wizard.finish()
    assert ws.settings is not None and ws.settings.unit_code == "00103"


def test_empty_name_and_operator_are_refused(wizard: SetupWizard, ws: Workspace) -> None:
    wizard.form.unit_code.setText("19816")
    assert wizard.finish() is False
    assert wizard.form.errors["unit_name"].isVisible()
    assert wizard.form.errors["operator"].text()
    assert ws.settings is None


@pytest.mark.parametrize(("transactions", "minimum"), [
    (0, 0), (80, 80), (100, 100), (101, 100), (500, 100), (900, 180), (1000, 200),
    (1001, 200), (3000, 300), (5000, 500), (5001, 500), (12000, 600),
])
def test_calculator_gives_the_seed_001_minimum(qtbot, transactions: int, minimum: int
                                               ) -> None:  # type: ignore[no-untyped-def]
    calc = QuotaCalculator()
    qtbot.addWidget(calc)
    calc.transactions.setValue(transactions)
    assert calc.result() == minimum
    assert calc.use_button.isEnabled() == (minimum > 0)
    if transactions:
        assert f"{minimum:,}".replace(",", ".") in calc.result_label.text()


def test_calculator_explains_the_rule_and_fills_the_target(wizard: SetupWizard) -> None:
    form = wizard.form
    wizard.next()
    form.calculator.transactions.setValue(12000)
    assert "5 % of 12.000, at least 500" in form.calculator.result_label.text()
    assert ">5.000: 5 %" in wizard.findChild(QWidget, "calc_rule").text()
    form.calculator.use_button.click()
    assert form.yearly_target.value() == 600


def test_a_broken_questionnaire_file_is_explained_with_file_and_json_path(
        wizard: SetupWizard, ws: Workspace, tmp_path: Path) -> None:
    data = json.loads(paths.DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    del data["components"][1]["items"][2]["text"]
    bad = tmp_path / "phieu-huyen-loi.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    picker = wizard.form.questionnaire
    before = picker.available_keys()
    picker.choose_file = lambda: bad  # type: ignore[method-assign]
    picker.load_button.click()
    message = picker.message.text()
    assert not picker.message.isHidden()
    assert "phieu-huyen-loi.json" in message
    assert "$.components[1].items[2]" in message
    assert "required entry is missing: text" in message
    assert picker.available_keys() == before
    assert ws.store.list_questionnaires() == []


def test_a_file_that_is_not_json_names_line_and_column(wizard: SetupWizard,
                                                       tmp_path: Path) -> None:
    bad = tmp_path / "hong.json"
    bad.write_text('{"format": 1,\n  "id": }', encoding="utf-8")
    assert wizard.form.questionnaire.load_file(bad) is None
    message = wizard.form.questionnaire.message.text()
    assert "hong.json" in message and "line 2" in message and "column" in message


def test_a_valid_district_file_becomes_selectable_and_is_stored_on_finish(
        wizard: SetupWizard, ws: Workspace, tmp_path: Path) -> None:
    picker = wizard.form.questionnaire
    q = picker.load_file(district_file(tmp_path))
    assert q is not None
    assert ("huyen-nam-dong", "2026.1") in picker.available_keys()
    assert picker.current_key() == ("huyen-nam-dong", "2026.1")
    assert "phieu-huyen.json" in picker.message.text()
    assert ws.store.list_questionnaires() == []  # nothing is saved before Finish

    wizard.form.unit_name.setText(UNIT)
    wizard.form.unit_code.setText("19816")
    wizard.form.operator.setText("Lan")
    assert wizard.finish()
    s = ws.settings
    assert s is not None
    assert (s.questionnaire_id, s.questionnaire_version) == ("huyen-nam-dong", "2026.1")
    assert ("huyen-nam-dong", "2026.1") in [(i, v) for i, v, _ in ws.store.list_questionnaires()]


def test_a_different_file_under_a_used_id_and_version_is_refused(
        wizard: SetupWizard, tmp_path: Path) -> None:
    picker = wizard.form.questionnaire
    path = district_file(tmp_path, id="xa-22-tieu-chi", version="2017.1", name="Khác")
    assert picker.load_file(path) is None
    assert "already in use" in picker.message.text()


def test_quitting_with_typing_asks_first(wizard: SetupWizard, ws: Workspace) -> None:
    asked: list[bool] = []
    wizard.confirm_quit = lambda: asked.append(True) or False  # type: ignore[method-assign]
    wizard.form.unit_name.setText(UNIT)
    wizard.reject()
    assert asked and wizard.isVisible()
    wizard.confirm_quit = lambda: True  # type: ignore[method-assign]
    wizard.reject()
    assert wizard.result() == QDialog.DialogCode.Rejected
    assert ws.settings is None


@pytest.mark.parametrize("code", [
    "unit_name_empty", "unit_code_format", "year_out_of_range", "target_out_of_range",
    "fields_count", "fields_duplicate", "field_invalid", "due_day_out_of_range",
    "questionnaire_unknown", "operator_empty",
])
def test_every_settings_issue_code_has_its_own_sentence(code: str) -> None:
    text = issue_message(Issue(code, {"text": "12a", "code": "tp", "label": "Tư pháp",
                                      "id": "x", "version": "1", "max": 8}))
    assert text and code not in text


def test_suggestions() -> None:
    assert suggested_code("Tài nguyên và Môi trường") == "TNMT"
    assert suggested_code("Lao động, Thương binh và Xã hội") == "LDTBXH"
    assert suggested_code("Đất đai") == "DD"
    assert suggested_place("Ủy ban nhân dân phường Thuận Hóa") == "Thuận Hóa"
    assert suggested_place("UBND thị trấn Khe Tre") == "Khe Tre"
    assert suggested_place("Văn phòng") == ""


@pytest.mark.parametrize(("problem", "params", "words"), [
    ("unreadable", {"reason": "Permission denied"}, "cannot be read (Permission denied)"),
    ("invalid_json", {"line": 3, "column": 7}, "line 3, column 7"),
    ("required", {"missing": ["text", "code"]}, "missing: text, code"),
    ("type", {"expected": "string"}, "a text is expected"),
    ("type", {"expected": ["integer", "string"]}, "whole number or text"),
    ("enum", {"expected": ["rating", "choice"]}, "allowed values: rating, choice"),
    ("const", {"expected": 1}, "must be 1"),
    ("pattern", {"expected": "^[A-Z]+$"}, "pattern ^[A-Z]+$"),
    ("minItems", {"expected": 5}, "at least 5"),
    ("maxItems", {"expected": 8}, "at most 8"),
    ("minLength", {"expected": 1}, "must not be empty"),
    ("minLength", {"expected": 3}, "at least 3 characters"),
    ("maxLength", {"expected": 200}, "at most 200 characters"),
    ("additionalProperties", {"unexpected": ["ghi_chu"]}, "does not read: ghi_chu"),
    ("duplicate_code", {"code": "TC1", "first": "$.components[0].items[0].code"},
     "TC1 is used twice (first at $.components[0].items[0].code)"),
    ("unsupported_format", {"found": 2}, "format 2 is not supported"),
    ("something_new", {"detail": "odd"}, "something_new"),
])
def test_every_questionnaire_problem_reads_as_a_sentence(problem: str, params: dict,  # type: ignore[type-arg]
                                                         words: str) -> None:
    err = QuestionnaireError("/tmp/x/phieu.json", "$.components[0]", problem, params)
    text = questionnaire_error_message(err)
    assert "“phieu.json”" in text
    assert "$.components[0]" in text
    assert words in text
    assert "{" not in text  # no placeholder left unfilled


def test_schema_errors_of_real_files_are_explained(wizard: SetupWizard, tmp_path: Path) -> None:
    picker = wizard.form.questionnaire
    assert picker.load_file(district_file(tmp_path, ghi_chu="thêm")) is None
    assert "does not read: ghi_chu" in picker.message.text()
    data = json.loads(paths.DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    data["components"][2]["items"][0]["code"] = data["components"][0]["items"][0]["code"]
    dup = tmp_path / "trung-ma.json"
    dup.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert picker.load_file(dup) is None
    assert "$.components[2].items[0].code" in picker.message.text()
    assert "used twice" in picker.message.text()
    assert picker.load_file(tmp_path / "khong-co.json") is None
    assert "cannot be read" in picker.message.text()


def test_enter_on_a_focused_button_presses_it_and_not_next(wizard: SetupWizard,
                                                           tmp_path: Path) -> None:
    wizard.form.unit_name.setText(UNIT)
    wizard.form.unit_code.setText("19816")
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentId() == wizard.page_ids["questionnaire"]
    picker = wizard.form.questionnaire
    asked: list[bool] = []
    picker.choose_file = lambda: asked.append(True) or None  # type: ignore[method-assign]
    picker.load_button.setFocus()
    press(Qt.Key.Key_Return)
    assert asked
    assert wizard.currentId() == wizard.page_ids["questionnaire"]
    picker.combo.setFocus()
    press(Qt.Key.Key_Return)  # the dialog's own default again: Next
    assert wizard.currentId() == wizard.page_ids["signing"]
