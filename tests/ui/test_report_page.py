"""The report screen: periods, figures, the draft of the report, making the files, refusals."""

from __future__ import annotations

import errno
import sqlite3
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.entry import FormEntry
from app.domain.narrative import format_count
from app.domain.periods import Period
from app.domain.questionnaire import QuestionKind
from app.services import reports
from app.services.demo import fill_demo
from app.services.keying import KeyingService
from app.services.workspace import Workspace
from app.ui import messages
from app.ui.report_page import ReportPage
from tests.ui.workspaces import set_up_workspace

NOW = datetime(2026, 11, 22, 10, 0)
ROOT = Path(__file__).resolve().parents[2]
PATTERN = (5, 4, 4, 3, 5, 2, 4, 5, 1, 0, 9)  # answers cycle through every level, blank, unreadable
# serial -> survey date: four forms in the third quarter, six in the fourth, none before July.
DATES = {1: date(2026, 7, 6), 2: date(2026, 8, 12), 3: date(2026, 9, 9), 4: date(2026, 9, 30),
         5: date(2026, 10, 1), 6: date(2026, 10, 15), 7: date(2026, 10, 30),
         8: date(2026, 11, 2), 9: date(2026, 11, 16), 10: date(2026, 11, 20)}


def rating_for(serial: int, position: int) -> int:
    return PATTERN[(serial + position) % len(PATTERN)]


@pytest.fixture
def ws(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Ten forms keyed through the keying service: Q3 has 4, Q4 has 6, Q1 and Q2 none."""
    ws = set_up_workspace(tmp_path / "data", lambda: NOW, unit_code="10234",
                          place_name="Nam Đông", signer_name="Lê Văn Hùng")
    q = ws.keying_questionnaire()
    for serial, day in DATES.items():
        answers = {}
        for position, question in enumerate(q.questions):
            if question.kind is QuestionKind.RATING:
                answers[question.code] = rating_for(serial, position)
            else:
                answers[question.code] = serial % question.option_count + 1
        saved = KeyingService(ws, "Lan").save(FormEntry(q, serial=serial, survey_date=day,
                                                        answers=answers))
        assert not isinstance(saved, list), saved
    yield ws
    ws.close()


def expected_satisfaction(ws: Workspace, serials: list[int]) -> tuple[int, int, int, int]:
    """(satisfied, valid, blank, unreadable) over the rated answers, counted from the inputs."""
    q = ws.keying_questionnaire()
    satisfied = valid = blank = unreadable = 0
    for serial in serials:
        for position, question in enumerate(q.questions):
            if question.kind is not QuestionKind.RATING:
                continue
            answer = rating_for(serial, position)
            valid += 1 <= answer <= 5
            satisfied += answer in (4, 5)
            blank += answer == 0
            unreadable += answer == 9
    return satisfied, valid, blank, unreadable


def make_page(qtbot, ws: Workspace) -> ReportPage:  # type: ignore[no-untyped-def]
    p = ReportPage(ws, "Lan")
    qtbot.addWidget(p)
    p.resize(1080, 680)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    return p


@pytest.fixture
def page(qtbot, ws: Workspace) -> ReportPage:  # type: ignore[no-untyped-def]
    return make_page(qtbot, ws)


def cell(table, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, column).text()


def column_texts(table, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [cell(table, r, column) for r in range(table.rowCount())]


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:  # keyClicks aborts on non-ASCII text
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def wait_done(qtbot, page: ReportPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: page.job is None, timeout=20_000)


# -- periods and figures ----------------------------------------------------------------------
def test_the_report_due_next_is_chosen_with_its_due_date(page: ReportPage) -> None:
    assert [page.period_combo.itemText(i) for i in range(page.period_combo.count())] == [
        "Quarter IV, 2026", "Quarter III, 2026", "Quarter II, 2026", "Quarter I, 2026",
        "Year 2026"]
    assert page.current_period() == Period(2026, 4)
    due = page.due_label.text()
    assert "01/10/2026 to 31/12/2026" in due
    assert "due 20/12/2026, 28 days left" in due


def test_the_figures_are_those_of_the_forms_keyed(page: ReportPage, ws: Workspace) -> None:
    satisfied, valid, blank, unreadable = expected_satisfaction(ws, [5, 6, 7, 8, 9, 10])
    summary = page.summary_label.text()
    assert "Forms: 6</b> of the period's target 105" in summary
    assert f"({satisfied}/{valid} valid answers" in summary
    assert f"Blank answers: {blank} · unreadable: {unreadable}" in summary
    overall = page.components_table.rowCount() - 1
    assert cell(page.components_table, overall, 0) == "Overall"
    assert cell(page.components_table, overall, 2) == f"{satisfied}/{valid}"
    components = ws.keying_questionnaire()
    assert overall == len({q.component for q in components.rating_questions})
    # The component rows add up to the overall row.
    pairs = [cell(page.components_table, r, 2).split("/") for r in range(overall)]
    assert sum(int(a) for a, _ in pairs) == satisfied
    assert sum(int(b) for _, b in pairs) == valid
    fields = page.fields_table
    assert cell(fields, fields.rowCount() - 1, 0) == "Total"
    assert sum(int(n) for n in column_texts(fields, 1)[:-1]) == 6
    assert cell(fields, fields.rowCount() - 1, 1) == "6"
    months = page.months_table
    assert [months.horizontalHeaderItem(c).text() for c in range(1, 4)] == [
        "10/2026", "11/2026", "12/2026"]
    assert [cell(months, 0, c) for c in range(1, 5)] == ["3", "3", "0", "6"]
    assert "Against Quarter III, 2026: forms +2" in summary


def test_choosing_another_period_shows_its_figures(page: ReportPage, ws: Workspace) -> None:
    page.select_period(Period(2026, 3))
    satisfied, valid, _blank, _unreadable = expected_satisfaction(ws, [1, 2, 3, 4])
    assert "Forms: 4</b>" in page.summary_label.text()
    assert "01/07/2026 to 30/09/2026" in page.due_label.text()
    assert "was due 20/09/2026" in page.due_label.text()
    overall = page.components_table.rowCount() - 1
    assert cell(page.components_table, overall, 2) == f"{satisfied}/{valid}"
    assert [cell(page.months_table, 0, c) for c in range(1, 5)] == ["1", "1", "2", "4"]
    assert "No forms in the previous period" in page.summary_label.text()

    page.select_period(Period(2026, None))
    satisfied, valid, _blank, _unreadable = expected_satisfaction(ws, list(DATES))
    assert "Forms: 10</b> of the period's target 420" in page.summary_label.text()
    assert page.months_table.columnCount() == 12 + 2
    assert cell(page.months_table, 0, 13) == "10"
    assert cell(page.components_table, overall, 2) == f"{satisfied}/{valid}"


def test_the_weakest_items_are_listed_lowest_first(page: ReportPage) -> None:
    lines = page.weakest_label.text().splitlines()
    assert len(lines) == 3
    shares = [float(line.rsplit(": ", 1)[1].split(" %")[0].replace(",", ".")) for line in lines]
    assert shares == sorted(shares)
    assert all(line.startswith("Item ") for line in lines)


def test_a_period_without_forms_says_so_and_is_refused(page: ReportPage) -> None:
    asked = []
    page.choose_folder = lambda default: asked.append(default)  # type: ignore[method-assign]
    page.select_period(Period(2026, 1))
    assert "No forms keyed in this period yet" in page.summary_label.text()
    page.generate()
    assert asked == []
    assert page.error_label.isVisible()
    assert "Quarter I, 2026 has no forms yet" in page.error_label.text()
    assert "Key the forms first (F2)" in page.error_label.text()


def test_on_the_demo_database_the_figures_match_a_count_in_sql(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    demo = Workspace.open(tmp_path / "demo", now=lambda: NOW)
    try:
        for _ in fill_demo(demo, NOW.date()):
            pass
        page = make_page(qtbot, demo)
        codes = [q.code for q in demo.keying_questionnaire().rating_questions]
        with sqlite3.connect(demo.db_path) as db:
            for period in (Period(2026, 4), Period(2026, 2), Period(2026, None)):
                page.select_period(period)
                where = ("f.status = 'active' AND f.survey_date BETWEEN ? AND ?",
                         (period.start.isoformat(), period.end.isoformat()))
                (forms,) = db.execute(f"SELECT count(*) FROM forms f WHERE {where[0]}",
                                      where[1]).fetchone()
                satisfied, valid = db.execute(
                    "SELECT sum(a.value IN (4, 5)), sum(a.value BETWEEN 1 AND 5) FROM answers a"
                    f" JOIN forms f ON f.id = a.form_id WHERE {where[0]} AND a.question_code IN"
                    f" ({','.join('?' * len(codes))})", (*where[1], *codes)).fetchone()
                assert forms > 0
                assert f"Forms: {format_count(forms)}</b>" in page.summary_label.text()
                overall = page.components_table.rowCount() - 1
                assert cell(page.components_table, overall, 2) == (
                    f"{format_count(satisfied)}/{format_count(valid)}")
                fields = page.fields_table
                assert cell(fields, fields.rowCount() - 1, 1) == format_count(forms)
        page.hide()
    finally:
        demo.close()


# -- the draft of the report ------------------------------------------------------------------
def test_the_draft_is_prefilled(page: ReportPage) -> None:
    request = page.current_request()
    assert request is not None
    assert request.period == Period(2026, 4)
    assert request.narrative, "section IV starts from a draft"
    assert request.recipients
    assert page.date_edit.text() == "22/11/2026"


def test_edits_are_saved_per_period_and_come_back(qtbot, ws, page) -> None:  # type: ignore[no-untyped-def]
    page.number_edit.setFocus()
    QTest.keyClicks(page.number_edit, "17")
    page.narrative_edit.setFocus()
    page.narrative_edit.moveCursor(page.narrative_edit.textCursor().MoveOperation.End)
    QTest.keyClick(page.narrative_edit, Qt.Key.Key_Return)
    type_text(page.narrative_edit, "Đề nghị bố trí thêm ghế chờ.")
    page.select_period(Period(2026, 3))  # leaving the period saves its draft
    assert page.number_edit.text() == ""
    assert "Đề nghị bố trí thêm ghế chờ." not in page.narrative_edit.toPlainText()
    page.select_period(Period(2026, 4))
    assert page.number_edit.text() == "17"
    assert page.current_request().narrative[-1] == "Đề nghị bố trí thêm ghế chờ."  # type: ignore[union-attr]
    # Another session (the program restarted) finds it too.
    again = make_page(qtbot, ws)
    assert again.number_edit.text() == "17"
    assert again.current_request().narrative[-1] == "Đề nghị bố trí thêm ghế chờ."  # type: ignore[union-attr]


def test_the_number_takes_digits_only(page: ReportPage) -> None:
    page.number_edit.setFocus()
    QTest.keyClicks(page.number_edit, "1/2a3")
    assert page.number_edit.text() == "123"


def test_section_iv_can_be_drafted_again_from_the_figures(monkeypatch, ws, page) -> None:  # type: ignore[no-untyped-def]
    fresh = page.current_request().narrative  # type: ignore[union-attr]
    page.narrative_edit.setPlainText("Đoạn cũ, số liệu cũ.")
    page.save_draft()
    asked = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    page.redraft_button.click()
    assert page.narrative_edit.toPlainText() == "Đoạn cũ, số liệu cũ."  # the clerk said no
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    page.redraft_button.click()
    assert len(asked) == 2 and "lost" in asked[0]
    assert page.current_request().narrative == fresh  # type: ignore[union-attr]
    assert reports.default_request(ws, Period(2026, 4), NOW.date()).narrative == fresh


def test_pauses_in_typing_and_leaving_the_page_save_the_draft(qtbot, ws, page) -> None:  # type: ignore[no-untyped-def]
    page.recipients_edit.setPlainText("Sở Nội vụ tỉnh Hòa Bình;\nLưu: VT.")
    qtbot.waitUntil(lambda: "Draft saved" in page.draft_label.text(), timeout=5000)
    assert reports.default_request(ws, Period(2026, 4), NOW.date()).recipients == (
        "Sở Nội vụ tỉnh Hòa Bình;", "Lưu: VT.")
    page.number_edit.setText("")
    QTest.keyClicks(page.number_edit, "5")
    page.hide()
    assert reports.default_request(ws, Period(2026, 4), NOW.date()).number == "5"


def test_an_untouched_draft_is_not_frozen(monkeypatch, page: ReportPage) -> None:  # type: ignore[no-untyped-def]
    saved = []
    monkeypatch.setattr(reports, "save_request", lambda ws, request: saved.append(request))
    page.select_period(Period(2026, 3))
    page.hide()
    page.refresh()
    assert saved == []  # a later refresh still drafts from the newest figures
    page.save_button.click()
    assert [r.period for r in saved] == [Period(2026, 3)]


# -- making the files ----------------------------------------------------------------------
def test_making_the_report_writes_three_files(qtbot, monkeypatch, tmp_path, page) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "Báo cáo"
    offered = []
    page.choose_folder = lambda d: offered.append(d) or out  # type: ignore[method-assign]
    page.number_edit.setText("17")
    page.narrative_edit.setPlainText("Đoạn thứ nhất.\n\nKiến nghị tăng cường phát phiếu.")
    page.generate()
    assert page.job is not None  # written on a worker: the window keeps painting
    assert not page.generate_button.isEnabled() and not page.period_combo.isEnabled()
    assert page.progress_box.isVisible()
    wait_done(qtbot, page)
    assert page.error_label.text() == ""
    outputs = page.outputs
    assert outputs is not None
    for path in (outputs.pdf, outputs.xlsx, outputs.notice):
        assert path.parent == out and path.stat().st_size > 0
    assert outputs.pdf.read_bytes().startswith(b"%PDF")
    assert outputs.notice.read_bytes().startswith(b"%PDF")
    assert outputs.xlsx.read_bytes().startswith(b"PK")
    assert page.result_box.isVisible()
    shown = page.result_label.text()
    assert str(out) in shown and outputs.pdf.name in shown and outputs.notice.name in shown
    assert page.progress_bar.value() == page.progress_bar.maximum()
    assert page.generate_button.isEnabled() and page.period_combo.isEnabled()
    text = subprocess.run(["pdftotext", "-layout", str(outputs.pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "17/BC-UBND" in text
    assert "Kiến nghị tăng cường phát phiếu." in " ".join(text.split())
    # The folder is remembered for next time.
    page.generate()
    wait_done(qtbot, page)
    assert offered == [offered[0], out]

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.open_folder_button.click()
    page.open_pdf_button.click()
    assert [u.toLocalFile() for u in opened] == [str(out), str(outputs.pdf)]


def test_ctrl_enter_makes_the_report_from_the_narrative(qtbot, tmp_path, page) -> None:  # type: ignore[no-untyped-def]
    page.choose_folder = lambda default: tmp_path / "out"  # type: ignore[method-assign]
    page.narrative_edit.setFocus()
    QTest.keyClick(page.narrative_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_done(qtbot, page)
    assert page.outputs is not None and page.outputs.pdf.exists()


def test_a_report_date_that_is_not_a_date_is_refused(page: ReportPage) -> None:
    asked = []
    page.choose_folder = lambda default: asked.append(default)  # type: ignore[method-assign]
    page.date_edit.setText("31/02/2026")
    page.generate()
    assert asked == [] and page.job is None
    assert "“31/02/2026” is not a date" in page.error_label.text()
    page.date_edit.setText("011226")
    page._date_finished()
    assert page.date_edit.text() == "01/12/2026" and page.error_label.text() == ""
    assert page.current_request().report_date == date(2026, 12, 1)  # type: ignore[union-attr]


def test_cancelling_the_folder_choice_changes_nothing(tmp_path: Path, page: ReportPage) -> None:
    page.choose_folder = lambda default: None  # type: ignore[method-assign]
    page.generate()
    assert page.job is None and page.outputs is None and page.error_label.text() == ""


def test_a_folder_that_cannot_be_written_is_refused(tmp_path: Path, page: ReportPage) -> None:
    in_the_way = tmp_path / "a-file.txt"
    in_the_way.write_text("not a folder")
    page.choose_folder = lambda default: in_the_way  # type: ignore[method-assign]
    page.generate()
    assert page.job is None
    text = page.error_label.text()
    assert f"cannot be written to the folder {in_the_way}" in text
    assert "Choose another folder" in text
    assert in_the_way.read_text() == "not a folder"


@pytest.mark.parametrize(("error", "words"), [
    (PermissionError(errno.EACCES, "Permission denied", "10234_2026-Q4_bao-cao.pdf"),
     ["10234_2026-Q4_bao-cao.pdf could not be written", "no permission", "close it"]),
    (OSError(errno.ENOSPC, "No space left on device", "x.xlsx"), ["x.xlsx", "the disk is full"]),
    (RuntimeError("font missing"), ["unexpected error (RuntimeError: font missing)",
                                    "Tell the person who supports"]),
])
def test_a_writer_error_is_shown_in_words(qtbot, monkeypatch, tmp_path, page, error, words) -> None:  # type: ignore[no-untyped-def]
    def failing(ws, request, out_dir, today):  # type: ignore[no-untyped-def]
        yield reports.ReportProgress(1, 4, "tabulate", None)
        raise error

    monkeypatch.setattr(reports, "make_report", failing)
    page.choose_folder = lambda default: tmp_path  # type: ignore[method-assign]
    page.generate()
    wait_done(qtbot, page)
    text = page.error_label.text()
    assert page.error_label.isVisible()
    for word in words:
        assert word in text
    assert "Files made earlier were left as they were" in text
    assert not page.result_box.isVisible() and not page.progress_box.isVisible()
    assert page.generate_button.isEnabled()


def test_the_refusals_read_vietnamese(qapp, tmp_path: Path, page: ReportPage) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(ROOT / "resources" / "translations" / "khaosat_vi.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        page.select_period(Period(2026, 1))
        page.generate()
        assert page.error_label.text().startswith("Quý I năm 2026 chưa có phiếu nào")
        page._failed(PermissionError(errno.EACCES, "Permission denied", "a.pdf"))
        assert page.error_label.text().startswith("Chưa tạo được báo cáo: không ghi được a.pdf")
    finally:
        QCoreApplication.removeTranslator(translator)


# -- keyboard ---------------------------------------------------------------------------------
def test_tab_order_follows_the_screen(page: ReportPage) -> None:
    page.period_combo.setFocus()
    names = []
    for _ in range(8):
        focused = QApplication.focusWidget()
        names.append(focused.objectName())
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    assert names == ["report_period", "report_number", "report_date", "report_recipients",
                     "report_narrative", "report_save_draft", "report_redraft",
                     "report_generate"]


def test_mnemonics_are_unique_and_lead_to_their_fields(page: ReportPage) -> None:
    keys = []
    for label in page.findChildren(QLabel):
        if label.buddy() is not None and "&" in label.text():
            keys.append(label.text().split("&", 1)[1][0].lower())
    for button in (page.generate_button, page.save_button, page.redraft_button,
                   page.open_folder_button, page.open_pdf_button):
        keys.append(button.text().split("&", 1)[1][0].lower())
    assert len(keys) == len(set(keys)) >= 10
    QTest.keyClick(page, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is page.narrative_edit


def test_f5_in_the_main_window_shows_the_page(qtbot, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(ws, "Lan")
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    window.action_reports.trigger()
    page = window.stack.currentWidget()
    assert isinstance(page, ReportPage)
    assert page.current_period() == Period(2026, 4)
    figures = page.findChild(object, "report_figures")
    assert figures.widget().sizeHint().height() <= figures.height(), "figures clipped"
