"""Raw data export: one row per form, the layout documented in docs/formats.md.

CSV and XLSX carry the same columns (app.domain.raw_data), and the import reads both back.
CSV is UTF-8 with a BOM so that Excel shows Vietnamese right. A text cell that a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an
apostrophe in CSV, so it stays text (formula injection, DOMAIN.md §4); XLSX has cell types, so
such text is stored as a string cell exactly as typed, never as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO

from app.atomic_files import atomic_write
from app.domain.raw_data import (
    FIXED_HEAD,
    FIXED_TAIL,
    RawTable,
    csv_cells,
    looks_like_formula,
    neutralise_formula,
    question_columns,
    raw_table,
)
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

__all__ = ["FIXED_HEAD", "FIXED_TAIL", "FORMATS", "export_csv", "export_file",
           "export_xlsx", "format_for", "iter_csv_lines", "neutralise_formula",
           "question_columns", "raw_csv_bytes", "raw_data_table", "write_raw_workbook"]

FORMATS = ("csv", "xlsx")
SHEET_TITLE = "Dữ liệu phiếu"
_DATE_FORMAT = "dd/mm/yyyy"
_DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
_WIDTHS = {"serial": 8, "date": 12, "field": 9, "opinion": 60, "status": 8, "operator": 20,
           "keyed_at": 20, "questionnaire": 24}


def raw_data_table(ws: Workspace, year: int) -> RawTable:
    """The year's forms (voided included) in the raw data layout, typed values."""
    forms = ws.store.list_forms(FormFilter(year=year))
    keys: list[tuple[str, str]] = []
    settings = ws.settings
    if settings is not None:
        keys.append((settings.questionnaire_id, settings.questionnaire_version))
    for record, _ in forms:
        key = (record.questionnaire_id, record.questionnaire_version)
        if key not in keys:
            keys.append(key)
    questionnaires = []
    for key in keys:
        try:
            questionnaires.append(ws.questionnaire(*key))
        except Exception:  # the unit's current choice may not be stored yet; forms' always are
            continue
    return raw_table(forms, questionnaires)


def iter_csv_lines(header: list[str], rows: list[list[str]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _write_atomically(out: Path, write: Callable[[IO[bytes]], object]) -> None:
    """``write`` fills a temp file next to ``out``, which then replaces ``out`` in one step:
    an error leaves the old file (if any) untouched."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(out) as f:
        write(f)


def raw_csv_bytes(table: RawTable) -> bytes:
    """The table as the raw data CSV: UTF-8 with a BOM, CRLF lines, formula-like text quoted."""
    rows = [csv_cells(table, row) for row in table.rows]
    return "".join(iter_csv_lines(list(table.header), rows)).encode("utf-8-sig")


def export_csv(ws: Workspace, year: int, out: Path) -> int:
    """Write the year's forms to ``out`` (temp file then rename); return the row count."""
    table = raw_data_table(ws, year)
    data = raw_csv_bytes(table)
    _write_atomically(out, lambda f: f.write(data))
    return len(table.rows)


def write_raw_workbook(table: RawTable, out: IO[bytes]) -> None:
    """The raw data table as a one-sheet workbook: typed cells (dates as dates, answers as
    numbers), free text as string cells that no spreadsheet evaluates, header frozen, widths
    set. Streamed (openpyxl's write-only mode): a year is written in a fraction of the time a
    cell-by-cell sheet takes, which the export budget needs."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_TITLE)
    for column, name in enumerate(table.header, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS.get(name, 6)
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def header_cell(name: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        return cell

    def typed(value: object) -> object:
        if isinstance(value, str):
            if not looks_like_formula(value) and value not in ERROR_CODES:
                return value  # a plain string cell; "=…" or "#N/A" would not stay text
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would take "=…" for a formula
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
            return cell
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _DATETIME_FORMAT
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _DATE_FORMAT
            return cell
        return value

    text_columns = set(table.text_column_indexes)
    sheet.append([header_cell(name) for name in table.header])
    for row in table.rows:
        sheet.append([typed("" if value is None else str(value)) if i in text_columns
                      else typed(value) for i, value in enumerate(row)])
    book.save(out)


def export_xlsx(ws: Workspace, year: int, out: Path) -> int:
    """Write the year's forms as an XLSX workbook (one sheet, the CSV's columns)."""
    table = raw_data_table(ws, year)
    _write_atomically(out, lambda f: write_raw_workbook(table, f))
    return len(table.rows)


def format_for(out: Path, requested: str | None = None) -> str | None:
    """The format asked for, else the one the file name says; None when neither is known."""
    if requested:
        return requested.lower() if requested.lower() in FORMATS else None
    suffix = out.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def export_file(ws: Workspace, year: int, out: Path, file_format: str) -> int:
    """Export in ``file_format`` ("csv" or "xlsx"); returns the number of forms written."""
    writer = {"csv": export_csv, "xlsx": export_xlsx}[file_format]
    return writer(ws, year, out)
