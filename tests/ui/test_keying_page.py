"""The keying protocol of DESIGN.md, driven by key events only (pytest-qt, offscreen)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.forms import FormStatus
from app.services.keying import KeyingService
from app.storage.repository import FormFilter
from app.ui import messages
from app.ui.keying_page import KeyingPage
from app.ui.tally_panel import TallyPanel
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)
OPINION = "Nhân viên rất tận tình"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def ws(tmp_path, clock):  # type: ignore[no-untyped-def]
    ws = set_up_workspace(tmp_path, clock)
    yield ws
    ws.close()


@pytest.fixture
def service(ws) -> KeyingService:  # type: ignore[no-untyped-def]
    return KeyingService(ws, "Lan")


def make_page(qtbot, service: KeyingService) -> KeyingPage:  # type: ignore[no-untyped-def]
    page = KeyingPage(service)
    qtbot.addWidget(page)
    page.resize(1086, 700)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


@pytest.fixture
def page(qtbot, service) -> KeyingPage:  # type: ignore[no-untyped-def]
    return make_page(qtbot, service)


@pytest.fixture
def no_questions(monkeypatch):  # type: ignore[no-untyped-def]
    """Fail the test if a confirmation box would open."""
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("unexpected confirmation box")
    monkeypatch.setattr(messages, "confirm", refuse)


def focused(page: KeyingPage) -> QWidget:
    widget = page.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, page: KeyingPage, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(page), key, modifier)


def digit_key(n: int) -> Qt.Key:
    return getattr(Qt.Key, f"Key_{n}")


def type_text(page: KeyingPage, text: str) -> None:
    """Vietnamese-safe typing: one key event per character (qtbot.keyClicks aborts on it)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, focused(page), Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def start_form(qtbot, page: KeyingPage) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, page, Qt.Key.Key_Return)  # the serial as pre-filled
    press(qtbot, page, Qt.Key.Key_Return)  # the date as pre-filled
    assert focused(page) is page.grid


def answers_for(page: KeyingPage) -> dict[str, int]:
    """A valid, varied answer for every question."""
    out = {}
    for i, q in enumerate(page.entry.questions):
        out[q.code] = (i % q.option_count) + 1
    return out


def key_answers(qtbot, page: KeyingPage, answers: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    for q in page.entry.questions:
        if q.code in answers:
            press(qtbot, page, digit_key(answers[q.code]))
        else:
            press(qtbot, page, Qt.Key.Key_Down)  # left unanswered


def stored_forms(ws):  # type: ignore[no-untyped-def]
    return [record for record, _ in ws.store.list_forms(FormFilter(year=2026))]


# -- serial and date ---------------------------------------------------------------------
def test_serial_prefilled_selected_and_focused(page, service) -> None:
    assert page.serial_edit.text() == "0001"
    assert page.serial_edit.selectedText() == "0001"
    assert focused(page) is page.serial_edit
    assert page.date_edit.text() == "22/11/2026"


def test_whole_form_keyed_with_answers_plus_three_keystrokes(qtbot, page, ws,
                                                              no_questions) -> None:
    answers = answers_for(page)
    keystrokes = 0
    press(qtbot, page, Qt.Key.Key_Return)
    press(qtbot, page, Qt.Key.Key_Return)
    keystrokes += 2
    for q in page.entry.questions:
        press(qtbot, page, digit_key(answers[q.code]))
        keystrokes += 1
    assert focused(page) is page.opinion_edit
    press(qtbot, page, Qt.Key.Key_Return)
    keystrokes += 1

    assert keystrokes == len(answers) + 3
    forms = stored_forms(ws)
    assert len(forms) == 1
    assert forms[0].serial == 1
    assert dict(forms[0].answers) == answers
    assert forms[0].survey_date == NOW.date()
    assert forms[0].operator == "Lan"
    # The next form is open: next serial selected, the date kept, the draft gone.
    assert page.serial_edit.text() == "0002"
    assert page.serial_edit.selectedText() == "0002"
    assert focused(page) is page.serial_edit
    assert page.date_edit.text() == "22/11/2026"
    assert page.entry.answers == {}
    assert ws.store.load_draft("Lan") is None
    assert "0001" in page.message.text()


def test_taken_serial_refused_with_when_and_who(qtbot, page, service, clock) -> None:
    entry = page.entry
    entry.serial, entry.survey_date = 12, datetime(2026, 11, 12).date()
    entry.answers.update(answers_for(page))
    clock.now = datetime(2026, 11, 12, 10, 5)
    assert not isinstance(service.save(entry), list)
    clock.now = NOW
    page.start_new_form()

    page.serial_edit.clear()
    qtbot.keyClicks(page.serial_edit, "12")
    press(qtbot, page, Qt.Key.Key_Return)
    text = page.field_message.text()
    assert "0012" in text and "10:05" in text and "12/11/2026" in text and "Lan" in text
    assert focused(page) is page.serial_edit
    assert page.entry.serial is None


def test_voided_serial_says_so(qtbot, page, service, ws) -> None:
    entry = page.entry
    entry.serial, entry.survey_date = 3, NOW.date()
    entry.answers.update(answers_for(page))
    saved = service.save(entry)
    ws.store.set_form_status(saved.id, FormStatus.VOID, "Lan", NOW, "ghi hai lần")
    page.start_new_form()
    page.serial_edit.clear()
    qtbot.keyClicks(page.serial_edit, "3")
    press(qtbot, page, Qt.Key.Key_Return)
    assert messages.issue_text(service.check_serial(3)) in page.field_message.text()
    assert "(" in page.field_message.text()


@pytest.mark.parametrize("text", ["abc", "3102", "310226", "231126", "15/06/2025", "1/1/2027"])
def test_bad_future_and_outside_year_dates_refused(qtbot, page, text, service) -> None:
    press(qtbot, page, Qt.Key.Key_Return)
    assert focused(page) is page.date_edit
    page.date_edit.selectAll()
    qtbot.keyClicks(page.date_edit, text)
    press(qtbot, page, Qt.Key.Key_Return)
    issue = service.parse_date(text)
    assert not isinstance(issue, type(NOW.date()))
    assert page.field_message.text() == "✗ " + messages.issue_text(issue)
    assert focused(page) is page.date_edit
    assert page.entry.survey_date is None


@pytest.mark.parametrize("text", ["201126", "20112026", "20/11/2026"])
def test_date_formats_accepted(qtbot, page, text) -> None:
    press(qtbot, page, Qt.Key.Key_Return)
    page.date_edit.selectAll()
    qtbot.keyClicks(page.date_edit, text)
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.date_edit.text() == "20/11/2026"
    assert page.entry.survey_date == datetime(2026, 11, 20).date()
    assert focused(page) is page.grid


def test_refusal_is_words_not_a_dialog(qtbot, page, no_questions) -> None:
    page.serial_edit.selectAll()
    qtbot.keyClicks(page.serial_edit, "12a")
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.field_message.text().startswith("✗ ")
    assert QApplication.activeModalWidget() is None


# -- answers -----------------------------------------------------------------------------
def test_zero_blank_and_nine_unreadable(qtbot, page) -> None:
    start_form(qtbot, page)
    first, second = page.entry.questions[:2]
    press(qtbot, page, Qt.Key.Key_0)
    press(qtbot, page, Qt.Key.Key_9)
    assert page.entry.answers == {first.code: 0, second.code: 9}
    assert page.entry.index == 2


def test_digit_out_of_range_refused_without_moving(qtbot, page) -> None:
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_1)  # field of service
    gender = page.entry.current
    assert gender is not None and gender.option_count == 2
    press(qtbot, page, Qt.Key.Key_3)
    assert page.entry.current is gender
    assert gender.code not in page.entry.answers
    assert page.message.text().startswith("✗ ")
    assert "1–2" in page.message.text()
    press(qtbot, page, Qt.Key.Key_2)  # the next good key clears the refusal and moves on
    assert page.entry.answers[gender.code] == 2
    assert page.message.text() == ""


def test_rating_refuses_six(qtbot, page) -> None:
    start_form(qtbot, page)
    for _ in range(6):
        press(qtbot, page, Qt.Key.Key_1)
    rating = page.entry.current
    assert rating is not None and rating.code == "TC1"
    for key in (Qt.Key.Key_6, Qt.Key.Key_7, Qt.Key.Key_8):
        press(qtbot, page, key)
        assert page.entry.current is rating
    assert "TC1" not in page.entry.answers


def test_letter_on_grid_refused(qtbot, page) -> None:
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_A)
    assert page.entry.answers == {}
    assert page.entry.index == 0
    assert page.message.text().startswith("✗ ")


def test_backspace_on_empty_goes_back_and_on_answered_clears(qtbot, page) -> None:
    start_form(qtbot, page)
    codes = [q.code for q in page.entry.questions]
    press(qtbot, page, Qt.Key.Key_1)
    press(qtbot, page, Qt.Key.Key_2)
    assert page.entry.index == 2
    press(qtbot, page, Qt.Key.Key_Backspace)  # question 3 is empty: back to question 2
    assert page.entry.index == 1
    assert page.entry.answers[codes[1]] == 2
    press(qtbot, page, Qt.Key.Key_Backspace)  # question 2 answered: cleared, stay
    assert page.entry.index == 1
    assert codes[1] not in page.entry.answers
    press(qtbot, page, Qt.Key.Key_Backspace)  # now empty: back to question 1
    assert page.entry.index == 0
    press(qtbot, page, Qt.Key.Key_Backspace)  # clears question 1
    assert page.entry.answers == {}
    press(qtbot, page, Qt.Key.Key_Backspace)  # empty first question: back to the date
    assert focused(page) is page.date_edit


def test_shift_tab_and_arrows_move(qtbot, page) -> None:
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_1)
    press(qtbot, page, Qt.Key.Key_1)
    press(qtbot, page, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert page.entry.index == 1
    press(qtbot, page, Qt.Key.Key_Up)
    assert page.entry.index == 0
    press(qtbot, page, Qt.Key.Key_Down)
    press(qtbot, page, Qt.Key.Key_Right)
    assert page.entry.index == 2
    press(qtbot, page, Qt.Key.Key_Tab)
    assert page.entry.index == 3
    press(qtbot, page, Qt.Key.Key_Left)
    assert page.entry.index == 2
    for _ in range(2):
        press(qtbot, page, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert page.entry.index == 0
    # From the first question back to the date, from the date back to the serial.
    press(qtbot, page, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused(page) is page.date_edit
    press(qtbot, page, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused(page) is page.serial_edit


def test_keypad_digit_answers(qtbot, page) -> None:
    start_form(qtbot, page)
    qtbot.keyClick(page.grid, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)
    assert page.entry.answers == {page.entry.questions[0].code: 3}


def test_digit_from_input_method_commit_on_grid(qtbot, page) -> None:
    start_form(qtbot, page)
    assert not page.grid.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    event = QInputMethodEvent("", [])
    event.setCommitString("2")
    QApplication.sendEvent(page.grid, event)
    assert page.entry.answers == {page.entry.questions[0].code: 2}
    assert page.entry.index == 1


def test_draft_on_disk_after_every_answer(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    for q in page.entry.questions[:6]:
        press(qtbot, page, Qt.Key.Key_1)
        found = ws.store.load_draft("Lan")
        assert found is not None
        data, _saved_at = found
        assert data["answers"][q.code] == 1
        assert data["answers"] == page.entry.answers
        assert data["serial"] == 1


def test_opinion_goes_into_the_draft(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    type_text(page, "Tốt")
    page.flush_draft()
    data, _ = ws.store.load_draft("Lan")
    assert data["opinion"] == "Tốt"


def test_draft_offered_back_in_a_new_page(qtbot, page, service, ws, monkeypatch) -> None:
    start_form(qtbot, page)
    keyed = list(answers_for(page).items())[:12]
    for _code, value in keyed:
        press(qtbot, page, digit_key(value))
    asked = []

    def yes(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return True

    monkeypatch.setattr(messages, "confirm", yes)
    again = make_page(qtbot, KeyingService(ws, "Lan"))
    assert again.offer_pending_draft()
    assert "0001" in asked[0] and "12/28" in asked[0] and "10:00" in asked[0]
    assert again.entry.answers == dict(keyed)
    assert again.entry.serial == 1
    assert again.serial_edit.text() == "0001"
    assert again.entry.index == 12
    assert focused(again) is again.grid


def test_draft_declined_is_discarded(qtbot, page, ws, monkeypatch) -> None:
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_1)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    again = make_page(qtbot, KeyingService(ws, "Lan"))
    assert not again.offer_pending_draft()
    assert ws.store.load_draft("Lan") is None
    assert again.entry.answers == {}


# -- opinion and saving ------------------------------------------------------------------
def test_enter_on_opinion_saves_and_opens_next(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    assert focused(page) is page.opinion_edit
    type_text(page, "Tốt")
    with qtbot.waitSignal(page.formSaved):
        press(qtbot, page, Qt.Key.Key_Return)
    assert [f.opinion for f in stored_forms(ws)] == ["Tốt"]
    assert page.serial_edit.text() == "0002"
    assert focused(page) is page.serial_edit
    assert page.opinion_edit.text() == ""


def test_backspace_on_empty_opinion_goes_back_to_last_question(qtbot, page) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    assert focused(page) is page.opinion_edit
    press(qtbot, page, Qt.Key.Key_Backspace)
    assert focused(page) is page.grid
    assert page.entry.index == len(page.entry.questions) - 1


def test_ctrl_s_in_the_middle_refuses_and_jumps_to_first_unanswered(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    for _ in range(5):
        press(qtbot, page, Qt.Key.Key_1)
    press(qtbot, page, Qt.Key.Key_Up)
    press(qtbot, page, Qt.Key.Key_Up)
    assert page.entry.index == 3
    press(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored_forms(ws) == []
    assert page.entry.index == 5
    assert focused(page) is page.grid
    missing = page.entry.questions[5]
    assert page.message.text().startswith("✗ ")
    assert missing.short in page.message.text()


def test_ctrl_s_from_the_serial_saves_a_complete_form(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    page.serial_edit.setFocus()
    press(qtbot, page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(stored_forms(ws)) == 1


def test_missing_rating_named_by_number(qtbot, page) -> None:
    start_form(qtbot, page)
    answers = answers_for(page)
    del answers["CC3"]  # question 12
    key_answers(qtbot, page, answers)
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.entry.current is not None and page.entry.current.code == "CC3"
    assert page.message.text() == "✗ " + messages.issue_text(
        messages.Issue("answer_missing", {"number": "12"}))


def test_esc_asks_then_clears_form_and_draft(qtbot, page, ws, monkeypatch) -> None:
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_1)
    press(qtbot, page, Qt.Key.Key_2)
    answers = dict(page.entry.answers)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    press(qtbot, page, Qt.Key.Key_Escape)
    assert page.entry.answers == answers
    assert ws.store.load_draft("Lan") is not None
    assert focused(page) is page.grid

    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a) or True)
    press(qtbot, page, Qt.Key.Key_Escape)
    assert asked
    assert page.entry.answers == {}
    assert ws.store.load_draft("Lan") is None
    assert focused(page) is page.serial_edit
    assert page.serial_edit.text() == "0001"


# -- Vietnamese text through input methods -------------------------------------------------
def test_composed_vietnamese_from_input_method_lands_nfc(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    assert focused(page) is page.opinion_edit
    # Telex composes a word in preedit, then commits it; some IMEs commit decomposed text.
    for word in unicodedata.normalize("NFD", OPINION).split(" "):
        preedit = QInputMethodEvent(word[:-1], [])
        QApplication.sendEvent(page.opinion_edit, preedit)
        commit = QInputMethodEvent("", [])
        commit.setCommitString(word + " ")
        QApplication.sendEvent(page.opinion_edit, commit)
    press(qtbot, page, Qt.Key.Key_Return)
    stored = stored_forms(ws)[0].opinion
    assert stored == unicodedata.normalize("NFC", OPINION)
    assert unicodedata.is_normalized("NFC", stored)


def test_vietnamese_typed_char_by_char_lands_nfc(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    type_text(page, OPINION)
    assert page.opinion_edit.text() == OPINION
    press(qtbot, page, Qt.Key.Key_Return)
    assert stored_forms(ws)[0].opinion == unicodedata.normalize("NFC", OPINION)


# -- correction --------------------------------------------------------------------------
def test_correction_updates_and_audits(qtbot, page, ws, service) -> None:
    start_form(qtbot, page)
    answers = answers_for(page)
    key_answers(qtbot, page, answers)
    press(qtbot, page, Qt.Key.Key_Return)
    (form,) = stored_forms(ws)

    page.load_for_correction(form.id)
    assert page.banner.isVisible()
    assert "0001" in page.banner.text()
    assert page.serial_edit.text() == "0001"
    assert page.entry.answers == answers
    assert focused(page) is page.grid
    assert page.entry.index == 0
    press(qtbot, page, Qt.Key.Key_Down)
    press(qtbot, page, Qt.Key.Key_Down)
    third = page.entry.current
    assert third is not None
    new_value = 1 if answers[third.code] != 1 else 2
    press(qtbot, page, digit_key(new_value))
    with qtbot.waitSignal(page.formSaved):
        press(qtbot, page, Qt.Key.Key_Return)

    (after,) = stored_forms(ws)
    assert after.id == form.id
    assert after.answers[third.code] == new_value
    audit = [e for e in ws.store.iter_audit("form", str(form.id))]
    assert [e.action for e in audit] == ["form.create", "form.update"]
    assert audit[-1].before["answers"][third.code] == answers[third.code]
    assert audit[-1].after["answers"][third.code] == new_value
    assert not page.banner.isVisible()
    assert page.serial_edit.text() == "0002"


def test_correction_keeps_a_half_keyed_form_aside(qtbot, page, ws, service) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    press(qtbot, page, Qt.Key.Key_Return)
    (form,) = stored_forms(ws)
    start_form(qtbot, page)
    press(qtbot, page, Qt.Key.Key_2)
    press(qtbot, page, Qt.Key.Key_1)
    half = dict(page.entry.answers)

    page.load_for_correction(form.id)
    press(qtbot, page, Qt.Key.Key_Escape)  # nothing changed: leaves without asking
    assert not page.banner.isVisible()
    assert page.entry.answers == half
    assert page.entry.serial == 2
    assert ws.store.load_draft("Lan")[0]["answers"] == half


def test_correction_serial_may_stay_its_own(qtbot, page, ws) -> None:
    start_form(qtbot, page)
    key_answers(qtbot, page, answers_for(page))
    press(qtbot, page, Qt.Key.Key_Return)
    (form,) = stored_forms(ws)
    page.load_for_correction(form.id)
    page.serial_edit.setFocus()
    press(qtbot, page, Qt.Key.Key_Return)
    assert page.field_message.text() == ""
    assert focused(page) is page.date_edit


# -- tally -------------------------------------------------------------------------------
def test_tally_panel_moves_after_a_save(qtbot, page, service) -> None:
    panel = TallyPanel(service)
    qtbot.addWidget(panel)
    page.formSaved.connect(lambda record: (panel.refresh(), panel.show_saved(record)))
    assert panel.year_count.text() == "0/420"
    assert panel.quarter_count.text() == "0/105"
    start_form(qtbot, page)
    answers = answers_for(page)
    key_answers(qtbot, page, answers)
    press(qtbot, page, Qt.Key.Key_Return)
    assert panel.year_count.text() == "1/420"
    assert panel.quarter_count.text() == "1/105"
    assert panel.year_bar.value() == 1
    field = page.entry.questionnaire.field_question.options[answers["LV"] - 1].code
    assert panel.field_count(field) == 1
    assert "0001" in panel.last_saved.text()
    assert "28" in panel.due.text() and "20/12/2026" in panel.due.text()
    assert "/" in panel.pacing.text() or "✓" in panel.pacing.text()


# -- sentences for refusals ----------------------------------------------------------------
@pytest.mark.parametrize(("code", "params", "expected"), [
    ("serial_empty", {}, None),
    ("serial_not_number", {"text": "12a"}, "12a"),
    ("serial_out_of_range", {"max": 999999}, "999999"),
    ("serial_taken", {"serial": 12, "keyed_at": datetime(2026, 11, 12, 10, 5), "operator": "Lan",
                      "void": False}, "10:05"),
    ("date_empty", {}, None),
    ("date_format", {"text": "3102"}, "3102"),
    ("date_impossible", {"text": "310226"}, "310226"),
    ("date_future", {"date": datetime(2026, 11, 23).date(), "today": NOW.date()}, "23/11/2026"),
    ("date_outside_year", {"date": datetime(2025, 6, 15).date(), "year": 2026}, "15/06/2025"),
    ("answer_missing", {"code": "CC3", "number": "12", "short": "Trả lời"}, "12"),
    ("answer_missing", {"code": "GT", "number": "", "short": "Giới tính"}, "Giới tính"),
    ("answer_out_of_range", {"code": "GT", "answer": 3, "max": 2}, "2"),
    ("answer_unknown_question", {"codes": ["XX1", "XX2"]}, "XX1, XX2"),
    ("opinion_too_long", {"max": 500}, "500"),
    ("something_new", {}, "something_new"),
])
def test_every_issue_reads_as_a_sentence(code, params, expected, ws) -> None:
    text = messages.issue_text(messages.Issue(code, params), ws.keying_questionnaire())
    assert text and "{" not in text
    if expected is not None:
        assert expected in text


def test_serial_taken_of_a_voided_form_says_so() -> None:
    params = {"serial": 3, "keyed_at": NOW, "operator": "Lan"}
    plain = messages.issue_text(messages.Issue("serial_taken", {**params, "void": False}))
    voided = messages.issue_text(messages.Issue("serial_taken", {**params, "void": True}))
    assert voided.startswith(plain) and len(voided) > len(plain)
    assert "0003" in plain


def test_answer_out_of_range_names_the_question_from_the_questionnaire(ws) -> None:
    text = messages.issue_text(messages.Issue("answer_out_of_range",
                                              {"code": "GT", "answer": 3, "max": 2}),
                               ws.keying_questionnaire())
    assert "Giới tính" in text


def test_correction_esc_asks_only_when_something_changed(qtbot, page, ws, monkeypatch) -> None:
    start_form(qtbot, page)
    answers = answers_for(page)
    key_answers(qtbot, page, answers)
    press(qtbot, page, Qt.Key.Key_Return)
    (form,) = stored_forms(ws)

    page.load_for_correction(form.id)
    for _ in range(4):
        press(qtbot, page, Qt.Key.Key_Down)  # moving around changes nothing
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: pytest.fail("asked"))
    press(qtbot, page, Qt.Key.Key_Escape)
    assert not page.correcting

    page.load_for_correction(form.id)
    press(qtbot, page, Qt.Key.Key_0)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    press(qtbot, page, Qt.Key.Key_Escape)
    assert page.correcting and page.banner.isVisible()
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    press(qtbot, page, Qt.Key.Key_Escape)
    assert not page.correcting
    assert dict(stored_forms(ws)[0].answers) == answers
    assert ws.store.load_draft("Lan") is None
