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

from app.domain.forms import FormRecord, format_serial
from app.domain.questionnaire import QuestionKind, Questionnaire
from app.services.workspace import Workspace
from app.storage.repository import FormFilter

FIXED_HEAD = ("serial", "date", "field")
FIXED_TAIL = ("opinion", "status", "operator", "keyed_at", "questionnaire")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def question_columns(questionnaires: list[Questionnaire]) -> list[str]:
    """Answer columns: every non-field question code, first seen first."""
    seen: list[str] = []
    for q in questionnaires:
        for question in q.questions:
            if question.kind is not QuestionKind.FIELD and question.code not in seen:
                seen.append(question.code)
    return seen


def export_rows(ws: Workspace, year: int) -> tuple[list[str], list[list[str]]]:
    forms = ws.store.list_forms(FormFilter(year=year))
    forms.sort(key=lambda pair: pair[0].serial)
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
    answer_codes = question_columns(questionnaires)
    header = [*FIXED_HEAD, *answer_codes, *FIXED_TAIL]
    rows = [_row(record, field_code, answer_codes) for record, field_code in forms]
    return header, rows


def _row(record: FormRecord, field_code: str, answer_codes: list[str]) -> list[str]:
    answers = [str(record.answers[c]) if c in record.answers else "" for c in answer_codes]
    keyed = record.keyed_at.strftime("%d/%m/%Y %H:%M:%S") if record.keyed_at else ""
    return [
        format_serial(record.serial),
        record.survey_date.strftime("%d/%m/%Y"),
        field_code,
        *answers,
        neutralise_formula(record.opinion),
        str(record.status),
        neutralise_formula(record.operator),
        keyed,
        f"{record.questionnaire_id}@{record.questionnaire_version}",
    ]


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
