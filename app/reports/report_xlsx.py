"""The XLSX report of a quarter or a year (issue 4 part 4), written with openpyxl.

Sheets: Tổng hợp, Theo lĩnh vực, Theo tiêu chí, Người trả lời, Dữ liệu phiếu, Ý kiến. Every
figure is a value taken from the ``Tabulation`` (no formulas: a reader that does not compute,
such as a previewer or a script, sees the same numbers as the PDF), and every share sits in
the same row as the counts it comes from. Counts use ``#,##0``, shares ``0.0%``, means ``0.00``,
dates ``dd/mm/yyyy``: Excel and LibreOffice show them with the reader's locale separators
(1.234; 60,4%) on a Vietnamese system.

Text never becomes a formula (DOMAIN.md §4): every text cell is stored as a string cell with the
quote prefix, so "=1+1" typed as an opinion stays the four characters "=1+1".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.forms import format_serial
from app.domain.periods import ROMAN
from app.domain.raw_data import RawTable
from app.domain.tabulation import LEVELS, LevelCounts, Tabulation
from app.domain.text import nfc

SHEET_SUMMARY = "Tổng hợp"
SHEET_FIELDS = "Theo lĩnh vực"
SHEET_ITEMS = "Theo tiêu chí"
SHEET_PROFILE = "Người trả lời"
SHEET_DATA = "Dữ liệu phiếu"
SHEET_OPINIONS = "Ý kiến"
SHEETS = (SHEET_SUMMARY, SHEET_FIELDS, SHEET_ITEMS, SHEET_PROFILE, SHEET_DATA, SHEET_OPINIONS)

COUNT_FORMAT = "#,##0"
SHARE_FORMAT = "0.0%"
MEAN_FORMAT = "0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
TEXT_FORMAT = "@"

# Rows 1-2 name the unit and the period; the first table's header is row 4 (frozen under it).
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
LEVEL_TITLES = tuple(f"Mức {level}" for level in LEVELS)

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_TOTAL_FILL = PatternFill("solid", fgColor="F1F1F1")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEADER_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")

Value = str | int | Fraction | date | datetime | None


@dataclass(frozen=True)
class Col:
    """A table column: header text, width in characters, number format for its values."""

    title: str
    width: float
    number_format: str | None = None


def _clean_text(text: str) -> str:
    # openpyxl refuses control characters outright; they carry no meaning in a report.
    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("", nfc(text))
    return cleaned


def put(sheet: Worksheet, row: int, column: int, value: Value,
        number_format: str | None = None) -> Cell:
    """Write one value: text always as a string cell (never a formula), shares as numbers."""
    cell: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _clean_text(value)
        # Assigning "=…" makes openpyxl write a formula: force a string cell, and the quote
        # prefix keeps Excel from turning it into one when the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, Fraction):
        cell.value = float(value)
    else:
        cell.value = value
    if number_format and value is not None and not isinstance(value, str):
        cell.number_format = number_format
    return cell


def _title_block(sheet: Worksheet, tab: Tabulation, heading: str, created: date) -> None:
    put(sheet, 1, 1, f"{heading} – {tab.unit_name}").font = _TITLE
    period = tab.period
    put(sheet, 2, 1,
        f"{period.title[0].upper()}{period.title[1:]} (từ {period.start:%d/%m/%Y} đến "
        f"{period.end:%d/%m/%Y}) · Mã đơn vị {tab.unit_code} · Lập ngày {created:%d/%m/%Y}")


def write_table(sheet: Worksheet, top: int, cols: Sequence[Col],
                rows: Sequence[Sequence[Value]], total: Sequence[Value] | None = None) -> int:
    """A bordered table with its header at ``top``; returns the first free row below it."""
    for c, col in enumerate(cols, start=1):
        cell = put(sheet, top, c, col.title)
        cell.font, cell.fill, cell.alignment, cell.border = _BOLD, _HEADER_FILL, _HEADER_ALIGN, _BOX
    body = [*rows, total] if total is not None else list(rows)
    for r, values in enumerate(body, start=top + 1):
        for c, (col, value) in enumerate(zip(cols, values, strict=True), start=1):
            cell = put(sheet, r, c, value, col.number_format)
            cell.border = _BOX
            if isinstance(value, str):
                cell.alignment = _WRAP
            if total is not None and r == top + len(body):
                cell.font, cell.fill = _BOLD, _TOTAL_FILL
    return top + len(body) + 2


def _set_widths(sheet: Worksheet, *tables: Sequence[Col]) -> None:
    """Column widths for the sheet's tables, and printing on landscape A4 one page wide."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    widths: dict[int, float] = {}
    for cols in tables:
        for i, col in enumerate(cols, start=1):
            widths[i] = max(widths.get(i, 0), col.width)
    for i, width in widths.items():
        sheet.column_dimensions[get_column_letter(i)].width = width


def _level_values(levels: LevelCounts) -> list[Value]:
    """Counts at levels 1..5, blank, unreadable, valid, satisfied (4+5), share, mean."""
    return [*levels.counts, levels.blank, levels.unreadable, levels.valid, levels.satisfied,
            levels.satisfaction, levels.mean]


LEVEL_COLS = (
    *(Col(t, 8, COUNT_FORMAT) for t in LEVEL_TITLES),
    Col("Bỏ trống", 9, COUNT_FORMAT),
    Col("Không đọc được", 10, COUNT_FORMAT),
    Col("Hợp lệ (mức 1–5)", 10, COUNT_FORMAT),
    Col("Hài lòng (mức 4–5)", 10, COUNT_FORMAT),
    Col("Tỷ lệ hài lòng", 10, SHARE_FORMAT),
    Col("Điểm trung bình", 10, MEAN_FORMAT),
)


def _bar_chart(sheet: Worksheet, title: str, data: Reference, categories: Reference,
               anchor: str, *, share: bool, horizontal: bool = False) -> None:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.legend = None
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    chart.y_axis.numFmt = "0%" if share else "#,##0"
    chart.y_axis.scaling.min = 0
    if share:
        chart.y_axis.scaling.max = 1
    # openpyxl 3.1 marks axes deleted unless told otherwise: Excel would draw no scale.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 18, 9 if not horizontal else 14
    sheet.add_chart(chart, anchor)


# -- Tổng hợp ------------------------------------------------------------------------------------

KEY_COLS = (Col("Chỉ tiêu", 46), Col("Giá trị", 16))
COMPONENT_COLS = (Col("Yếu tố", 46), Col("Tên", 16), *LEVEL_COLS)


def _key_figures(tab: Tabulation) -> list[tuple[str, Value, str | None]]:
    quota, overall = tab.quota, tab.overall
    kind = "năm" if tab.period.is_year else "quý"
    rows: list[tuple[str, Value, str | None]] = [
        ("Số phiếu hợp lệ của kỳ", tab.forms, COUNT_FORMAT),
        (f"Chỉ tiêu số phiếu của {kind}", quota.target, COUNT_FORMAT),
        ("Tỷ lệ đạt chỉ tiêu", quota.attainment if quota.target else None, SHARE_FORMAT),
    ]
    if not tab.period.is_year:
        rows += [
            ("Số phiếu từ đầu năm đến hết kỳ", quota.year_forms, COUNT_FORMAT),
            ("Chỉ tiêu số phiếu của năm", quota.yearly_target, COUNT_FORMAT),
        ]
    rows += [
        ("Số phiếu mỗi tuần còn cần để đạt chỉ tiêu năm", quota.per_week_needed, COUNT_FORMAT),
        ("Phiếu đã hủy (không tính)", tab.voided, COUNT_FORMAT),
        ("Tổng số câu trả lời đánh giá", overall.total, COUNT_FORMAT),
        ("Câu trả lời hợp lệ (mức 1–5)", overall.valid, COUNT_FORMAT),
        ("Câu trả lời bỏ trống", overall.blank, COUNT_FORMAT),
        ("Câu trả lời không đọc được", overall.unreadable, COUNT_FORMAT),
        ("Câu trả lời hài lòng (mức 4–5)", overall.satisfied, COUNT_FORMAT),
        ("Tỷ lệ hài lòng chung", overall.satisfaction, SHARE_FORMAT),
        ("Điểm trung bình chung (1–5)", overall.mean, MEAN_FORMAT),
    ]
    change = tab.change
    if change is not None:
        previous = change.previous_period.title
        rows += [
            (f"Số phiếu {previous}", change.previous_forms, COUNT_FORMAT),
            (f"Tỷ lệ hài lòng chung {previous}", change.previous_overall, SHARE_FORMAT),
            ("Tăng/giảm tỷ lệ hài lòng so với kỳ trước", change.overall_delta, SHARE_FORMAT),
        ]
    versions = "; ".join(f"{key}: {n} phiếu" for key, n in tab.versions)
    rows.append(("Mẫu phiếu dùng để tổng hợp",
                 f"{tab.questionnaire_id}@{tab.questionnaire_version}", None))
    if tab.mixed_versions:
        rows.append(("Các mẫu phiếu trong kỳ", versions, None))
    return rows


def _summary_sheet(sheet: Worksheet, tab: Tabulation, created: date) -> None:
    _title_block(sheet, tab, "KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG", created)
    figures = _key_figures(tab)
    cols = KEY_COLS
    row = write_table(sheet, HEADER_ROW, cols, [(label, value) for label, value, _ in figures])
    for r, (_, value, fmt) in enumerate(figures, start=FIRST_DATA_ROW):
        if fmt and value is not None and not isinstance(value, str):
            sheet.cell(row=r, column=2).number_format = fmt
    put(sheet, row, 1, "Tỷ lệ hài lòng theo yếu tố").font = _BOLD
    component_top = row + 1
    component_rows = [[f"{c.number}. {c.title}", c.code, *_level_values(c.levels)]
                      for c in tab.components]
    row = write_table(sheet, component_top, COMPONENT_COLS, component_rows,
                      total=["Chung", "", *_level_values(tab.overall)])
    share_col = 2 + len(LEVEL_COLS) - 1
    _bar_chart(
        sheet, "Tỷ lệ hài lòng theo yếu tố",
        Reference(sheet, min_col=share_col, min_row=component_top,
                  max_row=component_top + len(tab.components)),
        Reference(sheet, min_col=1, min_row=component_top + 1,
                  max_row=component_top + len(tab.components)),
        f"D{HEADER_ROW}", share=True)
    tables: list[Sequence[Col]] = [cols, COMPONENT_COLS]
    if tab.quarters:
        put(sheet, row, 1, "Các quý trong năm").font = _BOLD
        quarter_cols = (
            Col("Quý", 46), Col("Số phiếu", 16, COUNT_FORMAT),
            Col("Chỉ tiêu", 8, COUNT_FORMAT), Col("Tỷ lệ hài lòng chung", 8, SHARE_FORMAT),
            *(Col(f"Yếu tố {c.number}", 8, SHARE_FORMAT) for c in tab.components),
        )
        quarter_rows = [
            [f"Quý {ROMAN[(q.period.quarter or 1) - 1]}", q.forms, q.quota.target,
             q.overall.satisfaction, *(c.levels.satisfaction for c in q.components)]
            for q in tab.quarters
        ]
        write_table(sheet, row + 1, quarter_cols, quarter_rows,
                    total=["Cả năm", tab.forms, tab.quota.target, tab.overall.satisfaction,
                           *(c.levels.satisfaction for c in tab.components)])
        tables.append(quarter_cols)
    _set_widths(sheet, *tables)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


# -- Theo lĩnh vực -------------------------------------------------------------------------------

FIELD_COLS = (
    Col("Mã", 9), Col("Lĩnh vực", 34), Col("Số phiếu", 10, COUNT_FORMAT), *LEVEL_COLS,
    *(Col(f"Tỷ lệ {t.lower()}", 9, SHARE_FORMAT) for t in LEVEL_TITLES),
)


def _share_values(levels: LevelCounts) -> list[Value]:
    return [levels.share(level) for level in LEVELS]


def _fields_sheet(sheet: Worksheet, tab: Tabulation, created: date) -> None:
    _title_block(sheet, tab, "KẾT QUẢ THEO LĨNH VỰC", created)
    rows = [[f.code, f.label, f.forms, *_level_values(f.levels), *_share_values(f.levels)]
            for f in tab.by_field]
    total = ["", "Tổng cộng", tab.forms, *_level_values(tab.overall),
             *_share_values(tab.overall)]
    row = write_table(sheet, HEADER_ROW, FIELD_COLS, rows, total)
    tables: list[Sequence[Col]] = [FIELD_COLS]
    if tab.quarters:
        put(sheet, row, 1, "Số phiếu theo lĩnh vực và quý").font = _BOLD
        quarter_cols = (Col("Mã", 9), Col("Lĩnh vực", 34),
                        *(Col(f"Quý {r}", 10, COUNT_FORMAT) for r in ROMAN),
                        Col("Cả năm", 8, COUNT_FORMAT))
        by_quarter = [{f.code: f.forms for f in q.by_field} for q in tab.quarters]
        quarter_rows: list[list[Value]] = [
            [f.code, f.label, *(q.get(f.code, 0) for q in by_quarter), f.forms]
            for f in tab.by_field]
        row = write_table(sheet, row + 1, quarter_cols, quarter_rows,
                          total=["", "Tổng cộng", *(q.forms for q in tab.quarters), tab.forms])
        tables.append(quarter_cols)
    put(sheet, row, 1, "Số phiếu theo tháng").font = _BOLD
    month_cols = (Col("Tháng", 9), Col("Số phiếu", 34, COUNT_FORMAT))
    month_top = row + 1
    write_table(sheet, month_top, month_cols,
                [[f"{m.month:02d}/{m.year}", m.forms] for m in tab.by_month],
                total=["Cộng", tab.forms])
    tables.append(month_cols)
    _bar_chart(
        sheet, "Số phiếu theo tháng",
        Reference(sheet, min_col=2, min_row=month_top, max_row=month_top + len(tab.by_month)),
        Reference(sheet, min_col=1, min_row=month_top + 1,
                  max_row=month_top + len(tab.by_month)),
        f"D{month_top}", share=False)
    _set_widths(sheet, *tables)
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"


# -- Theo tiêu chí -------------------------------------------------------------------------------

def _items_sheet(sheet: Worksheet, tab: Tabulation, created: date) -> None:
    _title_block(sheet, tab, "KẾT QUẢ THEO TIÊU CHÍ", created)
    with_not_asked = any(item.not_asked for item in tab.items)
    cols = (Col("STT", 6), Col("Mã", 8), Col("Tiêu chí", 60), Col("Yếu tố", 8), *LEVEL_COLS,
            *((Col("Không có trong mẫu phiếu đã dùng", 12, COUNT_FORMAT),)
              if with_not_asked else ()))
    rows: list[list[Value]] = [
        [item.number, item.code, item.text, item.component or "",
         *_level_values(item.levels), *((item.not_asked,) if with_not_asked else ())]
        for item in tab.items
    ]
    total = ["", "", "Chung", "", *_level_values(tab.overall),
             *((sum(item.not_asked for item in tab.items),) if with_not_asked else ())]
    write_table(sheet, HEADER_ROW, cols, rows, total)
    share_col = 4 + len(LEVEL_COLS) - 1
    _bar_chart(
        sheet, "Tỷ lệ hài lòng theo tiêu chí",
        Reference(sheet, min_col=share_col, min_row=HEADER_ROW,
                  max_row=HEADER_ROW + len(tab.items)),
        Reference(sheet, min_col=2, min_row=FIRST_DATA_ROW, max_row=HEADER_ROW + len(tab.items)),
        f"A{HEADER_ROW + len(tab.items) + 4}", share=True, horizontal=True)
    _set_widths(sheet, cols)
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"


# -- Người trả lời -------------------------------------------------------------------------------

PROFILE_COLS = (Col("Câu hỏi", 28), Col("Mã", 6), Col("Lựa chọn", 36),
                Col("Số phiếu", 10, COUNT_FORMAT), Col("Tỷ lệ trên số phiếu", 12, SHARE_FORMAT))


def _profile_sheet(sheet: Worksheet, tab: Tabulation, created: date) -> None:
    _title_block(sheet, tab, "THÔNG TIN NGƯỜI TRẢ LỜI", created)
    rows: list[list[Value]] = []
    for breakdown in tab.profile:
        for option in breakdown.options:
            share = Fraction(option.count, tab.forms) if tab.forms else None
            rows.append([breakdown.text, option.code, option.label, option.count, share])
        rows.append([breakdown.text, "", "Cộng", sum(o.count for o in breakdown.options),
                     Fraction(1) if tab.forms else None])
    write_table(sheet, HEADER_ROW, PROFILE_COLS, rows)
    for r, values in enumerate(rows, start=FIRST_DATA_ROW):
        if values[2] == "Cộng" and values[1] == "":
            for c in range(1, len(PROFILE_COLS) + 1):
                sheet.cell(row=r, column=c).font = _BOLD
    _set_widths(sheet, PROFILE_COLS)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"


# -- Dữ liệu phiếu -------------------------------------------------------------------------------

def write_raw_data_sheet(sheet: Worksheet, raw: RawTable) -> None:
    """The raw data layout (app.domain.raw_data) as a sheet: header in row 1, one row per form.

    Typed cells: dates and times as dates with ``dd/mm/yyyy`` formats, answers as numbers,
    serials and codes as text (a serial keeps its zeros). Shared with the XLSX data export.
    """
    for c, name in enumerate(raw.header, start=1):
        cell = put(sheet, 1, c, name)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    for r, values in enumerate(raw.rows, start=2):
        for c, value in enumerate(values, start=1):
            if isinstance(value, datetime):
                put(sheet, r, c, value, DATETIME_FORMAT)
            elif isinstance(value, date):
                put(sheet, r, c, value, DATE_FORMAT)
            else:
                put(sheet, r, c, value)
    wide = {"opinion": 50, "keyed_at": 20, "questionnaire": 24, "operator": 14, "date": 12}
    for c, name in enumerate(raw.header, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = wide.get(name, max(6, len(name) + 2))
    sheet.freeze_panes = "B2"
    if raw.rows:
        sheet.auto_filter.ref = sheet.dimensions


# -- Ý kiến --------------------------------------------------------------------------------------

OPINION_COLS = (Col("STT", 6), Col("Số phiếu", 10), Col("Ngày", 12, DATE_FORMAT),
                Col("Lĩnh vực", 28), Col("Ý kiến", 90))


def _opinions_sheet(sheet: Worksheet, tab: Tabulation, created: date) -> None:
    _title_block(sheet, tab, "Ý KIẾN, KIẾN NGHỊ CỦA NGƯỜI DÂN", created)
    labels = {f.code: f.label for f in tab.by_field}
    rows: list[list[Value]] = [
        [i, format_serial(o.serial), o.survey_date, labels.get(o.field_code, o.field_code),
         o.text]
        for i, o in enumerate(tab.opinions, start=1)
    ]
    write_table(sheet, HEADER_ROW, OPINION_COLS, rows)
    if not rows:
        put(sheet, FIRST_DATA_ROW, 1, "Không có ý kiến nào trong kỳ.")
    _set_widths(sheet, OPINION_COLS)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    if rows:
        sheet.auto_filter.ref = f"A{HEADER_ROW}:E{HEADER_ROW + len(rows)}"


def write_report_xlsx(tab: Tabulation, out: Path, *, raw: RawTable,
                      created: date | None = None) -> None:
    """Write the workbook to ``out`` (a temporary file beside it, then renamed).

    ``raw`` holds the period's forms in the raw data layout, voided ones included, e.g.
    ``raw_table([p for p in forms if period.contains(p[0].survey_date)], [questionnaire])``.
    ``created`` is the date printed under each title (default: today).
    Raises ``OSError`` when ``out`` cannot be written; nothing at ``out`` changes then.
    """
    created = created or date.today()
    book = Workbook()
    sheets = [book.active] + [book.create_sheet() for _ in SHEETS[1:]]
    for sheet, name in zip(sheets, SHEETS, strict=True):
        assert sheet is not None
        sheet.title = name
    summary, fields, items, profile, data, opinions = sheets
    assert summary and fields and items and profile and data and opinions
    _summary_sheet(summary, tab, created)
    _fields_sheet(fields, tab, created)
    _items_sheet(items, tab, created)
    _profile_sheet(profile, tab, created)
    write_raw_data_sheet(data, raw)
    _opinions_sheet(opinions, tab, created)
    book.properties.title = f"Kết quả khảo sát {tab.period.title} – {tab.unit_name}"
    book.properties.creator = "khaosat"
    tmp = out.with_name(f".{out.name}.part")
    try:
        book.save(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
