"""The raw data layout: one row per form (docs/formats.md, "Raw data CSV").

One definition of the columns and of each form's values, shared by the CSV export, the XLSX
export, the "Dữ liệu phiếu" sheet of the XLSX report and the import that reads them back.
Pure: the values are typed (``date``, ``datetime``, ``int``, ``str``, ``None``); each writer
turns them into its own cells: ``csv_cells`` for CSV text, typed cells for XLSX.

Formula injection (DOMAIN.md §4): a free-text cell starting like a formula (``=``, ``+``, ``-``,
``@``, a tab or a carriage return) must never be evaluated by a spreadsheet. CSV has no cell
types, so ``csv_cells`` prefixes such text with an apostrophe; an XLSX writer stores it as a
string cell instead (the text is kept exactly). ``TEXT_COLUMNS`` names the columns concerned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.forms import FormRecord, format_serial
from app.domain.questionnaire import QuestionKind, Questionnaire

FIXED_HEAD = ("serial", "date", "field")
FIXED_TAIL = ("opinion", "status", "operator", "keyed_at", "questionnaire")
# Free text a person typed: the only columns whose content is not a code, number or date.
TEXT_COLUMNS = ("opinion", "operator")
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M:%S"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

RawValue = str | int | date | datetime | None


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """CSV text a spreadsheet cannot evaluate: an apostrophe before a formula-like start.

    Text already starting with an apostrophe gets one more, so that the import, which strips
    exactly one apostrophe before such a start, gives back every text unchanged.
    """
    return "'" + text if looks_like_formula(text) or text.startswith("'") else text


def question_columns(questionnaires: Iterable[Questionnaire]) -> list[str]:
    """Answer columns: every non-field question code, first seen first."""
    seen: list[str] = []
    for q in questionnaires:
        for question in q.questions:
            if question.kind is not QuestionKind.FIELD and question.code not in seen:
                seen.append(question.code)
    return seen


@dataclass(frozen=True)
class RawTable:
    """Header and one row of typed values per form, in the order given."""

    header: tuple[str, ...]
    rows: tuple[tuple[RawValue, ...], ...]

    def column(self, name: str) -> int:
        return self.header.index(name)

    @property
    def text_column_indexes(self) -> tuple[int, ...]:
        return tuple(self.header.index(name) for name in TEXT_COLUMNS)


def raw_row(record: FormRecord, field_code: str, answer_codes: Sequence[str]
            ) -> tuple[RawValue, ...]:
    """One form's values; an answer the form's questionnaire does not have is ``None``."""
    return (
        format_serial(record.serial),
        record.survey_date,
        field_code,
        *(record.answers.get(code) for code in answer_codes),
        record.opinion,
        str(record.status),
        record.operator,
        record.keyed_at,
        f"{record.questionnaire_id}@{record.questionnaire_version}",
    )


def raw_table(forms: Iterable[tuple[FormRecord, str]],
              questionnaires: Iterable[Questionnaire]) -> RawTable:
    """The table for forms given as (record, stored field code) pairs, ordered by serial.

    ``questionnaires`` gives the answer columns: the unit's current one first, then the other
    versions the forms were keyed under.
    """
    answer_codes = question_columns(questionnaires)
    ordered = sorted(forms, key=lambda pair: (pair[0].survey_date.year, pair[0].serial))
    return RawTable(
        header=(*FIXED_HEAD, *answer_codes, *FIXED_TAIL),
        rows=tuple(raw_row(record, code, answer_codes) for record, code in ordered),
    )


def csv_text(value: RawValue) -> str:
    """A value as CSV text: dates dd/mm/yyyy, times dd/mm/yyyy HH:MM:SS, missing as ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def csv_cells(table: RawTable, row: tuple[RawValue, ...]) -> list[str]:
    """A row as CSV text, free-text cells neutralised against formula injection."""
    text_indexes = set(table.text_column_indexes)
    return [
        neutralise_formula(csv_text(value)) if i in text_indexes else csv_text(value)
        for i, value in enumerate(row)
    ]
