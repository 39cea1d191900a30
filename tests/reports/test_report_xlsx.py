"""The XLSX report read back with openpyxl (and its raw XML where openpyxl does not look)."""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app import paths
from app.domain.forms import FormRecord, FormStatus
from app.domain.periods import Period
from app.domain.questionnaire import Questionnaire, load_questionnaire_file
from app.domain.raw_data import raw_table
from app.domain.settings import UnitSettings
from app.domain.tabulation import Tabulation, tabulate
from app.reports import report_xlsx
from app.reports.report_xlsx import SHEETS, write_report_xlsx
from app.services.workspace import questionnaire_schema
from tests.domain.test_tabulation import make_forms

SETTINGS = UnitSettings(unit_name="Ủy ban nhân dân xã Nam Đông", unit_code="10234", year=2026)
TODAY = date(2026, 11, 2)
CREATED = date(2026, 9, 18)


@pytest.fixture(scope="module")
def xa22() -> Questionnaire:
    return load_questionnaire_file(paths.FORMS_DIR / "xa-22-tieu-chi.json", questionnaire_schema())


@pytest.fixture(scope="module")
def sipas() -> Questionnaire:
    return load_questionnaire_file(paths.FORMS_DIR / "sipas-2021.json", questionnaire_schema())


def _forms(xa22: Questionnaire) -> list[FormRecord]:
    forms = make_forms(random.Random(11), xa22, 420, date(2026, 1, 1), 300)
    # An opinion that a spreadsheet would evaluate, and one with a control character.
    forms[0] = replace(forms[0], survey_date=date(2026, 8, 3), opinion="=1+1",
                       status=FormStatus.ACTIVE)
    forms[1] = replace(forms[1], survey_date=date(2026, 8, 4), opinion="Tốt\x01 lắm",
                       status=FormStatus.ACTIVE, keyed_at=datetime(2026, 8, 4, 9, 30))
    return forms


def _write(tmp_path: Path, forms: list[FormRecord], q: Questionnaire, period: Period
           ) -> tuple[Tabulation, Path]:
    tab = tabulate(forms, q, SETTINGS, period, today=TODAY)
    pairs = [(f, f.field_code(q)) for f in forms if period.contains(f.survey_date)]
    out = tmp_path / f"{period.label}.xlsx"
    write_report_xlsx(tab, out, raw=raw_table(pairs, [q]), created=CREATED)
    return tab, out


@pytest.fixture(scope="module")
def quarter(xa22: Questionnaire, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Tabulation, Path]:
    return _write(tmp_path_factory.mktemp("xlsx"), _forms(xa22), xa22, Period(2026, 3))


@pytest.fixture(scope="module")
def year(xa22: Questionnaire, tmp_path_factory: pytest.TempPathFactory
         ) -> tuple[Tabulation, Path]:
    return _write(tmp_path_factory.mktemp("xlsx"), _forms(xa22), xa22, Period(2026, None))


def _rows(sheet: Worksheet) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def _row_labelled(sheet: Worksheet, column: int, label: str) -> int:
    for r in range(1, sheet.max_row + 1):
        if sheet.cell(r, column).value == label:
            return r
    raise AssertionError(f"no row {label!r} in {sheet.title}")


def _header_row(sheet: Worksheet, first: str, below: int = 1) -> int:
    for r in range(below, sheet.max_row + 1):
        if sheet.cell(r, 1).value == first:
            return r
    raise AssertionError(f"no table headed {first!r} in {sheet.title}")


def test_sheets_frozen_headers_and_widths(quarter: tuple[Tabulation, Path]) -> None:
    _, out = quarter
    book = load_workbook(out)
    assert book.sheetnames == list(SHEETS)
    frozen = {s.title: s.freeze_panes for s in book}
    assert frozen == {"Tổng hợp": "A5", "Theo lĩnh vực": "C5", "Theo tiêu chí": "D5",
                      "Người trả lời": "A5", "Dữ liệu phiếu": "B2", "Ý kiến": "A5"}
    for sheet in book:
        assert sheet.column_dimensions["A"].width >= 6
        assert sheet.column_dimensions["B"].width >= 6
    assert book["Theo tiêu chí"].column_dimensions["C"].width >= 50
    assert book["Ý kiến"].column_dimensions["E"].width >= 60
    assert book["Tổng hợp"]["A1"].value == (
        "KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG – Ủy ban nhân dân xã Nam Đông")
    assert "Quý III năm 2026 (từ 01/07/2026 đến 30/09/2026)" in book["Tổng hợp"]["A2"].value
    assert "Lập ngày 18/09/2026" in book["Tổng hợp"]["A2"].value


def test_summary_equals_the_tabulation(quarter: tuple[Tabulation, Path]) -> None:
    tab, out = quarter
    sheet = load_workbook(out)["Tổng hợp"]
    value = {sheet.cell(r, 1).value: sheet.cell(r, 2) for r in range(5, sheet.max_row + 1)}
    assert value["Số phiếu hợp lệ của kỳ"].value == tab.forms > 0
    assert value["Số phiếu hợp lệ của kỳ"].number_format == "#,##0"
    assert value["Chỉ tiêu số phiếu của quý"].value == 105
    assert value["Phiếu đã hủy (không tính)"].value == tab.voided
    assert value["Câu trả lời hợp lệ (mức 1–5)"].value == tab.overall.valid
    share = value["Tỷ lệ hài lòng chung"]
    assert share.number_format == "0.0%"
    assert share.value == pytest.approx(float(tab.overall.satisfaction or 0), abs=1e-12)
    assert value["Điểm trung bình chung (1–5)"].number_format == "0.00"
    assert tab.change is not None
    assert value["Số phiếu quý II năm 2026"].value == tab.change.previous_forms
    # The component table: counts and their share in one row, and a total row equal to overall.
    top = _header_row(sheet, "Yếu tố")
    for i, component in enumerate(tab.components, start=1):
        row = [c.value for c in sheet[top + i]]
        assert row[1] == component.code
        assert tuple(row[2:7]) == component.levels.counts
        assert row[9] == sum(row[2:7]) and row[10] == row[5] + row[6]
        assert row[11] == pytest.approx(row[10] / row[9])
    total = [c.value for c in sheet[top + len(tab.components) + 1]]
    assert total[0] == "Chung" and tuple(total[2:7]) == tab.overall.counts
    assert total[7:9] == [tab.overall.blank, tab.overall.unreadable]


def _check_column_sums(sheet: Worksheet, top: int, n_rows: int, columns: range) -> list[Any]:
    """Each count column of a table's body adds up to its total row; returns the total row."""
    body = [[c.value for c in sheet[r]] for r in range(top + 1, top + 1 + n_rows)]
    total = [c.value for c in sheet[top + 1 + n_rows]]
    for col in columns:
        assert sum(row[col] for row in body) == total[col], (sheet.title, col)
    return total


def test_fields_sheet_adds_up(quarter: tuple[Tabulation, Path]) -> None:
    tab, out = quarter
    sheet = load_workbook(out)["Theo lĩnh vực"]
    total = _check_column_sums(sheet, 4, len(tab.by_field), range(2, 12))
    assert total[1] == "Tổng cộng" and total[2] == tab.forms
    assert tuple(total[3:8]) == tab.overall.counts
    for r in range(5, 5 + len(tab.by_field)):
        row = [c.value for c in sheet[r]]
        valid = sum(row[3:8])
        assert row[10] == valid
        if valid:
            assert row[14:19] == pytest.approx([n / valid for n in row[3:8]])
    month_top = _header_row(sheet, "Tháng")
    months = _check_column_sums(sheet, month_top, len(tab.by_month), range(1, 2))
    assert months[1] == tab.forms
    assert [sheet.cell(month_top + 1 + i, 1).value for i in range(3)] == [
        "07/2026", "08/2026", "09/2026"]


def test_items_sheet_adds_up(quarter: tuple[Tabulation, Path]) -> None:
    tab, out = quarter
    sheet = load_workbook(out)["Theo tiêu chí"]
    total = _check_column_sums(sheet, 4, len(tab.items), range(4, 13))
    assert total[2] == "Chung" and total[11] == tab.overall.valid
    first = [c.value for c in sheet[5]]
    assert first[1] == "TC1" and first[2] == tab.items[0].text
    assert sheet.cell(5, 14).number_format == "0.0%"
    assert sheet.cell(5, 15).number_format == "0.00"
    assert sheet.max_column == 15  # one questionnaire: no "not asked" column


def test_profile_sheet_adds_up(quarter: tuple[Tabulation, Path]) -> None:
    tab, out = quarter
    rows = _rows(load_workbook(out)["Người trả lời"])[4:]
    for breakdown in tab.profile:
        mine = [r for r in rows if r[0] == breakdown.text]
        *options, total = mine
        assert total[2] == "Cộng" and total[3] == tab.forms == sum(r[3] for r in options)
        assert [r[1] for r in options] == [o.code for o in breakdown.options]
        assert sum(r[4] for r in options) == pytest.approx(1)


def test_raw_data_sheet_is_the_export_layout(quarter: tuple[Tabulation, Path],
                                             xa22: Questionnaire) -> None:
    tab, out = quarter
    sheet = load_workbook(out)["Dữ liệu phiếu"]
    rows = _rows(sheet)
    header = rows[0]
    assert header[:3] == ("serial", "date", "field")
    assert header[-5:] == ("opinion", "status", "operator", "keyed_at", "questionnaire")
    statuses = [r[header.index("status")] for r in rows[1:]]
    assert statuses.count("active") == tab.forms and statuses.count("void") == tab.voided
    assert all(isinstance(r[0], str) and len(r[0]) == 4 for r in rows[1:])  # zero-padded text
    date_cell = sheet.cell(2, 2)
    assert isinstance(date_cell.value, datetime) and date_cell.number_format == "dd/mm/yyyy"
    keyed = [sheet.cell(r, header.index("keyed_at") + 1) for r in range(2, sheet.max_row + 1)]
    stamped = [c for c in keyed if c.value is not None]
    assert stamped and stamped[0].number_format == "dd/mm/yyyy hh:mm:ss"
    assert isinstance(sheet.cell(2, header.index("TC1") + 1).value, int)


def test_opinions_stay_text_and_never_become_formulas(quarter: tuple[Tabulation, Path]) -> None:
    tab, out = quarter
    book = load_workbook(out)
    sheet = book["Ý kiến"]
    texts = [sheet.cell(r, 5) for r in range(5, 5 + len(tab.opinions))]
    formula_like = [c for c in texts if c.value == "=1+1"]
    assert formula_like and formula_like[0].data_type == "s" and formula_like[0].quotePrefix
    assert "Tốt lắm" in [c.value for c in texts]  # the control character is dropped
    assert sheet.cell(5, 3).number_format == "dd/mm/yyyy"
    data = book["Dữ liệu phiếu"]
    opinion_col = [c.value for c in data[1]].index("opinion") + 1
    cells = [data.cell(r, opinion_col) for r in range(2, data.max_row + 1)]
    assert any(c.value == "=1+1" and c.data_type == "s" for c in cells)
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), name  # no formula anywhere


def test_native_bar_charts(quarter: tuple[Tabulation, Path]) -> None:
    _, out = quarter
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == 3
        for name in charts:
            xml = z.read(name).decode()
            assert "<barChart>" in xml and "<barDir val=" in xml
            assert "'Tổng hợp'" in xml or "'Theo lĩnh vực'" in xml or "'Theo tiêu chí'" in xml
        content_types = z.read("[Content_Types].xml").decode()
        assert "drawingml.chart+xml" in content_types


def test_year_has_the_quarters_side_by_side(year: tuple[Tabulation, Path]) -> None:
    tab, out = year
    book = load_workbook(out)
    summary = book["Tổng hợp"]
    top = _header_row(summary, "Quý")
    quarters = [[c.value for c in summary[top + i]] for i in range(1, 6)]
    assert [q[0] for q in quarters] == ["Quý I", "Quý II", "Quý III", "Quý IV", "Cả năm"]
    assert [q[1] for q in quarters[:4]] == [t.forms for t in tab.quarters]
    assert sum(q[1] for q in quarters[:4]) == quarters[4][1] == tab.forms
    assert quarters[4][2] == 420
    fields = book["Theo lĩnh vực"]
    by_quarter = _header_row(fields, "Mã", below=5)
    total = _check_column_sums(fields, by_quarter, len(tab.by_field), range(2, 7))
    assert total[2:7] == [*(t.forms for t in tab.quarters), tab.forms]
    assert "Năm 2026" in summary["A2"].value
    value = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(5, top)}
    assert value["Chỉ tiêu số phiếu của năm"] == 420


def test_mixed_versions_show_the_not_asked_column(tmp_path: Path, xa22: Questionnaire,
                                                  sipas: Questionnaire) -> None:
    rng = random.Random(2)
    forms = make_forms(rng, sipas, 10, date(2026, 7, 1), 20) + make_forms(
        rng, xa22, 20, date(2026, 8, 1), 20, serial_start=11)
    tab = tabulate(forms, xa22, SETTINGS, Period(2026, 3), today=TODAY)
    out = tmp_path / "mixed.xlsx"
    pairs = [(f, "TP") for f in forms]
    write_report_xlsx(tab, out, raw=raw_table(pairs, [xa22, sipas]), created=CREATED)
    book = load_workbook(out)
    items = book["Theo tiêu chí"]
    assert items.cell(4, 16).value == "Không có trong mẫu phiếu đã dùng"
    assert items.cell(5, 16).value == tab.items[0].not_asked > 0
    header = [c.value for c in book["Dữ liệu phiếu"][1]]
    assert "TC1" in header and "S15" in header
    summary = {r[0]: r[1] for r in _rows(book["Tổng hợp"]) if r and r[0]}
    assert "sipas-2021@2021.1" in summary["Các mẫu phiếu trong kỳ"]


def test_empty_period_still_makes_a_workbook(tmp_path: Path, xa22: Questionnaire) -> None:
    tab, out = _write(tmp_path, [], xa22, Period(2026, 1))
    book = load_workbook(out)
    assert book["Ý kiến"]["A5"].value == "Không có ý kiến nào trong kỳ."
    assert book["Dữ liệu phiếu"].max_row == 1
    assert tab.forms == 0


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, xa22: Questionnaire,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tab = tabulate([], xa22, SETTINGS, Period(2026, 1), today=TODAY)
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"the clerk's previous report")

    def broken_save(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(report_xlsx.Workbook, "save", broken_save)
    with pytest.raises(OSError):
        write_report_xlsx(tab, out, raw=raw_table([], [xa22]))
    assert out.read_bytes() == b"the clerk's previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
