"""The raw data layout shared by the CSV/XLSX exports, the report's data sheet and the import."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.forms import FormRecord, FormStatus
from app.domain.questionnaire import Questionnaire
from app.domain.raw_data import (
    FIXED_HEAD,
    FIXED_TAIL,
    csv_cells,
    looks_like_formula,
    neutralise_formula,
    raw_table,
)


def _record(serial: int, q: Questionnaire, opinion: str = "", **kw: object) -> FormRecord:
    answers = {question.code: 1 for question in q.questions}
    return FormRecord(serial=serial, survey_date=date(2026, 7, serial % 28 + 1),
                      questionnaire_id=q.id, questionnaire_version=q.version, answers=answers,
                      opinion=opinion, operator="Lan",
                      keyed_at=datetime(2026, 7, 30, 8, 5, 9), **kw)  # type: ignore[arg-type]


def test_columns_and_typed_values(xa22: Questionnaire, sipas: Questionnaire) -> None:
    forms = [(_record(12, xa22), "TP"), (_record(3, sipas, status=FormStatus.VOID), "0")]
    table = raw_table(forms, [xa22, sipas])
    answer_codes = [q.code for q in xa22.questions[1:]]
    extra = [q.code for q in sipas.questions[1:] if q.code not in answer_codes]
    assert table.header == (*FIXED_HEAD, *answer_codes, *extra, *FIXED_TAIL)
    first, second = table.rows  # ordered by serial
    assert first[:3] == ("0003", date(2026, 7, 4), "0")
    assert second[:3] == ("0012", date(2026, 7, 13), "TP")
    assert second[table.column("TC1")] == 1
    assert first[table.column("TC1")] is None  # not on the SIPAS form
    assert first[table.column("status")] == "void"
    assert first[table.column("keyed_at")] == datetime(2026, 7, 30, 8, 5, 9)
    assert first[table.column("questionnaire")] == f"{sipas.id}@{sipas.version}"


def test_csv_cells_format_dates_and_neutralise_only_free_text(xa22: Questionnaire) -> None:
    table = raw_table([(_record(7, xa22, opinion="=1+1"), "TP")], [xa22])
    cells = csv_cells(table, table.rows[0])
    assert cells[table.column("date")] == "08/07/2026"
    assert cells[table.column("keyed_at")] == "30/07/2026 08:05:09"
    assert cells[table.column("opinion")] == "'=1+1"
    assert cells[table.column("TC1")] == "1"


def test_formula_starts() -> None:
    for text in ("=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"):
        assert looks_like_formula(text)
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("Tốt") == "Tốt"
    assert neutralise_formula("") == ""
