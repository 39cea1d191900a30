"""Reading raw data rows back (the import of docs/formats.md "Raw data"): pure, no I/O.

The import accepts exactly what the export writes (app.domain.raw_data) and what a clerk keyed
in a spreadsheet in the same layout. Every cell is checked; a problem is an ``Issue`` (code +
params), and the row number it belongs to is kept by the caller, as the spreadsheet shows it.

Cells come typed from XLSX (``int``, ``float``, ``datetime``…) and as text from CSV; both go
through the same checks. Header names match case-insensitively, surrounding spaces ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property

from app.domain.dates import check_survey_date, parse_survey_date
from app.domain.forms import FormRecord, FormStatus, Issue, clean_opinion, parse_serial
from app.domain.questionnaire import (
    BLANK,
    UNREADABLE,
    ChoiceOption,
    Question,
    QuestionKind,
    Questionnaire,
)
from app.domain.raw_data import DATETIME_FORMAT, FIXED_HEAD, FIXED_TAIL, FORMULA_STARTS
from app.domain.text import nfc

Cell = str | int | float | bool | date | datetime | time | None
REQUIRED_COLUMNS = FIXED_HEAD  # serial, date, field; the tail columns may be left out
_ANSWER_TEXT = re.compile(r"\d{1,2}")


def cell_text(value: Cell) -> str:
    """A cell as trimmed NFC text; whole numbers without ".0", dates dd/mm/yyyy."""
    if isinstance(value, str):
        return nfc(value).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime(DATETIME_FORMAT)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value)).strip()


def strip_formula_escape(text: str) -> str:
    """Undo the export's formula neutralising: drop the one apostrophe it put in front."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        return text[1:]
    return text


@dataclass(frozen=True)
class ColumnMap:
    """Where each known column is in the file (0-based), by its canonical name."""

    index: Mapping[str, int]

    @cached_property
    def answer_columns(self) -> tuple[str, ...]:
        return tuple(name for name in self.index if name not in FIXED_HEAD + FIXED_TAIL)

    def has(self, name: str) -> bool:
        return name in self.index

    def get(self, cells: Sequence[Cell], name: str) -> Cell:
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def text(self, cells: Sequence[Cell], name: str) -> str:
        return cell_text(self.get(cells, name))


def map_header(header: Sequence[Cell], question_codes: set[str]) -> ColumnMap | list[Issue]:
    """The columns of a header row, or every problem with it (nothing is imported then).

    ``question_codes``: answer columns any known questionnaire has. A column without a name is
    ignored (spreadsheets often carry empty formatted columns at the right).
    """
    fixed = {name.casefold(): name for name in (*FIXED_HEAD, *FIXED_TAIL)}
    answers = {code.casefold(): code for code in question_codes}
    index: dict[str, int] = {}
    unknown: list[str] = []
    duplicates: list[str] = []
    for position, value in enumerate(header):
        name = cell_text(value).lstrip("\ufeff").strip()
        if not name:
            continue
        canonical = fixed.get(name.casefold()) or answers.get(name.casefold())
        if canonical is None:
            unknown.append(name)
        elif canonical in index:
            duplicates.append(canonical)
        else:
            index[canonical] = position
    issues: list[Issue] = []
    if not index and not unknown:
        return [Issue("header_empty")]
    missing = [name for name in REQUIRED_COLUMNS if name not in index]
    if missing:
        issues.append(Issue("column_missing", {"columns": missing}))
    if unknown:
        issues.append(Issue("column_unknown", {"columns": unknown}))
    if duplicates:
        issues.append(Issue("column_duplicate", {"columns": sorted(set(duplicates))}))
    return issues or ColumnMap(index)


def missing_answer_columns(columns: ColumnMap, questionnaire: Questionnaire) -> list[str]:
    return [q.code for q in questionnaire.questions
            if q.kind is not QuestionKind.FIELD and not columns.has(q.code)]


@dataclass(frozen=True)
class RowRules:
    """What a row is checked against: the unit's settings and the known questionnaires."""

    questionnaires: Mapping[str, Questionnaire]  # "id@version" -> definition (unit's fields)
    default_questionnaire: str  # used when the file has no questionnaire column or it is empty
    fields: tuple[ChoiceOption, ...]
    working_year: int
    today: date
    csv_escapes: bool  # CSV text carries the export's formula apostrophe; XLSX text does not

    @cached_property
    def _answer_questions(self) -> dict[str, tuple[Question, ...]]:
        return {ref: tuple(q for q in each.questions if q.kind is not QuestionKind.FIELD)
                for ref, each in self.questionnaires.items()}

    def answer_questions(self, questionnaire: Questionnaire) -> tuple[Question, ...]:
        """The questions answered in answer columns (all but the field of service)."""
        return self._answer_questions[f"{questionnaire.id}@{questionnaire.version}"]


@dataclass(frozen=True)
class ParsedRow:
    row: int  # as the spreadsheet shows it (header = 1)
    record: FormRecord  # operator and keyed_at are set by whoever writes it
    field_code: str
    source_operator: str
    source_keyed_at: str


def questionnaire_ref_of(cells: Sequence[Cell], columns: ColumnMap, rules: RowRules) -> str:
    return columns.text(cells, "questionnaire") or rules.default_questionnaire


def parse_row(row: int, cells: Sequence[Cell], columns: ColumnMap, rules: RowRules
              ) -> ParsedRow | list[Issue]:
    """One data row as a form ready to store, or every problem of the row."""
    issues: list[Issue] = []
    serial = parse_serial(columns.text(cells, "serial"))
    if isinstance(serial, Issue):
        issues.append(serial)
    survey_date = _survey_date(columns.get(cells, "date"), rules)
    if isinstance(survey_date, Issue):
        issues.append(survey_date)
    ref = questionnaire_ref_of(cells, columns, rules)
    questionnaire = rules.questionnaires.get(ref)
    if questionnaire is None:
        issues.append(Issue("questionnaire_unknown", {"text": ref}))
    field_code = columns.text(cells, "field").upper()
    field_answer = _field_answer(field_code, rules.fields)
    if isinstance(field_answer, Issue):
        issues.append(field_answer)
    answers: dict[str, int] = {}
    if questionnaire is not None:
        if not isinstance(field_answer, Issue):
            answers[questionnaire.field_question.code] = field_answer
        issues.extend(_answers(cells, columns, questionnaire, rules, answers))
    opinion_text = columns.text(cells, "opinion")
    if rules.csv_escapes:
        opinion_text = strip_formula_escape(opinion_text)
    opinion = clean_opinion(opinion_text)
    if questionnaire is not None and len(opinion) > questionnaire.opinion.max_length:
        issues.append(Issue("opinion_too_long", {"max": questionnaire.opinion.max_length,
                                                 "length": len(opinion)}))
    status = _status(columns.text(cells, "status"))
    if isinstance(status, Issue):
        issues.append(status)
    if issues:
        return issues
    assert questionnaire is not None and isinstance(serial, int)
    assert isinstance(survey_date, date) and isinstance(status, FormStatus)
    operator = columns.text(cells, "operator")
    record = FormRecord(serial=serial, survey_date=survey_date,
                        questionnaire_id=questionnaire.id,
                        questionnaire_version=questionnaire.version, answers=answers,
                        opinion=opinion, status=status)
    return ParsedRow(row, record, field_code,
                     strip_formula_escape(operator) if rules.csv_escapes else operator,
                     columns.text(cells, "keyed_at"))


def _survey_date(value: Cell, rules: RowRules) -> date | Issue:
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return check_survey_date(day, today=rules.today, working_year=rules.working_year) or day
    return parse_survey_date(cell_text(value), today=rules.today,
                             working_year=rules.working_year)


def _field_answer(code: str, fields: Sequence[ChoiceOption]) -> int | Issue:
    if not code:
        return Issue("field_empty")
    if code in (str(BLANK), str(UNREADABLE)):
        return int(code)
    for position, option in enumerate(fields, start=1):
        if option.code == code:
            return position
    return Issue("field_unknown", {"code": code, "allowed": [f.code for f in fields]})


def _answers(cells: Sequence[Cell], columns: ColumnMap, questionnaire: Questionnaire,
             rules: RowRules, answers: dict[str, int]) -> list[Issue]:
    issues: list[Issue] = []
    own = rules.answer_questions(questionnaire)
    for question in own:
        text = columns.text(cells, question.code)
        if not text:
            issues.append(Issue("answer_empty", {"code": question.code}))
        elif not _ANSWER_TEXT.fullmatch(text):
            issues.append(Issue("answer_not_number", {"code": question.code, "text": text}))
        elif not question.accepts(int(text)):
            issues.append(Issue("answer_out_of_range", {"code": question.code,
                                                        "answer": int(text),
                                                        "max": question.option_count}))
        else:
            answers[question.code] = int(text)
    if len(columns.answer_columns) > len(own):
        codes = {q.code for q in own}
        foreign = [name for name in columns.answer_columns
                   if name not in codes and columns.text(cells, name)]
        if foreign:
            issues.append(Issue("answer_not_in_questionnaire", {
                "codes": foreign,
                "questionnaire": f"{questionnaire.id}@{questionnaire.version}"}))
    return issues


def _status(text: str) -> FormStatus | Issue:
    if not text:
        return FormStatus.ACTIVE
    try:
        return FormStatus(text.casefold())
    except ValueError:
        return Issue("status_unknown", {"text": text})
