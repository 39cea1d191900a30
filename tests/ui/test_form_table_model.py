"""FormTableModel: a Qt table adapter over FormListRow, checked without a view."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.domain.forms import FormRecord, FormStatus
from app.services.forms import FormListRow
from app.ui.form_table_model import FormTableModel

M = FormTableModel


def row(form_id: int, serial: int, day: date, *, field: str = "TP", label: str = "Tư pháp",
        operator: str = "Lan", opinion: str = "", status: FormStatus = FormStatus.ACTIVE,
        reason: str = "") -> FormListRow:
    record = FormRecord(serial=serial, survey_date=day, questionnaire_id="xa-22-tieu-chi",
                        questionnaire_version="2017.1", answers={"LV": 1}, opinion=opinion,
                        status=status, operator=operator,
                        keyed_at=datetime(2026, day.month, day.day, 9, 30), void_reason=reason,
                        id=form_id)
    return FormListRow(record, field, label)


ROWS = [
    row(3, 12, date(2026, 3, 2), opinion="Phòng chờ hơi chật"),
    row(7, 3, date(2026, 1, 15), field="TNMT", label="Tài nguyên và Môi trường",
        operator="Hùng", status=FormStatus.VOID, reason="Nhập trùng"),
    row(9, 120, date(2026, 11, 20), field="0", label=""),
    row(11, 45, date(2026, 6, 1), field="9", label="", operator="Ánh"),
]


def make(rows: list[FormListRow] = ROWS) -> FormTableModel:
    model = FormTableModel()
    model.set_rows(rows)
    return model


def test_qt_model_contract(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(make())  # Qt's QAbstractItemModelTester
    qtmodeltester.check(make(), force_py=True)  # pytest-qt's own, stricter on roles
    qtmodeltester.check(make([]), force_py=True)


def test_columns_and_headers() -> None:
    model = make()
    assert model.columnCount() == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["Serial", "Date", "Field", "Keyed by", "Keyed at", "Status", "Opinion"]
    assert model.headerData(7, Qt.Orientation.Horizontal) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children


def test_display_values() -> None:
    model = make()

    def cell(r: int, c: int) -> str:
        return model.data(model.index(r, c))

    assert [cell(0, c) for c in range(7)] == [
        "0012", "02/03/2026", "Tư pháp", "Lan", "02/03/2026 09:30", "Valid", "Phòng chờ hơi chật"]
    assert cell(2, M.COL_FIELD) == "(blank)"
    assert cell(3, M.COL_FIELD) == "(unreadable)"


def test_void_rows_say_so_in_words_not_only_colour() -> None:
    model = make()
    index = model.index(1, M.COL_STATUS)
    assert model.data(index) == "Void"
    assert model.data(index, M.STATUS_ROLE) == "void"
    assert "Nhập trùng" in model.data(model.index(1, M.COL_SERIAL), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, M.COL_SERIAL), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(1, M.COL_SERIAL), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, M.COL_SERIAL), Qt.ItemDataRole.ForegroundRole) is None


def test_form_id_role_and_lookup() -> None:
    model = make()
    assert [model.data(model.index(r, M.COL_OPINION), M.FORM_ID_ROLE) for r in range(4)] == [
        3, 7, 9, 11]
    assert model.row_of_form(9) == 2
    assert model.row_of_form(99) is None
    assert model.row_at(1).record.serial == 3


def test_sort_by_serial_date_and_vietnamese_text_keeps_persistent_indexes() -> None:
    model = make()
    kept = QPersistentModelIndex(model.index(0, M.COL_OPINION))  # form 3
    model.sort(M.COL_SERIAL, Qt.SortOrder.AscendingOrder)
    assert [r.record.serial for r in model.rows()] == [3, 12, 45, 120]
    assert kept.row() == 1 and model.data(QModelIndex(kept), M.FORM_ID_ROLE) == 3
    model.sort(M.COL_DATE, Qt.SortOrder.DescendingOrder)
    assert [r.record.survey_date.month for r in model.rows()] == [11, 6, 3, 1]
    model.sort(M.COL_OPERATOR, Qt.SortOrder.AscendingOrder)
    # "Ánh" sorts with A, not after Z
    assert [r.record.operator for r in model.rows()] == ["Ánh", "Hùng", "Lan", "Lan"]


def test_set_rows_resets() -> None:
    model = make()
    model.set_rows(ROWS[:1])
    assert model.rowCount() == 1
    assert not model.data(model.index(5, 0))
