"""The import dialog: the plan first, writing only by the clerk's choice, Vietnamese reasons."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from app.domain.questionnaire import QuestionKind
from app.services.demo import demo_settings
from app.services.setup import apply_settings
from app.services.workspace import Workspace
from app.storage.repository import FormFilter
from app.ui.import_dialog import FILE_REASONS, ROW_REASONS, ImportDialog

NOW = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "data", now=lambda: NOW)
    assert apply_settings(ws, demo_settings(2026), "Lan") == []
    yield ws
    ws.close()



def _csv(ws: Workspace, path: Path, rows: int, **broken: dict[str, str]) -> Path:
    """``rows`` good forms; ``broken`` maps a serial ("s3") to the cells to spoil."""
    q = ws.keying_questionnaire()
    codes = [x.code for x in q.questions if x.kind is not QuestionKind.FIELD]
    header = ["serial", "date", "field", *codes, "opinion", "status"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for serial in range(1, rows + 1):
        row = dict.fromkeys(codes, "1")
        row.update(serial=str(serial), date="03/11/2026", field="TP",
                   opinion="Cán bộ tận tình", status="active")
        row.update(broken.get(f"s{serial}", {}))
        writer.writerow([row[h] for h in header])
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return path


def _stored(ws: Workspace) -> int:
    return len(ws.store.list_forms(FormFilter()))


def _dialog(qtbot, ws: Workspace) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(ws, "Hoa")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_good_file_is_imported_when_the_clerk_chooses(qtbot, ws: Workspace, tmp_path: Path,
                                                      vietnamese: None) -> None:
    dialog = _dialog(qtbot, ws)
    dialog.load_file(_csv(ws, tmp_path / "phieu.csv", 5))
    assert _stored(ws) == 0  # checking writes nothing
    assert dialog.summary_label.text() == ("phieu.csv: 5 dòng phiếu; 5 dòng nhập được, "
                                           "0 dòng lỗi.")
    assert dialog.import_all_button.isVisible() and not dialog.import_good_button.isVisible()
    assert dialog.import_all_button.text() == "&Nhập 5 phiếu"
    assert dialog.import_all_button.hasFocus()
    qtbot.keyClick(dialog.import_all_button, Qt.Key.Key_Return)
    assert _stored(ws) == 5
    assert dialog.result_label.isVisible()
    assert dialog.result_label.text().startswith("Đã nhập 5 phiếu")
    assert not dialog.import_all_button.isVisible()
    assert {r.operator for r, _ in ws.store.list_forms(FormFilter())} == {"Hoa"}


def test_bad_rows_are_listed_and_skipping_is_a_separate_choice(
        qtbot, ws: Workspace, tmp_path: Path, vietnamese: None) -> None:
    path = _csv(ws, tmp_path / "loi.csv", 6, s2={"date": "31/02/2026"},
                s5={"TC1": "7", "field": "XX"})
    dialog = _dialog(qtbot, ws)
    dialog.load_file(path)
    assert not dialog.import_all_button.isVisible()
    assert dialog.import_good_button.isVisible()
    assert dialog.import_good_button.text() == "&Nhập 4 dòng đúng, bỏ qua 2 dòng lỗi"
    assert dialog.bad_rows_shown() == [
        ("3", "ngày 31/02/2026 không hợp lệ"),
        ("6", "mã lĩnh vực “XX” không có trong cài đặt của đơn vị (có: TP, TNMT, LDTBXH); "
              "câu TC1: không có mã 7 (chỉ 1 đến 5, 0 bỏ trống, 9 không đọc được)"),
    ]
    assert dialog.error_label.isVisible()
    assert _stored(ws) == 0
    qtbot.mouseClick(dialog.import_good_button, Qt.MouseButton.LeftButton)
    assert _stored(ws) == 4
    assert "Bỏ qua 2 dòng lỗi." in dialog.result_label.text()


def test_a_refused_file_says_why_and_offers_no_import(qtbot, ws: Workspace, tmp_path: Path,
                                                      vietnamese: None) -> None:
    path = tmp_path / "lan.csv"
    path.write_bytes(b"\xef\xbb\xbfserial,date,field\r\n1,caf\xe9,TP\r\n")
    dialog = _dialog(qtbot, ws)
    dialog.load_file(path)
    assert dialog.error_label.isVisible()
    assert "lẫn hai bảng mã" in dialog.error_label.text()
    assert not dialog.import_all_button.isVisible()
    assert not dialog.import_good_button.isVisible()
    assert dialog.choose_button.hasFocus()


def test_stopping_the_import_keeps_nothing(qtbot, ws: Workspace, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, ws)
    dialog.load_file(_csv(ws, tmp_path / "phieu.csv", 250))
    original = dialog._run_steps

    def press_stop_midway(steps):  # type: ignore[no-untyped-def]  # Stop, between two steps
        for step in original(steps):
            if step.step == "write":
                dialog.request_cancel()
            yield step

    dialog._run_steps = press_stop_midway  # type: ignore[method-assign]
    dialog.run_import(skip_bad_rows=False)
    assert _stored(ws) == 0
    assert dialog.error_label.text() == "The import was stopped; nothing was imported."


def test_escape_while_busy_stops_instead_of_closing(qtbot, ws: Workspace) -> None:
    dialog = _dialog(qtbot, ws)
    dialog.busy = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog._cancelled()
    dialog.busy = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_reason_code_has_a_vietnamese_sentence(vietnamese: None) -> None:
    for templates in (ROW_REASONS, FILE_REASONS):
        for code, source in templates.items():
            translated = QCoreApplication.translate("ImportDialog", source)
            assert translated != source, code
