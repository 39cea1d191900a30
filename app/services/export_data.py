"""Raw data export: one row per form, the layout documented in docs/formats.md.

CSV is UTF-8 with a BOM so that Excel shows Vietnamese right. A text cell that a spreadsheet
would read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with an
apostrophe, so it stays text (formula injection, DOMAIN.md §4).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from app.domain.raw_data import (
    FIXED_HEAD,
    FIXED_TAIL,
    RawTable,
    csv_cells,
    neutralise_formula,
    question_columns,
    raw_table,
)
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

__all__ = ["FIXED_HEAD", "FIXED_TAIL", "export_csv", "export_rows", "iter_csv_lines",
           "neutralise_formula", "question_columns", "raw_data_table"]


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


def export_rows(ws: Workspace, year: int) -> tuple[list[str], list[list[str]]]:
    """The year's forms as CSV text: header and rows."""
    table = raw_data_table(ws, year)
    return list(table.header), [csv_cells(table, row) for row in table.rows]


def iter_csv_lines(header: list[str], rows: list[list[str]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def export_csv(ws: Workspace, year: int, out: Path) -> int:
    """Write the year's forms to ``out`` (temp file then rename); return the row count."""
    header, rows = export_rows(ws, year)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            for line in iter_csv_lines(header, rows):
                f.write(line)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return len(rows)
